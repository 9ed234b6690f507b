import type { ContentCategory } from './sensitivity'

/**
 * Reply templates with account fields. A field is written `{{contact.name}}`; rendering
 * fills the fields it knows a value for and leaves every other `{{…}}` in the text, listed
 * as missing (known field, no value here) or unknown (no such field). The composer shows
 * both lists, and the send-time check refuses to let a `{{…}}` leave silently.
 */
export type TemplateLanguage = 'en' | 'de'

export const TEMPLATE_FIELDS = [
  'contact.name',
  'account.name',
  'account.paymentTerms',
  'account.currency',
  'rep.name',
  'agent.name',
  'ticket.subject',
] as const
export type TemplateField = (typeof TEMPLATE_FIELDS)[number]
export type TemplateValues = Partial<Record<TemplateField, string | null>>

export interface ReplyTemplate {
  id: string
  lang: TemplateLanguage
  name: string
  /** What the text speaks about, for the recipient role check (sensitivity.ts). */
  categories: ContentCategory[]
  body: string
}

export const TEMPLATES: readonly ReplyTemplate[] = [
  {
    id: 'ack-en',
    lang: 'en',
    name: 'Acknowledge, we are on it',
    categories: [],
    body: `Dear {{contact.name}},

thank you for your message. We are looking into it and will get back to you with an answer by the end of the next working day.

Kind regards
{{agent.name}}
Customer Service for {{account.name}}`,
  },
  {
    id: 'ack-de',
    lang: 'de',
    name: 'Eingang bestätigen, wir kümmern uns',
    categories: [],
    body: `Guten Tag {{contact.name}},

vielen Dank für Ihre Nachricht. Wir prüfen Ihr Anliegen und melden uns bis zum Ende des nächsten Arbeitstages mit einer Antwort.

Mit freundlichen Grüßen
{{agent.name}}
Kundenservice für {{account.name}}`,
  },
  {
    id: 'delivery-en',
    lang: 'en',
    name: 'Delivery update follows',
    categories: [],
    body: `Dear {{contact.name}},

we have asked our warehouse for the current delivery date of the items in question and will confirm it to you as soon as we have it. Partial deliveries are shipped as soon as goods are available, unless you ask us to ship complete.

Kind regards
{{agent.name}}`,
  },
  {
    id: 'delivery-de',
    lang: 'de',
    name: 'Liefertermin folgt',
    categories: [],
    body: `Guten Tag {{contact.name}},

wir haben den aktuellen Liefertermin der betroffenen Positionen bei unserem Lager angefragt und bestätigen ihn Ihnen, sobald er vorliegt. Teillieferungen versenden wir, sobald Ware verfügbar ist, sofern Sie keine Komplettlieferung wünschen.

Mit freundlichen Grüßen
{{agent.name}}`,
  },
  {
    id: 'terms-en',
    lang: 'en',
    name: 'Invoice question: payment terms',
    categories: ['invoices'],
    body: `Dear {{contact.name}},

thank you for your question about the invoice. Under the agreement with {{account.name}}, invoices are payable within {{account.paymentTerms}} in {{account.currency}}. We are checking the open items and will send you a statement of account.

Kind regards
{{agent.name}}`,
  },
  {
    id: 'terms-de',
    lang: 'de',
    name: 'Rechnungsfrage: Zahlungsbedingungen',
    categories: ['invoices'],
    body: `Guten Tag {{contact.name}},

vielen Dank für Ihre Rückfrage zur Rechnung. Gemäß der Vereinbarung mit {{account.name}} sind Rechnungen {{account.paymentTerms}} in {{account.currency}} zahlbar. Wir prüfen die offenen Posten und senden Ihnen einen Kontoauszug.

Mit freundlichen Grüßen
{{agent.name}}`,
  },
  {
    id: 'quote-en',
    lang: 'en',
    name: 'Quote follow-up with your account manager',
    categories: ['prices'],
    body: `Dear {{contact.name}},

thank you for your request. {{rep.name}}, your account manager, is preparing a quote with your agreed prices and discounts and will send it to you shortly.

Kind regards
{{agent.name}}`,
  },
  {
    id: 'quote-de',
    lang: 'de',
    name: 'Angebot folgt durch Ihre Kundenbetreuung',
    categories: ['prices'],
    body: `Guten Tag {{contact.name}},

vielen Dank für Ihre Anfrage. {{rep.name}}, Ihre Kundenbetreuung, erstellt ein Angebot mit Ihren vereinbarten Preisen und Rabatten und sendet es Ihnen in Kürze zu.

Mit freundlichen Grüßen
{{agent.name}}`,
  },
]

const FIELD = /\{\{\s*([^{}]{0,60}?)\s*\}\}/g

export interface RenderedTemplate {
  text: string
  /** Known fields with no value for this ticket (e.g. no account matched): left as `{{…}}`. */
  missing: string[]
  /** Names that are not template fields at all: left as `{{…}}`. */
  unknown: string[]
}

function isField(name: string): name is TemplateField {
  return (TEMPLATE_FIELDS as readonly string[]).includes(name)
}

export function renderTemplate(body: string, values: TemplateValues): RenderedTemplate {
  const missing = new Set<string>()
  const unknown = new Set<string>()
  const text = body.replace(FIELD, (whole, raw: string) => {
    const name = raw.trim()
    if (!isField(name)) {
      unknown.add(name)
      return whole
    }
    const value = values[name]
    if (value === null || value === undefined || value.trim() === '') {
      missing.add(name)
      return `{{${name}}}`
    }
    return value
  })
  return { text, missing: [...missing], unknown: [...unknown] }
}

/** `{{…}}` placeholders still in a text about to be sent. */
export function leftoverPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(FIELD)].map((m) => (m[1] ?? '').trim()))]
}

/** Payment terms as written in a letter: `30 days net` / `innerhalb von 30 Tagen netto`. */
export function paymentTermsText(days: number, lang: TemplateLanguage): string {
  if (days === 0) return lang === 'de' ? 'sofort ohne Abzug' : 'immediately (due on receipt)'
  return lang === 'de' ? `innerhalb von ${days} Tagen netto` : `${days} days net`
}
