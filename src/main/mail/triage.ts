import type { TriageStateInfo } from '../../shared/contract/mail'
import { TRIAGE_STAYS_CLOSED } from '../../shared/sync/mutations'
import type { DbHandle } from '../db/open'
import { customerReopenedAt } from '../sla/ticket-events'

/**
 * A Triage ticket's state as the sync server confirmed it (the replica's `triage` entity):
 * closed without an account, or open again (by an agent, or by the sender writing again
 * after a close that reopens); null when nobody has changed it.
 */
export function triageState(handle: DbHandle, ticketId: string): TriageStateInfo | null {
  const row = handle.sqlite
    .prepare("SELECT version, data FROM replica_entities WHERE entity = 'triage' AND id = ?")
    .get(ticketId) as { version: number; data: string } | undefined
  if (!row) return null
  const data = JSON.parse(row.data) as {
    status?: unknown
    reason?: unknown
    statusHistory?: unknown
  }
  const history = Array.isArray(data.statusHistory)
    ? (data.statusHistory as { at?: unknown; by?: unknown }[])
    : []
  const last = history[history.length - 1]
  const by = typeof last?.by === 'string' ? last.by : null
  const agent =
    by === null
      ? undefined
      : (handle.sqlite
          .prepare(
            "SELECT json_extract(data, '$.name') AS name FROM replica_entities WHERE entity = 'agent' AND id = ?",
          )
          .get(by) as { name: string | null } | undefined)
  const reason = typeof data.reason === 'string' ? data.reason : null
  const reopenedAt =
    data.status === 'closed' && !(reason !== null && TRIAGE_STAYS_CLOSED.has(reason))
      ? customerReopenedAt(handle, ticketId, data)
      : null
  return {
    status: data.status === 'closed' && reopenedAt === null ? 'closed' : 'open',
    reopenedAt,
    reason,
    by,
    byName: agent?.name ?? null,
    at: typeof last?.at === 'string' ? last.at : null,
    version: row.version,
  }
}
