/**
 * The console's local table: SLA escalations already recorded, so that at-risk and breach
 * notices are raised once per ticket, metric, cycle and kind, across restarts too (the SLA
 * engine's `newEscalations` skips keys found here).
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

export const consoleEscalations = sqliteTable(
  'console_escalations',
  {
    /** `ticket/metric/cycleStart/kind` (escalationKey in src/shared/sla/escalation.ts). */
    key: text('key').primaryKey(),
    ticketId: text('ticket_id').notNull(),
    metric: text('metric').notNull(),
    /** 'at_risk' | 'breached'. */
    kind: text('kind').notNull(),
    /** Epoch ms at which the threshold was crossed (from the clocks, the same on every client). */
    at: integer('at').notNull(),
    /** When this client recorded it (its injected clock). */
    recordedAt: text('recorded_at').notNull(),
  },
  (t) => [index('console_escalations_ticket').on(t.ticketId)],
)
