/**
 * A small MIME writer for generated demo mail.
 *
 * Written by hand rather than with nodemailer's composer because the demo mailbox must look
 * like mail from many different clients: legacy charsets (ISO-8859-1, windows-1252),
 * 8bit, quoted-printable and base64 bodies, RFC 2047 encoded words in either charset, and
 * RFC 2231 file names — and it must be byte-for-byte deterministic (boundaries come from
 * the caller's seeded generator, never from the clock or `Math.random`).
 *
 * Lines end in CRLF (RFC 5322 §2.1). Only what the generator needs is implemented; this is
 * not a general-purpose composer.
 */

export type Charset = 'utf-8' | 'iso-8859-1' | 'windows-1252' | 'us-ascii'
export type TransferEncoding = '7bit' | '8bit' | 'quoted-printable' | 'base64'

export interface LeafPart {
  kind: 'leaf'
  /** e.g. `text/plain`, `application/pdf`. */
  contentType: string
  /** Only for text parts. */
  charset?: Charset
  /** Extra Content-Type parameters, e.g. `format=flowed`. */
  params?: readonly (readonly [string, string])[]
  body: string | Buffer
  transferEncoding: TransferEncoding
  disposition?: { type: 'inline' | 'attachment'; filename: string }
  contentId?: string
  /** How the file name is written: RFC 2231 (`filename*=`), RFC 2047 words (Outlook style), or both. */
  filenameStyle?: 'rfc2231' | 'rfc2047' | 'both'
}

export interface MultiPart {
  kind: 'multipart'
  subtype: 'mixed' | 'alternative' | 'related'
  boundary: string
  parts: readonly MimePart[]
}

export type MimePart = LeafPart | MultiPart

const CRLF = '\r\n'

/** windows-1252's printable characters in 0x80–0x9F; the rest of the code page equals ISO-8859-1. */
const CP1252_HIGH: ReadonlyMap<string, number> = new Map([
  ['€', 0x80],
  ['‚', 0x82],
  ['ƒ', 0x83],
  ['„', 0x84],
  ['…', 0x85],
  ['†', 0x86],
  ['‡', 0x87],
  ['ˆ', 0x88],
  ['‰', 0x89],
  ['Š', 0x8a],
  ['‹', 0x8b],
  ['Œ', 0x8c],
  ['Ž', 0x8e],
  ['‘', 0x91],
  ['’', 0x92],
  ['“', 0x93],
  ['”', 0x94],
  ['•', 0x95],
  ['–', 0x96],
  ['—', 0x97],
  ['˜', 0x98],
  ['™', 0x99],
  ['š', 0x9a],
  ['›', 0x9b],
  ['œ', 0x9c],
  ['ž', 0x9e],
  ['Ÿ', 0x9f],
])

/** Encodes text in a charset; characters the charset lacks become `?`, as legacy clients do. */
export function encodeCharset(text: string, charset: Charset): Buffer {
  if (charset === 'utf-8') return Buffer.from(text, 'utf8')
  const bytes: number[] = []
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f
    if (code < 0x80) bytes.push(code)
    else if (charset === 'us-ascii') bytes.push(0x3f)
    else if (charset === 'windows-1252' && CP1252_HIGH.has(ch))
      bytes.push(CP1252_HIGH.get(ch) ?? 0x3f)
    else if (code >= 0xa0 && code <= 0xff) bytes.push(code)
    else bytes.push(0x3f)
  }
  return Buffer.from(bytes)
}

/** True when every character of the text exists in the charset. */
export function fitsCharset(text: string, charset: Charset): boolean {
  if (charset === 'utf-8') return true
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    if (code < 0x80) continue
    if (charset === 'us-ascii') return false
    if (charset === 'windows-1252' && CP1252_HIGH.has(ch)) continue
    if (code < 0xa0 || code > 0xff) return false
  }
  return true
}

export function isAscii(text: string): boolean {
  return /^[\x20-\x7e\t\r\n]*$/.test(text)
}

/** Normalizes line breaks to CRLF. */
export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, CRLF)
}

/**
 * Quoted-printable (RFC 2045 §6.7) of already charset-encoded bytes with CRLF line breaks:
 * hard breaks stay CRLF, lines are soft-wrapped at 76 characters, trailing white space is
 * encoded so that transports that strip it do not change the text.
 */
export function encodeQuotedPrintable(data: Buffer): string {
  const out: string[] = []
  let start = 0
  const lines: Buffer[] = []
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0x0d && data[i + 1] === 0x0a) {
      lines.push(data.subarray(start, i))
      start = i + 2
      i++
    }
  }
  lines.push(data.subarray(start))
  for (const line of lines) {
    let current = ''
    for (let i = 0; i < line.length; i++) {
      const byte = line[i] ?? 0
      const last = i === line.length - 1
      let token: string
      if ((byte === 0x20 || byte === 0x09) && last)
        token = `=${byte.toString(16).toUpperCase().padStart(2, '0')}`
      else if ((byte >= 33 && byte <= 126 && byte !== 61) || byte === 0x20 || byte === 0x09)
        token = String.fromCharCode(byte)
      else token = `=${byte.toString(16).toUpperCase().padStart(2, '0')}`
      if (current.length + token.length > 75) {
        out.push(`${current}=`)
        current = ''
      }
      current += token
    }
    out.push(current)
  }
  return out.join(CRLF)
}

/** Base64 wrapped at 76 characters (RFC 2045 §6.8). */
export function encodeBase64(data: Buffer): string {
  const b64 = data.toString('base64')
  const lines: string[] = []
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76))
  return lines.join(CRLF)
}

const CHARSET_LABEL: Readonly<Record<Charset, string>> = {
  'utf-8': 'UTF-8',
  'iso-8859-1': 'ISO-8859-1',
  'windows-1252': 'windows-1252',
  'us-ascii': 'us-ascii',
}

/**
 * RFC 2047 encoded words for a header text, split so that no word exceeds 75 characters
 * and no multi-byte character is split across words (RFC 2047 §5). Words are separated by
 * folding white space, which decoders drop between adjacent encoded words.
 */
export function encodeWords(text: string, charset: Charset, encoding: 'Q' | 'B'): string {
  const label = CHARSET_LABEL[charset]
  const prefix = `=?${label}?${encoding}?`
  const maxPayload = 75 - prefix.length - 2
  const words: string[] = []
  let current = ''
  let currentBytes: Buffer[] = []
  const flush = (): void => {
    if (encoding === 'B') {
      if (currentBytes.length > 0)
        words.push(`${prefix}${Buffer.concat(currentBytes).toString('base64')}?=`)
    } else if (current) words.push(`${prefix}${current}?=`)
    current = ''
    currentBytes = []
  }
  for (const ch of text) {
    const bytes = encodeCharset(ch, charset)
    if (encoding === 'B') {
      const nextLength = Math.ceil((Buffer.concat(currentBytes).length + bytes.length) / 3) * 4
      if (nextLength > maxPayload) flush()
      currentBytes.push(bytes)
    } else {
      let token = ''
      for (const byte of bytes) {
        if (byte === 0x20) token += '_'
        else if (
          (byte >= 0x30 && byte <= 0x39) ||
          (byte >= 0x41 && byte <= 0x5a) ||
          (byte >= 0x61 && byte <= 0x7a) ||
          byte === 0x2d ||
          byte === 0x2e
        )
          token += String.fromCharCode(byte)
        else token += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`
      }
      if (current.length + token.length > maxPayload) flush()
      current += token
    }
  }
  flush()
  return words.join(`${CRLF} `)
}

/** A header's unstructured text: plain when ASCII, else encoded words in the sender's charset. */
export function encodeHeaderText(text: string, charset: Charset, encoding: 'Q' | 'B'): string {
  if (isAscii(text)) return text
  return encodeWords(text, charset === 'us-ascii' ? 'utf-8' : charset, encoding)
}

/** `Name <addr>` with the name quoted or encoded as needed (RFC 5322 §3.4, RFC 2047 §5(3)). */
export function formatAddress(
  name: string,
  address: string,
  charset: Charset = 'utf-8',
  encoding: 'Q' | 'B' = 'Q',
): string {
  if (!name) return `<${address}>`
  if (!isAscii(name))
    return `${encodeWords(name, charset === 'us-ascii' ? 'utf-8' : charset, encoding)} <${address}>`
  if (/^[A-Za-z0-9 !#$%&'*+\-/=?^_`{|}~]+$/.test(name)) return `${name} <${address}>`
  return `"${name.replace(/(["\\])/g, '\\$1')}" <${address}>`
}

/** Folds a structured header (e.g. References) at white space so lines stay within 78 characters. */
export function foldHeader(name: string, value: string): string {
  const words = value.split(' ')
  const lines: string[] = []
  let line = `${name}:`
  for (const word of words) {
    if (line.length + 1 + word.length > 78 && line.length > name.length + 1) {
      lines.push(line)
      line = ` ${word}`
    } else line += ` ${word}`
  }
  lines.push(line)
  return lines.join(CRLF)
}

function rfc2231(value: string): string {
  return `UTF-8''${encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`
}

function encodeBody(part: LeafPart): string {
  const data =
    typeof part.body === 'string'
      ? encodeCharset(toCrlf(part.body), part.charset ?? 'utf-8')
      : part.body
  switch (part.transferEncoding) {
    case 'base64':
      return encodeBase64(data)
    case 'quoted-printable':
      return encodeQuotedPrintable(data)
    case '7bit':
    case '8bit':
      // Raw bytes: kept as latin1 code units so that Buffer.from(…, 'latin1') restores them exactly.
      return data.toString('latin1')
  }
}

function leafHeaders(part: LeafPart): string[] {
  const headers: string[] = []
  let contentType = part.contentType
  if (part.charset) contentType += `; charset="${CHARSET_LABEL[part.charset]}"`
  for (const [key, value] of part.params ?? []) contentType += `; ${key}=${value}`
  const filename = part.disposition?.filename
  const style = part.filenameStyle ?? 'rfc2231'
  if (filename && part.contentType !== 'text/plain' && part.contentType !== 'text/html') {
    if (isAscii(filename)) contentType += `;${CRLF}\tname="${filename}"`
    else if (style !== 'rfc2231')
      contentType += `;${CRLF}\tname="${encodeWords(filename, 'utf-8', 'Q')}"`
  }
  headers.push(`Content-Type: ${contentType}`)
  headers.push(`Content-Transfer-Encoding: ${part.transferEncoding}`)
  if (part.contentId) headers.push(`Content-ID: <${part.contentId}>`)
  if (part.disposition) {
    let disposition = part.disposition.type
    if (isAscii(part.disposition.filename))
      disposition += `;${CRLF}\tfilename="${part.disposition.filename}"`
    else {
      if (style !== 'rfc2047')
        disposition += `;${CRLF}\tfilename*=${rfc2231(part.disposition.filename)}`
      if (style !== 'rfc2231')
        disposition += `;${CRLF}\tfilename="${encodeWords(part.disposition.filename, 'utf-8', 'Q')}"`
    }
    headers.push(`Content-Disposition: ${disposition}`)
  }
  return headers
}

/** Serializes a part's headers and body (a latin1 string: one character per byte). */
export function serializePart(part: MimePart): { headers: string[]; body: string } {
  if (part.kind === 'leaf') return { headers: leafHeaders(part), body: encodeBody(part) }
  const chunks: string[] = []
  if (part.subtype === 'mixed' || part.subtype === 'alternative')
    chunks.push('This is a multi-part message in MIME format.', '')
  for (const child of part.parts) {
    const inner = serializePart(child)
    chunks.push(`--${part.boundary}`, ...inner.headers, '', inner.body)
  }
  chunks.push(`--${part.boundary}--`, '')
  const type =
    part.subtype === 'related'
      ? `multipart/related;${CRLF}\ttype="multipart/alternative"`
      : `multipart/${part.subtype}`
  return {
    headers: [`Content-Type: ${type};${CRLF}\tboundary="${part.boundary}"`],
    body: chunks.join(CRLF),
  }
}

/**
 * A complete message: the top-level headers (already encoded, in order), then the MIME
 * structure. Returns the raw bytes.
 */
export function buildMessage(headers: readonly string[], root: MimePart): Buffer {
  const { headers: partHeaders, body } = serializePart(root)
  const text = [...headers, 'MIME-Version: 1.0', ...partHeaders, '', body].join(CRLF)
  return Buffer.from(text.endsWith(CRLF) ? text : text + CRLF, 'latin1')
}

/** RFC 5322 §3.3 date-time in a given UTC offset (minutes east of UTC), e.g. `Tue, 10 Nov 2026 09:14:05 +0100`. */
export function formatRfc5322Date(date: Date, offsetMinutes: number): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ]
  const local = new Date(date.getTime() + offsetMinutes * 60_000)
  const pad = (n: number): string => String(n).padStart(2, '0')
  const sign = offsetMinutes >= 0 ? '+' : '-'
  const abs = Math.abs(offsetMinutes)
  return (
    `${days[local.getUTCDay()]}, ${local.getUTCDate()} ${months[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
  )
}

/**
 * A tiny but valid PDF 1.4 document showing the given lines in Helvetica (WinAnsi), with a
 * correct cross-reference table, so viewers and MIME tests see a believable attachment.
 */
export function buildPdf(title: string, lines: readonly string[]): Buffer {
  const escape = (s: string): string => s.replace(/([\\()])/g, '\\$1')
  const content = ['BT', '/F1 14 Tf', '50 790 Td', `(${escape(title)}) Tj`, '/F1 10 Tf', '0 -24 Td']
  for (const line of lines.slice(0, 60)) content.push(`(${escape(line)}) Tj`, '0 -13 Td')
  content.push('ET')
  const stream = encodeCharset(content.join('\n'), 'windows-1252')
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>', 'latin1'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>', 'latin1'),
    Buffer.from(
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
      'latin1',
    ),
    Buffer.from(
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
      'latin1',
    ),
    Buffer.concat([
      Buffer.from(`<< /Length ${stream.length} >>\nstream\n`, 'latin1'),
      stream,
      Buffer.from('\nendstream', 'latin1'),
    ]),
  ]
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')]
  const offsets: number[] = []
  let length = chunks[0]?.length ?? 0
  objects.forEach((obj, i) => {
    offsets.push(length)
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      obj,
      Buffer.from('\nendobj\n', 'latin1'),
    ])
    chunks.push(chunk)
    length += chunk.length
  })
  const xref = [
    `xref`,
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
  ]
  chunks.push(
    Buffer.from(
      `${xref.join('\n')}\ntrailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`,
      'latin1',
    ),
  )
  return Buffer.concat(chunks)
}

/** A 1×1 transparent PNG, for inline signature logos. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)
