import type { Mutation } from './mutations'
import type { EntityType } from './protocol'

/** The entity a mutation changes: what the outbox groups by and what the UI marks as pending. */
export function mutationTarget(m: Pick<Mutation, 'name' | 'args'>): {
  entity: EntityType
  id: string
} {
  const args = m.args as Record<string, unknown>
  const [prefix] = m.name.split('.')
  switch (prefix) {
    case 'ticket':
      return { entity: 'ticket', id: String(args.ticketId) }
    case 'quote':
      return { entity: 'quote', id: String(args.quoteId) }
    case 'order':
      return { entity: 'order', id: String(args.orderId) }
    case 'invoice':
      return { entity: 'invoice', id: String(args.invoiceId) }
    case 'triage':
      return { entity: 'triage', id: String(args.ticketId) }
    case 'contact':
      // The server makes the contact's id; until then the change is known by its address.
      return { entity: 'contact', id: String(args.email).toLowerCase() }
    default:
      throw new Error(`no target for mutation ${m.name}`)
  }
}

/** Which account a pulled entity belongs to, for scope removal. */
export function entityAccountId(
  entity: EntityType,
  id: string,
  data: Record<string, unknown>,
): string | null {
  if (entity === 'account') return id
  return typeof data.accountId === 'string' ? data.accountId : null
}
