/**
 * The console's snapshot: the queues' rows as last computed, kept in `console_snapshot` so
 * that a freshly started core serves `console:queues` and `console:tickets` at once, by
 * indexed SQL, while the full build runs in the background (see QueueService).
 *
 * - Written by the queue service after a build (every row) and after incremental changes
 *   (the changed rows, debounced). A reader sees at most what the last write saw.
 * - SLA figures that change by time alone are not frozen: a row keeps the instants at which
 *   its worst state turns at risk and breached (`risk_at`, `breach_at`) and its headline's
 *   `atRiskAt`/`dueAt`, and membership of At risk / Breached and the headline's state are
 *   evaluated at the reader's `now`. Two figures are the write's: a running clock's
 *   `remainingMinutes` and a paused clock's `dueAt` (if it resumed at the write); the UI's
 *   chip shows neither (it counts down to a running clock's `dueAt`, and shows a paused
 *   clock's minutes left, which do not move).
 * - Ignored unless its meta names this format, this app version and this schema (the last
 *   applied migration), and holds as many rows as it says: a snapshot from another version,
 *   a half-written or an empty one is never served. Nor is one read at or after its
 *   `validUntil` (an event dated after the write, which only clock skew produces).
 *
 * Time comes from the caller. Nothing here reads mail bodies.
 */
import type { QueueInfo, QueueRow, SlaHeadline } from '../../shared/contract/console'
import { KontorError } from '../../shared/errors'
import {
  METRICS,
  type MetricName,
  type MetricState,
  PAUSE_REASONS,
  type PauseReason,
} from '../../shared/sla'
import { TIERS, type Tier } from '../../shared/sla/policy'
import type { DbHandle } from '../db/open'

/** Bump when the meaning of a column changes: older snapshots are then ignored. */
export const SNAPSHOT_FORMAT = '1'

/** One row as the queue service hands it over (the contract's row plus order and instants). */
export interface SnapshotRow extends Omit<QueueRow, 'sla'> {
  solved: boolean
  mailboxes: readonly string[]
  sla: SlaHeadline | null
  riskAt: number | null
  breachAt: number | null
  rank: 0 | 1 | 2
  sortDue: number
  lastMs: number
  /**
   * The first of its events after the write's now, if its figures depend on now through
   * them (a solved ticket's figures leave out events not yet due), else null: from then on
   * the row may be wrong, and the snapshot is not served.
   */
  changesAt: number | null
}

export interface SnapshotQuery {
  queue: string
  reason?: PauseReason
  sort?: 'sla' | 'activity'
  offset?: number
  limit?: number
}

type Stored = [
  ticketId: string,
  subject: string,
  accountId: string | null,
  accountName: string | null,
  tier: string | null,
  assigneeId: string | null,
  assigneeName: string | null,
  orderType: string | null,
  status: string,
  pauseReason: string | null,
  customerAddress: string | null,
  lastMessageAt: string,
  metric: string | null,
  state: string | null,
  dueAt: number | null,
  atRiskAt: number | null,
  remaining: number | null,
]

const COLUMNS = `ticket_id, subject, account_id, account_name, tier, assignee_id, assignee_name,
  order_type, status, pause_reason, customer_address, last_message_at, sla_metric, sla_state,
  sla_due_at, sla_at_risk_at, sla_remaining`

const STATES = new Set<string>(['not_started', 'running', 'paused', 'met', 'at_risk', 'breached'])
const CLOCK_STATES = new Set<string>(['running', 'at_risk', 'breached'])
const STATE_ORDER: Record<string, number> = { running: 0, at_risk: 1, breached: 2 }
/** Rows written per transaction when the whole snapshot is rewritten (a slice of work). */
export const WRITE_SLICE = 500

/** SQLite keeps no Infinity in a sortable way we rely on: a due instant far beyond any real one. */
const FAR = 8.64e15
const finite = (x: number) => (x === Infinity ? FAR : x === -Infinity ? -FAR : x)

function corrupt(what: string): never {
  throw new KontorError('E_INTERNAL', `Console snapshot: ${what}.`)
}

/**
 * The headline's state at `now`: a running clock's state follows its instants (never going
 * back from what was stored); any other state (paused, met, not started) does not move.
 */
function stateAt(stored: MetricState, dueAt: number | null, atRiskAt: number | null, now: number) {
  if (!CLOCK_STATES.has(stored)) return stored
  const byTime: MetricState =
    dueAt !== null && now >= dueAt
      ? 'breached'
      : atRiskAt !== null && now >= atRiskAt
        ? 'at_risk'
        : 'running'
  return (STATE_ORDER[byTime] as number) > (STATE_ORDER[stored] as number) ? byTime : stored
}

function toRow(r: Stored, now: number): QueueRow {
  const [id, subject, accountId, accountName, tier, assigneeId, assigneeName, orderType] = r
  const [status, pauseReason, customerAddress, lastMessageAt] = [r[8], r[9], r[10], r[11]]
  const [metric, state, dueAt, atRiskAt, remaining] = [r[12], r[13], r[14], r[15], r[16]]
  let t: Tier | null = null
  if (tier !== null) {
    const n = Number(tier)
    if (!(TIERS as readonly number[]).includes(n)) corrupt('unknown tier')
    t = n as Tier
  }
  if (pauseReason !== null && !(PAUSE_REASONS as readonly string[]).includes(pauseReason))
    corrupt('unknown pause reason')
  let sla: SlaHeadline | null = null
  if (metric !== null) {
    if (!(METRICS as readonly string[]).includes(metric)) corrupt('unknown metric')
    if (state === null || !STATES.has(state) || remaining === null) corrupt('bad SLA state')
    sla = {
      metric: metric as MetricName,
      state: stateAt(state as MetricState, dueAt, atRiskAt, now),
      dueAt,
      atRiskAt,
      remainingMinutes: remaining,
    }
  }
  return {
    id,
    subject,
    accountId,
    accountName,
    tier: t,
    assigneeId,
    assigneeName,
    orderType,
    status,
    pauseReason: pauseReason as PauseReason | null,
    customerAddress,
    lastMessageAt,
    sla,
  }
}

/** The signature a usable snapshot carries: format, app version, schema (last migration). */
function signature(db: DbHandle, version: string): string {
  let schema = 'none'
  try {
    const last = db.sqlite
      .prepare('SELECT hash FROM __drizzle_migrations ORDER BY created_at DESC, id DESC LIMIT 1')
      .pluck()
      .get() as string | undefined
    if (last) schema = last
  } catch {
    // No migrations table (a store migrated by other means): the signature still differs
    // from any written by a migrated store.
  }
  return `${SNAPSHOT_FORMAT}|${version}|${schema}`
}

export class ConsoleSnapshot {
  private readonly db: DbHandle
  private readonly signature: string

  constructor(db: DbHandle, version: string) {
    this.db = db
    this.signature = signature(db, version)
  }

  /** Whether the stored snapshot may be served at `now`: this signature, complete, not empty. */
  usable(now: number): boolean {
    const meta = this.meta()
    if (meta.get('signature') !== this.signature) return false
    if (!this.current(now, meta)) return false
    const rows = Number(meta.get('rows'))
    if (!Number.isInteger(rows) || rows <= 0) return false
    const n = this.db.sqlite.prepare('SELECT count(*) FROM console_snapshot').pluck().get()
    return n === rows
  }

  /** The queues and their counts at `now` (the same list QueueService.queues gives). */
  queues(
    now: number,
    agentId: string | null,
    mailboxes: readonly { id: string; label: string }[],
  ): QueueInfo[] {
    if (!this.current(now)) corrupt('out of date')
    // One pass over the table for every count (mailboxes and pause reasons included).
    const perMailbox = mailboxes.map(
      (_, i) => `, count(*) FILTER (WHERE solved = 0 AND instr(mailboxes, @m${i}) > 0)`,
    )
    const perReason = PAUSE_REASONS.map(
      (_, i) => `, count(*) FILTER (WHERE solved = 0 AND pause_reason = @r${i})`,
    )
    const params: Record<string, string | number | null> = { agent: agentId, now }
    mailboxes.forEach((m, i) => (params[`m${i}`] = `,${m.id},`))
    PAUSE_REASONS.forEach((r, i) => (params[`r${i}`] = r))
    const c = this.db.sqlite
      .prepare(
        `SELECT count(*) FILTER (WHERE solved = 0),
                count(*) FILTER (WHERE solved = 0 AND assignee_id = @agent),
                count(*) FILTER (WHERE solved = 0 AND account_id IS NULL),
                count(*) FILTER (WHERE solved = 0 AND risk_at <= @now
                                   AND (breach_at IS NULL OR breach_at > @now)),
                count(*) FILTER (WHERE solved = 0 AND breach_at <= @now),
                count(*) FILTER (WHERE solved = 0 AND pause_reason IS NOT NULL),
                count(*) FILTER (WHERE solved = 1)
                ${perMailbox.join('')} ${perReason.join('')}
           FROM console_snapshot`,
      )
      .raw()
      .get(params) as number[]
    const [all, mine, triage, atRisk, breached, waiting, solved] = c as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ]
    const byMailbox = c.slice(7, 7 + mailboxes.length)
    const byReason = c.slice(7 + mailboxes.length)
    return [
      { id: 'all', label: 'All open', count: all },
      { id: 'mine', label: 'My tickets', count: agentId === null ? 0 : mine },
      ...mailboxes.map((m, i) => ({
        id: `mailbox:${m.id}`,
        label: m.label,
        count: byMailbox[i] as number,
      })),
      { id: 'triage', label: 'Triage', count: triage },
      { id: 'at_risk', label: 'At risk', count: atRisk },
      { id: 'breached', label: 'Breached', count: breached },
      {
        id: 'waiting',
        label: 'Waiting',
        count: waiting,
        reasons: PAUSE_REASONS.map((reason, i) => ({ reason, count: byReason[i] as number })),
      },
      { id: 'solved', label: 'Solved', count: solved },
    ]
  }

  /** One page of a queue at `now`, in the service's orders (ties by id). */
  tickets(
    query: SnapshotQuery,
    now: number,
    agentId: string | null,
    mailboxIds: readonly string[],
    limit: number,
  ): { rows: QueueRow[]; total: number } {
    if (!this.current(now)) corrupt('out of date')
    const where: string[] = []
    const params: (string | number)[] = []
    const q = query.queue
    switch (q) {
      case 'all':
        where.push('solved = 0')
        break
      case 'mine':
        if (agentId === null) return { rows: [], total: 0 }
        where.push('solved = 0', 'assignee_id = ?')
        params.push(agentId)
        break
      case 'triage':
        where.push('solved = 0', 'account_id IS NULL')
        break
      case 'at_risk':
        where.push('solved = 0', 'risk_at <= ?', '(breach_at IS NULL OR breach_at > ?)')
        params.push(now, now)
        break
      case 'breached':
        where.push('solved = 0', 'breach_at <= ?')
        params.push(now)
        break
      case 'waiting':
        where.push('solved = 0', 'pause_reason IS NOT NULL')
        if (query.reason !== undefined) {
          where.push('pause_reason = ?')
          params.push(query.reason)
        }
        break
      case 'solved':
        where.push('solved = 1')
        break
      default: {
        const id = q.startsWith('mailbox:') ? q.slice('mailbox:'.length) : null
        if (id === null || !mailboxIds.includes(id))
          throw new KontorError('E_NOT_FOUND', `No queue ${q.slice(0, 80)}.`)
        where.push('solved = 0', 'instr(mailboxes, ?) > 0')
        params.push(`,${id},`)
      }
    }
    const order =
      (query.sort ?? 'sla') === 'sla' ? 'rank, sort_key, ticket_id' : 'last_ms DESC, ticket_id'
    const filter = where.join(' AND ')
    const total = this.db.sqlite
      .prepare(`SELECT count(*) FROM console_snapshot WHERE ${filter}`)
      .pluck()
      .get(...params) as number
    const stored = this.db.sqlite
      .prepare(
        `SELECT ${COLUMNS} FROM console_snapshot WHERE ${filter} ORDER BY ${order} LIMIT ? OFFSET ?`,
      )
      .raw()
      .all(...params, limit, query.offset ?? 0) as Stored[]
    return { rows: stored.map((r) => toRow(r, now)), total }
  }

  /**
   * Rewrite the whole snapshot, `WRITE_SLICE` rows per call of the returned step (each its
   * own short transaction, so the caller can yield between them); the step returns true when
   * done. Over a snapshot of this signature, rows are replaced in place and the row count
   * kept true in every slice, so a rewrite cut short (the process ended) leaves a usable
   * snapshot, each row as fresh as its last write; tickets gone are dropped at the end.
   * Any other snapshot is cleared first and marked usable only at the end.
   */
  rewrite(rows: readonly SnapshotRow[]): () => boolean {
    let i = -1
    let gone: string[] = []
    return () => {
      if (i < 0) {
        i = 0
        if (this.meta().get('signature') === this.signature) {
          const keep = new Set(rows.map((r) => r.id))
          gone = (
            this.db.sqlite
              .prepare('SELECT ticket_id FROM console_snapshot')
              .pluck()
              .all() as string[]
          ).filter((id) => !keep.has(id))
        } else this.clear()
        return false
      }
      const end = Math.min(i + WRITE_SLICE, rows.length)
      if (end > i) this.put(rows.slice(i, end), [])
      i = end
      if (i < rows.length) return false
      this.finish(rows, gone)
      return true
    }
  }

  /** Replace some rows and drop others, in one transaction. */
  update(rows: readonly SnapshotRow[], removed: readonly string[]): void {
    this.put(rows, removed)
  }

  /** Forget the snapshot (it will not be served until rewritten). */
  clear(): void {
    this.db.sqlite.transaction(() => {
      this.db.sqlite.prepare('DELETE FROM console_snapshot_meta').run()
      this.db.sqlite.prepare('DELETE FROM console_snapshot').run()
    })()
  }

  /** The end of a rewrite: tickets gone dropped, then the meta that makes it usable. */
  private finish(rows: readonly SnapshotRow[], gone: readonly string[]): void {
    let until = Infinity
    for (const r of rows) if (r.changesAt !== null) until = Math.min(until, r.changesAt)
    const set = this.db.sqlite.prepare(
      'INSERT OR REPLACE INTO console_snapshot_meta (key, value) VALUES (?, ?)',
    )
    const drop = this.db.sqlite.prepare('DELETE FROM console_snapshot WHERE ticket_id = ?')
    this.db.sqlite.transaction(() => {
      for (const id of gone) drop.run(id)
      this.db.sqlite.prepare("DELETE FROM console_snapshot_meta WHERE key = 'validUntil'").run()
      if (until !== Infinity) set.run('validUntil', String(until))
      if (rows.length === 0) {
        this.db.sqlite.prepare('DELETE FROM console_snapshot_meta').run()
        return
      }
      set.run('signature', this.signature)
      set.run('rows', String(rows.length))
    })()
  }

  private put(rows: readonly SnapshotRow[], removed: readonly string[]): void {
    const insert = this.db.sqlite.prepare(
      `INSERT OR REPLACE INTO console_snapshot (${COLUMNS}, solved, mailboxes, risk_at, breach_at,
         rank, sort_key, last_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const drop = this.db.sqlite.prepare('DELETE FROM console_snapshot WHERE ticket_id = ?')
    const meta = this.meta()
    const valid = meta.get('signature') === this.signature
    let until = meta.has('validUntil') ? Number(meta.get('validUntil')) : Infinity
    for (const r of rows) if (r.changesAt !== null) until = Math.min(until, r.changesAt)
    this.db.sqlite.transaction(() => {
      if (until !== Infinity)
        this.db.sqlite
          .prepare(
            "INSERT OR REPLACE INTO console_snapshot_meta (key, value) VALUES ('validUntil', ?)",
          )
          .run(String(until))
      for (const r of rows) {
        const s = r.sla
        insert.run(
          r.id,
          r.subject,
          r.accountId,
          r.accountName,
          r.tier === null ? null : String(r.tier),
          r.assigneeId,
          r.assigneeName,
          r.orderType,
          r.status,
          r.pauseReason,
          r.customerAddress,
          r.lastMessageAt,
          s?.metric ?? null,
          s?.state ?? null,
          s?.dueAt ?? null,
          s?.atRiskAt ?? null,
          s?.remainingMinutes ?? null,
          r.solved ? 1 : 0,
          `,${r.mailboxes.join(',')},`,
          r.riskAt,
          r.breachAt,
          r.rank,
          finite(r.rank === 2 ? -r.lastMs : r.sortDue),
          r.lastMs,
        )
      }
      for (const id of removed) drop.run(id)
      // Keep the row count true when updating a served snapshot (it is how `usable` tells a
      // complete one).
      if (valid) {
        const n = this.db.sqlite.prepare('SELECT count(*) FROM console_snapshot').pluck().get()
        this.db.sqlite
          .prepare("INSERT OR REPLACE INTO console_snapshot_meta (key, value) VALUES ('rows', ?)")
          .run(String(n))
      }
    })()
  }

  /** Whether `now` is before the first instant at which a stored row may change by itself. */
  private current(now: number, meta = this.meta()): boolean {
    const until = meta.get('validUntil')
    return until === undefined || now < Number(until)
  }

  private meta(): Map<string, string> {
    return new Map(
      this.db.sqlite.prepare('SELECT key, value FROM console_snapshot_meta').raw().all() as [
        string,
        string,
      ][],
    )
  }
}
