import emailAddresses from 'email-addresses'
import { AddressError, addressKey, hasControlChars } from '../mail/address'

/**
 * Who a reply, reply-all or forward goes to. A customer's message is answered at its Reply-To
 * when it has one, else at its From (RFC 5322 §3.6.3): an ERP that mails from no-reply@ names
 * the buyer there. Our own shared mailboxes (support@, billing@ …) are never recipients:
 * replying to a message we sent goes to the people it was sent to, and reply-all drops every
 * address of ours, so we never mail ourselves (RFC 5322 leaves this to the client).
 */
export type ComposeMode = 'reply' | 'replyAll' | 'forward'
export const COMPOSE_MODES = ['reply', 'replyAll', 'forward'] as const

export interface Person {
  name: string | null
  address: string
}

export interface RecipientSource {
  fromName: string | null
  fromAddress: string | null
  to: Person[]
  cc: Person[]
  /** The Reply-To field's mailboxes (absent or empty: none). */
  replyTo?: Person[]
  direction: 'in' | 'out'
}

export interface DraftRecipients {
  to: Person[]
  cc: Person[]
}

function uniq(people: Person[], own: Set<string>, skip: Set<string> = new Set()): Person[] {
  const seen = new Set(skip)
  const out: Person[] = []
  for (const p of people) {
    const key = addressKey(p.address)
    if (!key || own.has(key) || seen.has(key)) continue
    seen.add(key)
    out.push({ name: p.name?.trim() ? p.name.trim() : null, address: p.address.trim() })
  }
  return out
}

export function draftRecipients(
  mode: ComposeMode,
  message: RecipientSource,
  ownAddresses: readonly string[],
): DraftRecipients {
  if (mode === 'forward') return { to: [], cc: [] }
  const own = new Set(ownAddresses.map(addressKey))
  const sender: Person[] = message.fromAddress
    ? [{ name: message.fromName, address: message.fromAddress }]
    : []
  const fromUs =
    message.direction === 'out' ||
    (message.fromAddress !== null && own.has(addressKey(message.fromAddress)))
  // A message of ours: answer its recipients (a follow-up), not ourselves. A Reply-To that
  // names only our own addresses is as good as none.
  const replyTo = uniq(message.replyTo ?? [], own)
  const primary = fromUs ? message.to : replyTo.length > 0 ? replyTo : sender
  const to = uniq(primary, own)
  if (mode === 'reply') return { to, cc: [] }
  const rest = fromUs ? message.cc : [...message.to, ...message.cc]
  const cc = uniq(rest, own, new Set(to.map((p) => addressKey(p.address))))
  // Reply-all to our own mail sent only to Cc: promote the first Cc so there is a To.
  if (to.length === 0 && cc.length > 0) return { to: cc.slice(0, 1), cc: cc.slice(1) }
  return { to, cc }
}

/** `Name <addr>` for an input field; names with specials are quoted (RFC 5322 §3.2.4). */
export function formatPerson(p: Person): string {
  if (!p.name) return p.address
  const name = /[()<>[\]:;@\\,."]/.test(p.name) ? `"${p.name.replace(/["\\]/g, '\\$&')}"` : p.name
  return `${name} <${p.address}>`
}

/**
 * A To/Cc field as the agent typed it (`A <a@x>, "B, C" <b@x>`), parsed with the RFC 5322
 * grammar of `email-addresses` (a comma inside a quoted name does not split). CR/LF and other
 * controls are refused, never stripped; so are groups and anything that is not a mailbox.
 */
export function parseRecipientField(field: string, input: string): Person[] {
  if (hasControlChars(input))
    throw new AddressError(`${field} contains a line break or control character`, field)
  const trimmed = input.trim().replace(/[,;]\s*$/, '')
  if (!trimmed) return []
  const parsed = emailAddresses.parseAddressList({ input: trimmed, rejectTLD: true, rfc6532: true })
  if (!parsed) throw new AddressError(`${field} is not a list of valid e-mail addresses`, field)
  return parsed.map((a) => {
    if (a.type !== 'mailbox')
      throw new AddressError(`${field}: address groups are not allowed`, field)
    return { name: a.name, address: a.address }
  })
}
