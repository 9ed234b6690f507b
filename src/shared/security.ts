/**
 * The renderer's Content Security Policy, served by web mode as a header and set by the
 * Electron shell on every response. No inline or eval'd script; no plugins; no framing of
 * the console; mail HTML is shown in sandboxed frames made from srcdoc.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // Remote images only ever appear inside mail frames, whose own stricter policy blocks them
  // until the agent chooses "load images" for that message or sender.
  "img-src 'self' data: blob: https: http:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')
