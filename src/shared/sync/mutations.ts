import { z } from 'zod'
import { PAUSE_REASONS } from '../sla/events'
import { CONTACT_ROLES } from './import'
import { LIMITS } from './limits'
import {
  dateSchema,
  idSchema,
  moneySchema,
  nameSchema,
  optionalText,
  positiveQtySchema,
  qtySchema,
} from './primitives'

/**
 * Every mutation a client may push, by name, with its argument schema. Client and server
 * parse with the same schema; the server re-runs the mutation authoritatively.
 *
 * All objects are strict: an unknown field is an error, never silently dropped, so a
 * newer client talking to an older server fails loudly instead of losing data.
 */

export const TICKET_STATUSES = ['open', 'pending', 'paused', 'resolved', 'closed'] as const
/** Why a ticket waits: the SLA engine's vocabulary, one list for client, server and clocks. */
export { PAUSE_REASONS } from '../sla/events'
/**
 * What a ticket is about, for routing and reports. The vocabulary is the company's own (a
 * configured list on the client, DEFAULT_ORDER_TYPES otherwise), so the schema checks the
 * form of the key, not a fixed list.
 */
export const orderTypeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'a key of a-z, 0-9 and _ (at most 40), e.g. quote_request')
/** The order types offered when none are configured: the usual B2B reasons to write. */
export const DEFAULT_ORDER_TYPES: readonly { id: string; label: string }[] = [
  { id: 'quote_request', label: 'Quote request' },
  { id: 'order_change', label: 'Order change' },
  { id: 'delivery', label: 'Delivery / backorder' },
  { id: 'invoice_dispute', label: 'Invoice dispute' },
  { id: 'stock_question', label: 'Stock question' },
  { id: 'return_rma', label: 'Return / RMA' },
  { id: 'other', label: 'Other' },
]
export const LINK_TYPES = ['order', 'quote', 'invoice', 'ticket'] as const

const ticketRef = {
  /** Derived by the client from the thread's root Message-ID (a hash), the same on every client. */
  ticketId: idSchema,
  /** The account the ticket belongs to; must be in the caller's scope. */
  accountId: idSchema,
}

export const ticketAssignArgs = z.strictObject({ ...ticketRef, assigneeId: idSchema.nullable() })

export const ticketSetStatusArgs = z
  .strictObject({
    ...ticketRef,
    status: z.enum(TICKET_STATUSES),
    pauseReason: z.enum(PAUSE_REASONS).optional(),
  })
  .refine((a) => (a.status === 'paused') === (a.pauseReason !== undefined), {
    message: 'pauseReason is required when status is paused, and only then',
    path: ['pauseReason'],
  })

export const ticketAddNoteArgs = z.strictObject({
  ...ticketRef,
  /** Client-made id so a retried note is not added twice. */
  noteId: idSchema,
  text: z.string().min(1).max(LIMITS.MAX_NOTE),
})

export const ticketSetOrderTypeArgs = z.strictObject({
  ...ticketRef,
  orderType: orderTypeSchema.nullable(),
})

/** Link a ticket to an order, quote or invoice; a link to another ticket merges this one into it. */
export const ticketLinkArgs = z.strictObject({
  ...ticketRef,
  target: z.strictObject({ type: z.enum(LINK_TYPES), id: idSchema }),
  unlink: z.boolean().optional(),
})

/** Why a Triage ticket was closed without an account. */
export const TRIAGE_REASONS = ['spam', 'not_a_customer', 'handled_elsewhere'] as const

/**
 * Closing reasons under which a new message in the thread does not reopen the ticket: more
 * spam, or more from someone who is no customer. A request handled elsewhere reopens when the
 * sender writes again, like any solved ticket (see reopenedByCustomer).
 */
export const TRIAGE_STAYS_CLOSED: ReadonlySet<string> = new Set(['spam', 'not_a_customer'])

/**
 * Close a Triage ticket without sorting it into an account (spam, a supplier's newsletter, a
 * request handled elsewhere), or open it again. Triage belongs to no account: every agent may
 * do this, and every agent's client receives it.
 */
export const triageSetStatusArgs = z
  .strictObject({
    ticketId: idSchema,
    status: z.enum(['closed', 'open']),
    reason: z.enum(TRIAGE_REASONS).optional(),
  })
  .refine((a) => (a.status === 'closed') === (a.reason !== undefined), {
    message: 'reason is required when closing, and only then',
    path: ['reason'],
  })

/**
 * Add a person to an account's contacts: how an agent sorts a Triage ticket. Once the server
 * has it, every client's replica holds the contact and maps the sender's mail to the account.
 * The server keys it by the address: the same address twice in one account is one contact.
 */
export const contactAddArgs = z.strictObject({
  accountId: idSchema,
  email: z.email().max(254),
  name: nameSchema,
  role: z.enum(CONTACT_ROLES),
  department: optionalText.nullable().optional(),
})

export const quoteLineSchema = z.strictObject({
  sku: idSchema,
  description: optionalText.optional(),
  qty: positiveQtySchema,
  unitPrice: moneySchema,
  discountPct: z.number().min(0).max(100).optional(),
})

export const quoteReviseArgs = z.strictObject({
  quoteId: idSchema,
  lines: z.array(quoteLineSchema).min(1).max(LIMITS.MAX_LINES),
  validUntil: dateSchema,
  note: optionalText.optional(),
})

export const quoteAcceptArgs = z.strictObject({
  quoteId: idSchema,
  /** The revision the customer accepted; must be the current one. */
  revision: z.number().int().min(1),
})

export const orderChangeLinesArgs = z.strictObject({
  orderId: idSchema,
  changes: z
    .array(
      z
        .strictObject({
          lineId: idSchema,
          qty: qtySchema.optional(),
          shipDate: dateSchema.optional(),
        })
        .refine((c) => c.qty !== undefined || c.shipDate !== undefined, {
          message: 'give qty or shipDate',
        }),
    )
    .min(1)
    .max(LIMITS.MAX_LINES),
})

export const orderSplitShipmentArgs = z.strictObject({
  orderId: idSchema,
  lineId: idSchema,
  /** The parts the line ships in; their quantities must add up to the open quantity. */
  parts: z
    .array(z.strictObject({ qty: positiveQtySchema, shipDate: dateSchema }))
    .min(2)
    .max(20),
})

export const orderConfirmBackorderArgs = z.strictObject({
  orderId: idSchema,
  lineId: idSchema,
  expectedDate: dateSchema,
})

export const invoiceCorrectArgs = z.strictObject({
  invoiceId: idSchema,
  /** The corrected invoice amount in cents. */
  amount: moneySchema,
  reason: z.string().min(1).max(LIMITS.MAX_NAME),
})

export const MUTATION_ARGS = {
  'ticket.assign': ticketAssignArgs,
  'ticket.setStatus': ticketSetStatusArgs,
  'ticket.addNote': ticketAddNoteArgs,
  'ticket.setOrderType': ticketSetOrderTypeArgs,
  'ticket.link': ticketLinkArgs,
  'contact.add': contactAddArgs,
  'triage.setStatus': triageSetStatusArgs,
  'quote.revise': quoteReviseArgs,
  'quote.accept': quoteAcceptArgs,
  'order.changeLines': orderChangeLinesArgs,
  'order.splitShipment': orderSplitShipmentArgs,
  'order.confirmBackorder': orderConfirmBackorderArgs,
  'invoice.correct': invoiceCorrectArgs,
} as const

export type MutationName = keyof typeof MUTATION_ARGS
export const MUTATION_NAMES = Object.keys(MUTATION_ARGS) as MutationName[]
export type MutationArgs<N extends MutationName> = z.infer<(typeof MUTATION_ARGS)[N]>

/**
 * Mutations that change money or quantities must carry the entity version they were made
 * against: the server rejects a stale one with both versions instead of letting the last
 * write win.
 */
export const VERSIONED_MUTATIONS: ReadonlySet<MutationName> = new Set<MutationName>([
  'quote.revise',
  'quote.accept',
  'order.changeLines',
  'order.splitShipment',
  'invoice.correct',
])

const mutationIdSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)
const baseVersionSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)

function mutationOf<N extends MutationName>(name: N) {
  return z.strictObject({
    /** Increases per client; the server skips ids it has already recorded. */
    id: mutationIdSchema,
    name: z.literal(name),
    args: MUTATION_ARGS[name],
    /**
     * The version of the target entity the change was made against: required for changes
     * to money and quantities (VERSIONED_MUTATIONS), optional otherwise.
     */
    baseVersion: VERSIONED_MUTATIONS.has(name) ? baseVersionSchema : baseVersionSchema.optional(),
  })
}

export const mutationSchema = z.discriminatedUnion('name', [
  mutationOf('ticket.assign'),
  mutationOf('ticket.setStatus'),
  mutationOf('ticket.addNote'),
  mutationOf('ticket.setOrderType'),
  mutationOf('ticket.link'),
  mutationOf('contact.add'),
  mutationOf('triage.setStatus'),
  mutationOf('quote.revise'),
  mutationOf('quote.accept'),
  mutationOf('order.changeLines'),
  mutationOf('order.splitShipment'),
  mutationOf('order.confirmBackorder'),
  mutationOf('invoice.correct'),
])
export type Mutation = z.infer<typeof mutationSchema>
