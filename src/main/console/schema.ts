/**
 * The console's local table: SLA escalations already recorded, so that at-risk and breach
 * notices are raised once per ticket, metric, cycle and kind, across restarts too (the SLA
 * engine's `newEscalations` skips keys found here).
 */
import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core'

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

/**
 * The queues as last computed, one row per ticket, so that a freshly started core can serve
 * the first page while it builds (see snapshot.ts). Derived data: dropped and rewritten
 * freely, ignored unless `console_snapshot_meta` says it was written by this app version in
 * this format. SLA figures are kept as the instants at which their state changes, so that
 * at risk and breached are evaluated at the reader's `now`, not frozen at the write.
 */
export const consoleSnapshot = sqliteTable(
  'console_snapshot',
  {
    ticketId: text('ticket_id').primaryKey(),
    subject: text('subject').notNull(),
    accountId: text('account_id'),
    accountName: text('account_name'),
    tier: text('tier'),
    assigneeId: text('assignee_id'),
    assigneeName: text('assignee_name'),
    orderType: text('order_type'),
    status: text('status').notNull(),
    pauseReason: text('pause_reason'),
    customerAddress: text('customer_address'),
    lastMessageAt: text('last_message_at').notNull(),
    /** 1 when the ticket's status counts as solved (the Solved queue), else 0. */
    solved: integer('solved').notNull(),
    /** The shared mailboxes it sits in, as `,id,id,` (sorted ids). */
    mailboxes: text('mailboxes').notNull(),
    /** The row's SLA headline when computed (null columns: no clock started). */
    slaMetric: text('sla_metric'),
    slaState: text('sla_state'),
    slaDueAt: real('sla_due_at'),
    slaAtRiskAt: real('sla_at_risk_at'),
    slaRemaining: real('sla_remaining'),
    /** Epoch ms from which the ticket is at risk / breached (an active running clock), or null. */
    riskAt: real('risk_at'),
    breachAt: real('breach_at'),
    /** The SLA order: rank (0 running, 1 paused, 2 none), then key (due, minutes left, −last). */
    rank: integer('rank').notNull(),
    sortKey: real('sort_key').notNull(),
    lastMs: real('last_ms').notNull(),
  },
  (t) => [
    index('console_snapshot_sla').on(t.solved, t.rank, t.sortKey, t.ticketId),
    index('console_snapshot_activity').on(t.solved, t.lastMs, t.ticketId),
  ],
)

/** What wrote `console_snapshot`: format, app version, schema, row count, when. */
export const consoleSnapshotMeta = sqliteTable('console_snapshot_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})
