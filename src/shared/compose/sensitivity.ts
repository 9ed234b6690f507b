import { addressKey, domainOf } from '../mail/address'

/**
 * Who should see what (issue 6 §5): a reply can carry prices, invoice and payment details or
 * the account's credit standing, and not every contact of a customer should read them. The
 * rule table below is the one place this is decided; the composer warns (the agent may
 * still send: they know the customer), it never silently drops a recipient.
 *
 * | content                | buyer | finance | approver | admin (IT) | unknown person |
 * | ---------------------- | ----- | ------- | -------- | ---------- | -------------- |
 * | prices and discounts   | yes   | yes     | yes      | warn       | warn           |
 * | invoices and payments  | warn  | yes     | yes      | warn       | warn           |
 * | credit standing        | warn  | yes     | yes      | warn       | warn           |
 *
 * Departments that receive goods but do not buy (warehouse, logistics, assembly, labs,
 * service, IT) get a warning for every category whatever their role. A recipient who is not a
 * contact of the ticket's account gets a warning for any of it, and a stronger one when their
 * domain is not the account's either (the mail leaves the customer).
 */
export const CONTENT_CATEGORIES = ['prices', 'invoices', 'credit'] as const
export type ContentCategory = (typeof CONTENT_CATEGORIES)[number]

export const CATEGORY_LABEL: Record<ContentCategory, string> = {
  prices: 'prices or discounts',
  invoices: 'invoice or payment details',
  credit: 'the credit limit or credit standing',
}

/** Contact roles (src/shared/sync/import.ts CONTACT_ROLES) and the categories each may see. */
export const ROLE_MAY_SEE: Readonly<Record<string, readonly ContentCategory[]>> = {
  buyer: ['prices'],
  finance: ['prices', 'invoices', 'credit'],
  approver: ['prices', 'invoices', 'credit'],
  admin: [],
}

/** Departments that should see none of the categories, whatever the contact's role. */
export const RESTRICTED_DEPARTMENTS: readonly { pattern: RegExp; label: string }[] = [
  { pattern: /\b(lager|warehouse|wareneingang|goods[- ]?in)/i, label: 'warehouse' },
  { pattern: /(logisti[ck]|versand|shipping|dispatch)/i, label: 'logistics' },
  { pattern: /(montage|assembly|produktion|production|werkstatt|workshop)/i, label: 'production' },
  { pattern: /\b(labor?|lab)\b/i, label: 'lab' },
  { pattern: /\b(it|edv|eprocurement|e-procurement)\b/i, label: 'IT' },
]

/**
 * What a text speaks about, by keywords in English and German and by money amounts. Cheap
 * and deliberately eager: a needless warning costs a click, a missed one can cost a customer.
 */
const DETECT: Record<ContentCategory, RegExp[]> = {
  prices: [
    /\b(unit price|price|prices|pricing|discount|rebate|net price|list price|surcharge)\b/i,
    /(preis|preise|stückpreis|einzelpreis|rabatt|nachlass|skonto|aufpreis|zuschlag|konditionen)/i,
    // An amount with a currency: € 12,50 · 1.250,00 EUR · CHF 90 · $1,200.00 · 12.50 GBP
    /(?:[€$£]|\b(?:EUR|CHF|USD|GBP|SEK|DKK|PLN)\b)\s?\d[\d.,' ]*|\d[\d.,']*\s?(?:[€£]|\b(?:EUR|CHF|USD|GBP|SEK|DKK|PLN)\b)/,
  ],
  invoices: [
    /\b(invoice|invoices|invoiced|payment reminder|dunning|overdue|outstanding balance|open items|statement of account|credit note|remittance)\b/i,
    /(rechnung|mahnung|zahlungserinnerung|überfällig|offene posten|kontoauszug|gutschrift|zahlungseingang|zahlbar)/i,
    /\b(?:INV|RE|RG)[-\s]?\d{3,}/,
  ],
  credit: [
    /\b(credit limit|credit line|credit hold|credit block|credit standing|blocked for delivery)\b/i,
    /(kreditlimit|kreditrahmen|kreditlinie|liefersperre|bonität|kreditsperre)/i,
  ],
}

export function detectCategories(text: string): ContentCategory[] {
  return CONTENT_CATEGORIES.filter((c) => DETECT[c].some((re) => re.test(text)))
}

export interface KnownContact {
  email: string
  name: string
  role: string
  department: string | null
}

export interface RoleWarning {
  address: string
  /** The contact's name, when the address is a contact of the account. */
  name: string | null
  categories: ContentCategory[]
  reason: 'role' | 'department' | 'not-a-contact' | 'outside-account'
  /** One sentence for the agent. */
  message: string
}

function list(categories: ContentCategory[]): string {
  return categories.map((c) => CATEGORY_LABEL[c]).join(', ')
}

/**
 * The agent's own words and the quoted mail, split: `>` lines, the attribution line before
 * them and everything from a forwarded-message marker on are quoted.
 */
export function splitOwnText(text: string): { own: string; quoted: string } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const own: string[] = []
  const quoted: string[] = []
  let forwarded = false
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    if (
      /^-{5,}\s*(forwarded message|weitergeleitete nachricht|original message|ursprüngliche nachricht)/i.test(
        line.trim(),
      )
    )
      forwarded = true
    const attribution =
      !forwarded && (lines[i + 1] ?? '').startsWith('>') && /(wrote|schrieb[^:]*):\s*$/i.test(line)
    if (forwarded || line.startsWith('>') || attribution) quoted.push(line)
    else own.push(line)
  }
  return { own: own.join('\n'), quoted: quoted.join('\n') }
}

/**
 * Recipients who should not see what the mail speaks about. For a recipient who was not on
 * the quoted mail (a new Cc, a forward target) the agent's text and the quote both count; for
 * one who was (its sender and recipients have read it), only what the agent's text adds.
 * `accountDomains` are the account's mail domains (a recipient outside them is outside the
 * customer).
 */
export function roleWarnings(input: {
  recipients: readonly string[]
  ownCategories: readonly ContentCategory[]
  quotedCategories: readonly ContentCategory[]
  quotedParticipants: readonly string[]
  contacts: readonly KnownContact[]
  accountDomains: readonly string[]
  accountName: string | null
}): RoleWarning[] {
  const byAddress = new Map(input.contacts.map((c) => [addressKey(c.email), c]))
  const sawQuote = new Set(input.quotedParticipants.map(addressKey))
  const domains = new Set(input.accountDomains.map((d) => d.toLowerCase()))
  const out: RoleWarning[] = []
  const seen = new Set<string>()
  for (const address of input.recipients) {
    const key = addressKey(address)
    if (seen.has(key)) continue
    seen.add(key)
    // Someone who was on the quoted mail has read it, and answering them about what it raised
    // (their own invoice question) tells them nothing new; anything else counts.
    const saw = sawQuote.has(key)
    const categories = CONTENT_CATEGORIES.filter((c) =>
      saw
        ? input.ownCategories.includes(c) && !input.quotedCategories.includes(c)
        : input.ownCategories.includes(c) || input.quotedCategories.includes(c),
    )
    if (categories.length === 0) continue
    const contact = byAddress.get(key)
    if (!contact) {
      const outside = domains.size > 0 && !domains.has(domainOf(address))
      out.push({
        address,
        name: null,
        categories,
        reason: outside ? 'outside-account' : 'not-a-contact',
        message: outside
          ? `${address} is outside ${input.accountName ?? 'the customer'}, and this mail mentions ${list(categories)}.`
          : `${address} is not a known contact of ${input.accountName ?? 'this account'}, and this mail mentions ${list(categories)}.`,
      })
      continue
    }
    const department = contact.department
      ? RESTRICTED_DEPARTMENTS.find((d) => d.pattern.test(contact.department as string))
      : undefined
    if (department) {
      out.push({
        address,
        name: contact.name,
        categories,
        reason: 'department',
        message: `${contact.name} works in ${contact.department} (${department.label}), and this mail mentions ${list(categories)}.`,
      })
      continue
    }
    const allowed = ROLE_MAY_SEE[contact.role] ?? []
    const denied = categories.filter((c) => !allowed.includes(c))
    if (denied.length > 0) {
      out.push({
        address,
        name: contact.name,
        categories: denied,
        reason: 'role',
        message: `${contact.name} is the account's ${contact.role} contact and should not see ${list(denied)}.`,
      })
    }
  }
  return out
}
