/**
 * Business references (purchase orders, order, quote and invoice numbers) found in subjects
 * and bodies. They are extra link keys for threading: a buyer's new mail about PO 4711 joins
 * the open ticket about PO 4711. Patterns are configurable per workspace; each pattern has a
 * kind and a regex whose first capture group is the number.
 *
 * Two shapes are recognised by default:
 * - canonical numbers that name their kind by prefix and stand alone: `PO-2026-01234`,
 *   `SO-400123`, `Q-2026-0456`, `QT-2026-0456`, `INV-2026-07890`, `RE-2026-00123` (German
 *   Rechnung). The prefix is part of the number, so `Auftrag SO-400123` and a bare
 *   `SO-400123` give the same key;
 * - a keyword in English or German followed by a number with at least one digit: `PO#
 *   4500012345`, `purchase order no. 77881`, `Bestellnummer: AB12345`, `order 4711`,
 *   `Auftragsnummer 4711`, `quotation QT-77`, `Angebot 88123`,
 *   `invoice no. 998877`, `Rechnungsnr. 998877`.
 * The first pattern (in list order) that finds a number decides its kind: canonical patterns
 * come first, so `your order PO-2026-01234` is a PO, not an order.
 */
export interface BusinessRefPattern {
  kind: 'po' | 'order' | 'quote' | 'invoice' | 'other'
  /** Source of a regular expression; matched case-insensitively; group 1 is the number. */
  pattern: string
}

/** Optional "number" words and separators between a keyword and its number. */
const NO = String.raw`\s*(?:no\.?|nr\.?|number|nummer|#)?\s*[:#.]?\s*`
/** A number: 4–20 letters, digits and inner hyphens, at least one digit. */
const NUM = String.raw`((?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,19})\b`
/** A canonical prefixed number: PREFIX-YYYY-NNN… or PREFIX-NNNNN…. */
const canonical = (prefixes: string) =>
  String.raw`(?<![\w-])((?:${prefixes})-(?:\d{4}-\d{3,8}|\d{4,10}))(?![\w-])`
/** German compounds: Bestellnummer, Bestellnr., Bestell-Nr. (and with -s-: Auftragsnummer). */
const de = (stem: string) => String.raw`${stem}(?:s?nummer|s?nr\.?|s?-nr\.?)?`

export const DEFAULT_BUSINESS_REF_PATTERNS: BusinessRefPattern[] = [
  { kind: 'po', pattern: canonical('PO') },
  { kind: 'order', pattern: canonical('SO') },
  { kind: 'quote', pattern: canonical('QT|Q') },
  { kind: 'invoice', pattern: canonical('INV|RE') },
  {
    kind: 'po',
    pattern: String.raw`\b(?:PO|P\.O\.|purchase order|${de('Bestell')}|Bestellung)${NO}${NUM}`,
  },
  {
    kind: 'order',
    pattern: String.raw`\b(?:sales order|order confirmation|order|SO|${de('Auftrag')}|Auftragsbest(?:ä|ae)tigung)${NO}${NUM}`,
  },
  {
    kind: 'quote',
    pattern: String.raw`\b(?:quote|quotation|QT|${de('Angebot')})${NO}${NUM}`,
  },
  {
    kind: 'invoice',
    pattern: String.raw`\b(?:invoice|INV|${de('Rechnung')})${NO}${NUM}`,
  },
]

const compiled = new Map<string, RegExp>()
function regex(source: string): RegExp {
  let re = compiled.get(source)
  if (!re) {
    re = new RegExp(source, 'gi')
    compiled.set(source, re)
  }
  return re
}

/** `kind:NUMBER` keys, upper-cased, sorted, unique. Only numbers with at least one digit count. */
export function extractBusinessRefs(
  text: string,
  patterns: BusinessRefPattern[] = DEFAULT_BUSINESS_REF_PATTERNS,
): string[] {
  const found = new Set<string>()
  const claimed = new Set<string>()
  const sample = text.slice(0, 20_000)
  for (const p of patterns) {
    for (const m of sample.matchAll(regex(p.pattern))) {
      const num = (m[1] ?? '').toUpperCase()
      if (!/\d/.test(num) || claimed.has(num)) continue
      claimed.add(num)
      found.add(`${p.kind}:${num}`)
      if (found.size >= 50) return [...found].sort()
    }
  }
  return [...found].sort()
}

/** How much of a body is searched for references: the new text of a mail sits at its top. */
export const BODY_REF_MAX_CHARS = 4000

/**
 * Lines that start the quoted previous mail in a reply (English and German clients):
 * "On … wrote:", "Am … schrieb …:", Outlook's "-----Original Message-----" /
 * "-----Ursprüngliche Nachricht-----", and an Outlook header block "From: …" / "Von: …".
 */
const QUOTE_START =
  /^(?:on\b.{0,200}\bwrote:\s*$|am\b.{0,200}\bschrieb\b.{0,200}:\s*$|-{2,}\s*(?:original message|ursprüngliche nachricht|forwarded message|weitergeleitete nachricht)\s*-{2,}|(?:from|von):\s.+$)/i

/**
 * The part of a body that is this mail's own text: the first BODY_REF_MAX_CHARS characters,
 * cut at the start of a quoted reply, without `>` quoted lines (RFC 3676 §4.5 quote marks).
 * References in quoted text belong to the mail being quoted, which carries them itself.
 */
export function ownBodyText(text: string, maxChars = BODY_REF_MAX_CHARS): string {
  const out: string[] = []
  let length = 0
  for (const line of text.slice(0, maxChars * 2).split(/\r?\n/)) {
    const trimmed = line.trim()
    if (QUOTE_START.test(trimmed)) break
    if (trimmed.startsWith('>')) continue
    out.push(line)
    length += line.length + 1
    if (length >= maxChars) break
  }
  return out.join('\n').slice(0, maxChars)
}

/** A crude text of an HTML body, only for finding references (never shown, never sanitised). */
export function htmlToRefText(html: string): string {
  return html
    .slice(0, BODY_REF_MAX_CHARS * 8)
    .replace(/<(?:style|script)[\s\S]*?<\/(?:style|script)>/gi, ' ')
    .replace(/<blockquote[\s\S]*$/i, ' ')
    .replace(/<br\s*\/?>|<\/(?:p|div|tr|li)>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&amp;/gi, '&')
}
