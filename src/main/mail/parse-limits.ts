/** Limits on parsing untrusted MIME (issue 3: nesting depth, part count, header size, time). */
export const PARSE_LIMITS = {
  maxNestingDepth: 32,
  maxHeadersSize: 256 * 1024,
  maxParts: 500,
  /** Text and HTML kept per message (characters). */
  maxTextChars: 1_000_000,
  /** Bytes of source fetched per message; larger mails are fetched up to here (attachments on demand). */
  maxFetchBytes: 1024 * 1024,
  timeoutMs: 5_000,
} as const

export interface ParseRequest {
  id: number
  raw: Uint8Array
}

export type ParseResponse =
  | {
      id: number
      ok: true
      text: string | null
      html: string | null
      attachments: { filename: string | null; mimeType: string; size: number }[]
    }
  | { id: number; ok: false; error: string }
