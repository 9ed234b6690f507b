/**
 * The ticket events that drive SLA clocks.
 *
 * Times are the ones every client agrees on (ARCHITECTURE.md): a customer message at its
 * IMAP INTERNALDATE, an agent reply at the time it was really sent, status changes and
 * pauses at the server's time of the mutation. Never the moment a client synced.
 */
import { z } from 'zod'

/** Why a ticket waits; each reason means something to the clocks (see clocks.ts). */
export const PAUSE_REASONS = [
  'waiting_on_customer',
  'waiting_on_po_approval',
  'waiting_on_erp_backorder',
  'waiting_on_supplier',
] as const
export type PauseReason = (typeof PAUSE_REASONS)[number]

const at = z.iso.datetime({ offset: true })

export const SlaEventInputSchema = z.discriminatedUnion('type', [
  z.object({ at, type: z.literal('customer_message') }).strict(),
  z.object({ at, type: z.literal('agent_reply') }).strict(),
  z.object({ at, type: z.literal('pause'), reason: z.enum(PAUSE_REASONS) }).strict(),
  z.object({ at, type: z.literal('resume') }).strict(),
  z.object({ at, type: z.literal('solved') }).strict(),
  z.object({ at, type: z.literal('reopened') }).strict(),
])
export type SlaEventInput = z.infer<typeof SlaEventInputSchema>
export type SlaEventType = SlaEventInput['type']

/** An event with its instant as epoch ms (what the engine works on). */
export type SlaEvent =
  | { at: number; type: Exclude<SlaEventType, 'pause'> }
  | { at: number; type: 'pause'; reason: PauseReason }

export function toSlaEvent(input: SlaEventInput): SlaEvent {
  const t = Date.parse(input.at)
  return input.type === 'pause'
    ? { at: t, type: 'pause', reason: input.reason }
    : { at: t, type: input.type }
}

/**
 * Order of events that share an instant (timestamps have second precision, so ties happen).
 * Things that open or restart a clock come before things that stop one: a customer message
 * and a reply in the same second count as a reply to that message (met in 0 minutes), not
 * as a reply followed by a new unanswered message.
 */
const RANK: Record<SlaEventType, number> = {
  reopened: 0,
  customer_message: 1,
  resume: 2,
  agent_reply: 3,
  pause: 4,
  solved: 5,
}

/** A total order on events, so the result never depends on the order events were given in. */
export function compareEvents(a: SlaEvent, b: SlaEvent): number {
  if (a.at !== b.at) return a.at - b.at
  const r = RANK[a.type] - RANK[b.type]
  if (r !== 0) return r
  const ra = a.type === 'pause' ? a.reason : ''
  const rb = b.type === 'pause' ? b.reason : ''
  return ra < rb ? -1 : ra > rb ? 1 : 0
}

/** Whether events are already in `compareEvents` order (mail mostly arrives by INTERNALDATE). */
export function inEventOrder(events: readonly SlaEvent[]): boolean {
  for (let i = 1; i < events.length; i++) {
    if (compareEvents(events[i - 1] as SlaEvent, events[i] as SlaEvent) > 0) return false
  }
  return true
}

/** The events in `compareEvents` order, as a new array (checked before paying for a sort). */
export function sortEvents(events: readonly SlaEvent[]): SlaEvent[] {
  return inEventOrder(events) ? events.slice() : [...events].sort(compareEvents)
}
