/**
 * Quoting a message in a reply or forward. Replies leave as text/plain (the outbox builds
 * text only), so the quote is plain text made from the quoted mail, and it is cleaned
 * again here whatever the source was ("re-sanitised"):
 *
 * - an HTML-only mail is turned into text: tags dropped, script/style/head/template/
 *   comment content dropped entirely, block ends become line breaks, character references
 *   decoded once;
 * - the text (from the text part or from the HTML) then loses anything that still reads as
 *   markup (`<script>`, `<img onerror=…>`, a tag that `&lt;…&gt;` decoded into), script
 *   and data: URLs (a text part made from HTML keeps link targets in brackets), bidi
 *   overrides that can make a quoted line read differently than it is (Trojan Source,
 *   CVE-2021-42574), and control characters;
 * - every quoted line gets the RFC 3676 §4.5 quote mark `> `.
 *
 * This is not an HTML sanitiser for rendering (that is DOMPurify in the renderer, per
 * STYLE.md): its output is text and is only ever shown or sent as text. It must simply
 * never let a quoted mail put markup into our own outgoing mail.
 */

/** A quote longer than this is cut (with a note): an agent never needs more in a reply. */
export const QUOTE_MAX_CHARS = 50_000

const DROP_WITH_CONTENT = new Set([
  'script',
  'style',
  'head',
  'title',
  'template',
  'noscript',
  'svg',
  'math',
  'object',
  'iframe',
  'textarea',
  'select',
  'xml',
])
const BLOCK = new Set([
  'p',
  'div',
  'br',
  'tr',
  'li',
  'ul',
  'ol',
  'table',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'hr',
  'section',
  'article',
  'header',
  'footer',
  'address',
  'dd',
  'dt',
])

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  Auml: 'Ä',
  Ouml: 'Ö',
  Uuml: 'Ü',
  szlig: 'ß',
  euro: '€',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  ccedil: 'ç',
  copy: '©',
  reg: '®',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  bull: '•',
  laquo: '«',
  raquo: '»',
  bdquo: '„',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  middot: '·',
  deg: '°',
  times: '×',
  shy: '',
  zwnj: '',
  zwj: '',
}

/** Decode character references once (never twice: `&amp;lt;` stays `&lt;`). */
export function decodeEntities(text: string): string {
  return text.replace(
    /&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z][a-z0-9]{1,31});?/gi,
    (whole, ref: string) => {
      if (ref[0] === '#') {
        const code =
          ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
        if (
          !Number.isFinite(code) ||
          code <= 0 ||
          code > 0x10ffff ||
          (code >= 0xd800 && code <= 0xdfff)
        )
          return '\uFFFD'
        return String.fromCodePoint(code)
      }
      return NAMED[ref] ?? NAMED[ref.toLowerCase()] ?? whole
    },
  )
}

/**
 * Text of an HTML mail body. A forgiving scan (mail HTML is rarely well formed): a `<`
 * followed by a letter, `/`, `!` or `?` starts markup that runs to the next `>` outside quotes.
 */
export function htmlToPlainText(html: string): string {
  const out: string[] = []
  let i = 0
  let dropUntil: string | null = null
  const n = html.length
  while (i < n) {
    const lt = html.indexOf('<', i)
    if (lt < 0) {
      if (!dropUntil) out.push(html.slice(i))
      break
    }
    if (!dropUntil) out.push(html.slice(i, lt))
    const next = html[lt + 1] ?? ''
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4)
      i = end < 0 ? n : end + 3
      continue
    }
    if (!/[a-zA-Z/!?]/.test(next)) {
      if (!dropUntil) out.push('<')
      i = lt + 1
      continue
    }
    // Find the tag's end, skipping quoted attribute values.
    let j = lt + 1
    let quote: string | null = null
    while (j < n) {
      const c = html[j] as string
      if (quote) {
        if (c === quote) quote = null
      } else if (c === '"' || c === "'") quote = c
      else if (c === '>') break
      j++
    }
    const tag = html.slice(lt + 1, j)
    i = j + 1
    const m = /^(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/.exec(tag)
    if (!m) continue
    const closing = m[1] === '/'
    const name = (m[2] as string).toLowerCase()
    if (dropUntil) {
      if (closing && name === dropUntil) dropUntil = null
      continue
    }
    if (!closing && DROP_WITH_CONTENT.has(name) && !tag.endsWith('/')) {
      dropUntil = name
      continue
    }
    if (name === 'td' || name === 'th') out.push(closing ? '' : '\t')
    else if (BLOCK.has(name)) out.push('\n')
  }
  const text = decodeEntities(out.join(''))
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n[ \t\u00a0]+/g, '\n')
    .replace(/[ \t\u00a0]{2,}/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
  return text.trim()
}

// Anything that reads as an HTML/XML tag, comment or processing instruction. A mail address in
// angle brackets (`<a@b.example>`) or a URL (`<https://…>`) is not a tag and stays.
const TAG_LIKE = /<\/?[a-zA-Z][a-zA-Z0-9:-]*(?:\s[^<>]*)?\/?>|<![\s\S]*?>|<\?[\s\S]*?\?>/g
// Bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069).
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g

/** Plain text safe to quote: no markup, no bidi overrides, no controls but TAB and LF. */
export function cleanQuoteText(text: string): string {
  let s = text.replace(/\r\n?/g, '\n').replace(BIDI, '')
  // Repeat: removing one tag can join two halves into a new one (`<scr<b>ipt>`).
  for (let k = 0; k < 10; k++) {
    const next = s.replace(TAG_LIKE, '')
    if (next === s) break
    s = next
  }
  // Script-bearing links (a mail's `<a href="javascript:…">` becomes `(javascript:…)` in its text
  // part): never carried into our mail, where some client might turn them into links again.
  s = s.replace(
    /\b(?:(?:javascript|vbscript|livescript):|data:[a-z]+\/)(?:[^\s()<>\]]|\([^\s()]*\))+/gi,
    '[link removed]',
  )
  // An unclosed tag start (`<img src=x onerror=…` cut before its `>`) is kept visible but inert.
  s = s.replace(/<(?=\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s|$))/gm, '‹')
  let out = ''
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || c === 0x7f || (c >= 0x80 && c <= 0x9f)) continue
    out += ch
  }
  return out
}

export interface QuotedMessage {
  fromName: string | null
  fromAddress: string | null
  to: { name: string | null; address: string }[]
  cc: { name: string | null; address: string }[]
  subject: string
  /** ISO instant. */
  date: string
  text: string | null
  html: string | null
}

export type QuoteLanguage = 'en' | 'de'

/** The message's readable text: its text part, else its HTML turned into text; always cleaned. */
export function messagePlainText(message: Pick<QuotedMessage, 'text' | 'html'>): string {
  const source = message.text?.trim()
    ? message.text
    : message.html
      ? htmlToPlainText(message.html)
      : ''
  let text = cleanQuoteText(source).trim()
  if (text.length > QUOTE_MAX_CHARS) text = `${text.slice(0, QUOTE_MAX_CHARS)}\n[…]`
  return text
}

function person(name: string | null, address: string | null): string {
  const n = name ? cleanQuoteText(name).replace(/\s+/g, ' ').trim() : ''
  const a = address ? cleanQuoteText(address).replace(/\s+/g, '') : ''
  if (n && a) return `${n} <${a}>`
  return n || a || 'unknown sender'
}

/** A fixed, readable date in UTC (the draft must not depend on the machine's locale). */
function formatDate(iso: string, lang: QuoteLanguage): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (v: number) => String(v).padStart(2, '0')
  const time = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} UTC`
  return lang === 'de'
    ? `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} um ${time}`
    : `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} at ${time}`
}

/** `> ` before every line (RFC 3676 §4.5); already quoted lines get one more `>`. */
export function quoteLines(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.startsWith('>') ? `>${line}` : line ? `> ${line}` : '>'))
    .join('\n')
}

/** The attribution line and the quoted text for a reply. */
export function replyQuote(message: QuotedMessage, lang: QuoteLanguage): string {
  const who = person(message.fromName, message.fromAddress)
  const when = formatDate(message.date, lang)
  const head = lang === 'de' ? `Am ${when} schrieb ${who}:` : `On ${when}, ${who} wrote:`
  const body = messagePlainText(message)
  return `${head}\n${quoteLines(body || '')}`
}

/** The forwarded-message block: the original's headers and text, not `>`-quoted (as mail clients do). */
export function forwardBlock(message: QuotedMessage, lang: QuoteLanguage): string {
  const list = (people: QuotedMessage['to']) =>
    people.map((p) => person(p.name, p.address)).join(', ')
  const labels =
    lang === 'de'
      ? {
          head: '---------- Weitergeleitete Nachricht ----------',
          from: 'Von',
          date: 'Datum',
          subject: 'Betreff',
          to: 'An',
          cc: 'Cc',
        }
      : {
          head: '---------- Forwarded message ----------',
          from: 'From',
          date: 'Date',
          subject: 'Subject',
          to: 'To',
          cc: 'Cc',
        }
  const lines = [
    labels.head,
    `${labels.from}: ${person(message.fromName, message.fromAddress)}`,
    `${labels.date}: ${formatDate(message.date, lang)}`,
    `${labels.subject}: ${cleanQuoteText(message.subject).replace(/\s+/g, ' ').trim()}`,
    `${labels.to}: ${list(message.to)}`,
  ]
  if (message.cc.length > 0) lines.push(`${labels.cc}: ${list(message.cc)}`)
  return `${lines.join('\n')}\n\n${messagePlainText(message)}`
}
