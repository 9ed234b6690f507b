/**
 * Subject normalisation for the guarded subject fallback of threading (JWZ step 5,
 * https://www.jwz.org/doc/threading.html) and for display.
 *
 * Reply and forward prefixes vary by client and language: `Re:`, `RE:`, `Re[2]:`, `Re(2):`,
 * `AW:` (German Antwort), `SV:` (Scandinavian Svar), `VS:` (Finnish), `Odp:` (Polish),
 * `RIF:`/`R:` (Italian), `Ref:`, `Fwd:`, `FW:`, `WG:` (German Weitergeleitet), `TR:` (French
 * transféré), `Enc:` (Portuguese encaminhado), plus mailing-list tags like `[support]`.
 */
const PREFIX =
  /^\s*(?:(?:re|aw|sv|vs|odp|rif|r|ref|antwort|antw|wg|fwd?|fw|tr|enc|doorst|vl|rv)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]|\[[^\]]{1,40}\])\s*/i

export interface NormalisedSubject {
  /** Lower-cased, prefixes stripped, whitespace collapsed: the comparison key. */
  key: string
  /** Whether any reply/forward prefix was present (a hint the message is not a thread root). */
  isReply: boolean
}

export function normaliseSubject(subject: string | null | undefined): NormalisedSubject {
  let s = (subject ?? '').normalize('NFC').replace(/\s+/g, ' ').trim()
  let isReply = false
  for (let i = 0; i < 20; i++) {
    const m = PREFIX.exec(s)
    if (!m) break
    if (!m[0].trim().startsWith('[')) isReply = true
    s = s.slice(m[0].length)
  }
  // Trailing "(fwd)" from old clients.
  s = s.replace(/\s*\(fwd\)\s*$/i, '').trim()
  return { key: s.toLowerCase(), isReply }
}

/**
 * A normalised subject too generic to join threads on: short or one of the words buyers use
 * for unrelated mails ("order", "question"). The subject fallback never uses these.
 */
const GENERIC = new Set([
  '',
  'order',
  'orders',
  'question',
  'questions',
  'inquiry',
  'enquiry',
  'request',
  'help',
  'hello',
  'hi',
  'info',
  'information',
  'invoice',
  'quote',
  'no subject',
  '(no subject)',
  'urgent',
  'test',
  'anfrage',
  'bestellung',
  'rechnung',
  'angebot',
])

export function isGenericSubject(key: string): boolean {
  return key.length < 6 || GENERIC.has(key)
}
