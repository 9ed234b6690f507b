/**
 * SLA events derived from the mail engine's tables, shared by `kontor sla --db` and the
 * console's queues (one derivation, so both show the same figures):
 * - customer message: an incoming message at its INTERNALDATE (the server's time);
 * - agent reply: when SMTP accepted it if Kontor sent it (the outbox's acceptedAt, the
 *   time it was really sent), else the INTERNALDATE of the copy in Sent. An accepted reply
 *   not yet seen in Sent counts too.
 * Pauses and solves are ticket metadata owned by the sync server (see the console's
 * replica join); they are not in the mail tables.
 *
 * Read-only. Events come back per ticket in no particular order (the SLA engine sorts).
 */
import type { SlaEvent } from '../../shared/sla'
import { isSolvedStatus, reopenedByCustomer, statusEvents } from '../../shared/sla/server-mapping'
import type { DbHandle } from '../db/open'

interface MessageRow {
  ticketId: string
  direction: string
  internalDate: string
  messageId: string | null
}

/** SQLite limits bound parameters; ticket ids are read in slices of this many. */
const SLICE = 500

/**
 * Mail SLA events per ticket id. With `ticketIds`, only those tickets (each gets an entry,
 * possibly empty); without, every ticket that has messages.
 */
export function loadMailSlaEvents(
  handle: DbHandle,
  ticketIds?: readonly string[],
): Map<string, SlaEvent[]> {
  const byId = new Map<string, SlaEvent[]>()
  if (ticketIds) for (const id of ticketIds) byId.set(id, [])
  const accepted = new Map<string, { ticketId: string; at: number }>()
  for (const row of handle.sqlite
    .prepare(
      `SELECT ticket_id AS ticketId, message_id AS messageId, accepted_at AS acceptedAt
         FROM mail_outbox WHERE accepted_at IS NOT NULL`,
    )
    .all() as { ticketId: string; messageId: string; acceptedAt: string }[]) {
    accepted.set(row.messageId, { ticketId: row.ticketId, at: Date.parse(row.acceptedAt) })
  }
  const seenReplies = new Set<string>()
  const fold = (rows: MessageRow[]) => {
    for (const m of rows) {
      let events = byId.get(m.ticketId)
      if (!events) {
        if (ticketIds) continue
        events = []
        byId.set(m.ticketId, events)
      }
      if (m.direction === 'in') {
        events.push({ at: Date.parse(m.internalDate), type: 'customer_message' })
      } else {
        const sent = m.messageId === null ? undefined : accepted.get(m.messageId)
        if (m.messageId !== null) seenReplies.add(m.messageId)
        events.push({ at: sent?.at ?? Date.parse(m.internalDate), type: 'agent_reply' })
      }
    }
  }
  // Automatic replies start no clock and answer nothing (see mail/tickets.ts).
  const columns = `SELECT ticket_id AS ticketId, direction, internal_date AS internalDate,
      message_id AS messageId FROM mail_messages WHERE auto_reply = 0`
  if (ticketIds) {
    for (let i = 0; i < ticketIds.length; i += SLICE) {
      const slice = ticketIds.slice(i, i + SLICE)
      fold(
        handle.sqlite
          .prepare(`${columns} AND ticket_id IN (${slice.map(() => '?').join(',')})`)
          .all(...slice) as MessageRow[],
      )
    }
  } else {
    fold(handle.sqlite.prepare(`${columns} AND ticket_id IS NOT NULL`).all() as MessageRow[])
  }
  for (const [messageId, reply] of accepted) {
    if (seenReplies.has(messageId)) continue
    const events = byId.get(reply.ticketId)
    // Without a ticket filter, a reply accepted for a ticket with no stored message yet
    // has no ticket to count for (tickets are derived from stored mail).
    events?.push({ at: reply.at, type: 'agent_reply' })
  }
  return byId
}

/**
 * When a customer's message reopened this ticket after the sync server's last solve (ISO
 * instant of that message), else null: the rule of `reopenedByCustomer`, for one ticket and
 * its server record (`ticket` or `triage` replica data with `statusHistory`).
 */
export function customerReopenedAt(
  handle: DbHandle,
  ticketId: string,
  server: Record<string, unknown>,
): string | null {
  if (!isSolvedStatus(server.status)) return null
  const mail = loadMailSlaEvents(handle, [ticketId]).get(ticketId) ?? []
  const at = reopenedByCustomer([...mail, ...statusEvents(server)])
  return at === null ? null : new Date(at).toISOString()
}
