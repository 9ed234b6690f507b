/**
 * Business references (purchase orders, order, quote and invoice numbers) found in subjects
 * and bodies. They are extra link keys for threading: a buyer's new mail about PO 4711 joins
 * the open ticket about PO 4711. Patterns are configurable per workspace; each pattern has a
 * kind and a regex whose first capture group is the number.
 */
export interface BusinessRefPattern {
  kind: 'po' | 'order' | 'quote' | 'invoice' | 'other'
  /** Source of a regular expression; matched case-insensitively; group 1 is the number. */
  pattern: string
}

export const DEFAULT_BUSINESS_REF_PATTERNS: BusinessRefPattern[] = [
  {
    kind: 'po',
    pattern: String.raw`\b(?:PO|P\.O\.|purchase order|Bestell(?:nummer|nr\.?))\s*(?:no\.?|number|nr\.?|#)?\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{3,19})\b`,
  },
  {
    kind: 'order',
    pattern: String.raw`\b(?:order|Auftrag|SO)\s*(?:no\.?|number|nr\.?|#)?\s*[:#]?\s*((?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,19})\b`,
  },
  {
    kind: 'quote',
    pattern: String.raw`\b(?:quote|quotation|Angebot|QT)\s*(?:no\.?|number|nr\.?|#)?\s*[:#]?\s*((?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,19})\b`,
  },
  {
    kind: 'invoice',
    pattern: String.raw`\b(?:invoice|Rechnung|INV)\s*(?:no\.?|number|nr\.?|#)?\s*[:#]?\s*((?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,19})\b`,
  },
]

/** `kind:NUMBER` keys, upper-cased, sorted, unique. Only numbers with at least one digit count. */
export function extractBusinessRefs(
  text: string,
  patterns: BusinessRefPattern[] = DEFAULT_BUSINESS_REF_PATTERNS,
): string[] {
  const found = new Set<string>()
  const sample = text.slice(0, 20_000)
  for (const p of patterns) {
    const re = new RegExp(p.pattern, 'gi')
    for (const m of sample.matchAll(re)) {
      const num = (m[1] ?? '').toUpperCase()
      if (/\d/.test(num)) found.add(`${p.kind}:${num}`)
      if (found.size > 50) break
    }
  }
  return [...found].sort()
}
