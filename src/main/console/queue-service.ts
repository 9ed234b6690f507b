/**
 * The console's queues: mail tickets, their SLA clocks and the server replica joined into
 * rows with live SLA figures.
 *
 * - Built lazily on the first read: every ticket's inputs are read once, open tickets go
 *   into one `SlaTracker`.
 * - Kept up to date incrementally: a `db:changed` for mail, replica or sync tables (or a
 *   `mail:synced`) marks the inputs stale; they are re-read (on the next read, or right after
 *   the event) and compared per ticket with what was tracked, and only tickets whose SLA
 *   inputs (events, policy) changed are recomputed. Rows whose display fields changed are
 *   announced too (`console:changed { ticketIds }`).
 * - SLA states that change by time alone (running → at risk → breached) are picked up by one
 *   timer set to the tracker's `nextChangeAt()`, and by every read (`advance(now)`), so the
 *   UI's countdown chips need nothing pushed every second.
 * - Escalations (at risk, breached) are recorded once in `console_escalations` and announced
 *   as `console:escalated`.
 *
 * Time comes only from the injected clock. Nothing here reads or logs mail bodies.
 */
import type { Clock } from '../../shared/clock'
import type {
  EscalationInfo,
  QueueInfo,
  QueueRow,
  SlaHeadline,
} from '../../shared/contract/console'
import { KontorError } from '../../shared/errors'
import {
  computeTicketSla,
  newEscalations,
  PAUSE_REASONS,
  type PauseReason,
  type SlaEvent,
  SlaTracker,
  sortEvents,
  type Tier,
} from '../../shared/sla'
import { isSolvedStatus, slaPauseReason, statusEvents } from '../../shared/sla/server-mapping'
import type { EventBus } from '../core/events'
import type { Logger } from '../core/logger'
import type { DbHandle } from '../db/open'
import { loadMailSlaEvents } from '../sla/ticket-events'
import { type SlaView, slaView } from './headline'
import {
  defaultQueuePolicy,
  PolicyResolver,
  type QueuePolicy,
  type ResolvedSettings,
} from './policy'

export interface QueueServiceOptions {
  db: DbHandle
  clock: Clock
  events: EventBus
  log: Logger
  policy?: QueuePolicy
}

export type QueueSort = 'sla' | 'activity'

export interface TicketsQuery {
  queue: string
  reason?: PauseReason
  sort?: QueueSort
  offset?: number
  limit?: number
}

interface TicketModel {
  id: string
  subject: string
  accountId: string | null
  accountName: string | null
  tier: Tier | null
  assigneeId: string | null
  assigneeName: string | null
  orderType: string | null
  status: string
  pauseReason: PauseReason | null
  customerAddress: string | null
  lastMessageAt: string
  lastMs: number
  solved: boolean
  mailboxes: readonly string[]
  events: SlaEvent[]
  policy: ResolvedSettings
  /** Signature of the SLA inputs: equal means the clocks need no recompute. */
  slaKey: string
  /** Signature of the displayed fields. */
  rowKey: string
  view: SlaView
}

interface ReplicaRow {
  version: number
  data: Record<string, unknown>
}

/** Tables whose change can change a queue row. */
function relevant(tables: readonly string[]): boolean {
  return tables.some(
    (t) =>
      t.startsWith('mail_') ||
      t.startsWith('replica') ||
      t === 'local_accounts' ||
      t === 'local_contacts' ||
      t === 'sync_state',
  )
}

const NO_VIEW: SlaView = { headline: null, worst: null, rank: 2, sortDue: 0 }
/** Wake at least this often: a suspended machine's timers fire late, the clock does not. */
const MAX_TIMER_MS = 60_000
const DEFAULT_LIMIT = 100

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

function eventsKey(events: readonly SlaEvent[]): string {
  let s = ''
  for (const e of events) s += `${e.at}${e.type === 'pause' ? `p${e.reason}` : e.type[0]},`
  return s
}

export class QueueService {
  private readonly db: DbHandle
  private readonly clock: Clock
  private readonly events: EventBus
  private readonly log: Logger
  private readonly resolver: PolicyResolver
  private readonly tracker = new SlaTracker()
  private readonly models = new Map<string, TicketModel>()
  private readonly replica = new Map<string, ReplicaRow>()
  private mailboxes: { id: string; label: string }[] = []
  private recorded = new Set<string>()
  private built = false
  private stale = false
  private sorted: Partial<Record<QueueSort, TicketModel[]>> = {}
  private timer: ReturnType<typeof setTimeout> | null = null
  private reloadTimer: ReturnType<typeof setTimeout> | null = null
  private readonly unsubscribe: Array<() => void>
  private disposed = false
  /** Counters for tests and the benchmark: full reads, and SLA recomputes per ticket. */
  readonly stats = { reads: 0, slaRecomputes: 0 }

  constructor(options: QueueServiceOptions) {
    this.db = options.db
    this.clock = options.clock
    this.events = options.events
    this.log = options.log
    this.resolver = new PolicyResolver(options.policy ?? defaultQueuePolicy())
    // Cheap: nothing is read until the first query.
    this.unsubscribe = [
      this.events.on('db:changed', ({ tables }) => {
        if (relevant(tables)) this.markStale()
      }),
      this.events.on('mail:synced', () => this.markStale()),
    ]
  }

  dispose(): void {
    this.disposed = true
    for (const off of this.unsubscribe) off()
    if (this.timer) clearTimeout(this.timer)
    if (this.reloadTimer) clearTimeout(this.reloadTimer)
    this.timer = null
    this.reloadTimer = null
  }

  /** The queues and their counts at the clock's now. */
  queues(): { queues: QueueInfo[]; computedAt: number } {
    const now = this.refresh()
    const agentId = this.agentId()
    let all = 0
    let mine = 0
    let triage = 0
    let atRisk = 0
    let breached = 0
    let waiting = 0
    let solved = 0
    const byReason = new Map<PauseReason, number>()
    const byMailbox = new Map<string, number>()
    for (const t of this.models.values()) {
      if (t.solved) {
        solved++
        continue
      }
      all++
      if (agentId !== null && t.assigneeId === agentId) mine++
      if (t.accountId === null) triage++
      if (t.view.worst === 'breached') breached++
      else if (t.view.worst === 'at_risk') atRisk++
      if (t.pauseReason !== null) {
        waiting++
        byReason.set(t.pauseReason, (byReason.get(t.pauseReason) ?? 0) + 1)
      }
      for (const m of t.mailboxes) byMailbox.set(m, (byMailbox.get(m) ?? 0) + 1)
    }
    const queues: QueueInfo[] = [
      { id: 'all', label: 'All open', count: all },
      { id: 'mine', label: 'My tickets', count: mine },
      ...this.mailboxes.map((m) => ({
        id: `mailbox:${m.id}`,
        label: m.label,
        count: byMailbox.get(m.id) ?? 0,
      })),
      { id: 'triage', label: 'Triage', count: triage },
      { id: 'at_risk', label: 'At risk', count: atRisk },
      { id: 'breached', label: 'Breached', count: breached },
      {
        id: 'waiting',
        label: 'Waiting',
        count: waiting,
        reasons: PAUSE_REASONS.map((reason) => ({ reason, count: byReason.get(reason) ?? 0 })),
      },
      { id: 'solved', label: 'Solved', count: solved },
    ]
    return { queues, computedAt: now }
  }

  /** One page of a queue, figures evaluated at the clock's now. */
  tickets(query: TicketsQuery): { rows: QueueRow[]; total: number; computedAt: number } {
    const now = this.refresh()
    const member = this.membership(query)
    const sorted = this.sortedBy(query.sort ?? 'sla')
    const offset = query.offset ?? 0
    const end = offset + (query.limit ?? DEFAULT_LIMIT)
    const rows: QueueRow[] = []
    let total = 0
    for (const t of sorted) {
      if (!member(t)) continue
      if (total >= offset && total < end) rows.push(this.row(t, now))
      total++
    }
    return { rows, total, computedAt: now }
  }

  /** When the next SLA state changes by time alone (the timer's target), or null. */
  nextChangeAt(): number | null {
    this.refresh()
    return this.tracker.nextChangeAt()
  }

  /** Pick up SLA state changes due by now (the timer calls this; so does every read). */
  tick(): void {
    this.refresh()
  }

  private markStale(): void {
    if (!this.built || this.disposed) return
    this.stale = true
    // Re-read soon even if nobody asks, so `console:changed` reaches the UI; a read before
    // then re-reads first. Coalesces a burst of changes into one read.
    if (!this.reloadTimer) {
      this.reloadTimer = setTimeout(() => {
        this.reloadTimer = null
        this.refresh()
      }, 0)
      this.reloadTimer.unref?.()
    }
  }

  /** Build or re-read as needed, move time-driven states to now; returns now (epoch ms). */
  private refresh(): number {
    const now = this.clock.now().getTime()
    if (!this.built) {
      this.recorded = new Set(
        (
          this.db.sqlite.prepare('SELECT key FROM console_escalations').all() as { key: string }[]
        ).map((r) => r.key),
      )
      this.built = true
      this.reload(now)
    } else if (this.stale) {
      this.reload(now)
    }
    this.advance(now)
    this.schedule(now)
    return now
  }

  private agentId(): string | null {
    const row = this.db.sqlite
      .prepare("SELECT value FROM sync_state WHERE key = 'agentId'")
      .get() as { value: string } | undefined
    return row?.value ? row.value : null
  }

  private readReplica(): { accounts: Set<string>; tickets: Set<string>; agents: Set<string> } {
    const seen = {
      accounts: new Set<string>(),
      tickets: new Set<string>(),
      agents: new Set<string>(),
    }
    const rows = this.db.sqlite
      .prepare(
        `SELECT entity, id, version, data FROM replica_entities
          WHERE entity IN ('account', 'ticket', 'agent')`,
      )
      .all() as { entity: string; id: string; version: number; data: string }[]
    const keep = new Set<string>()
    for (const r of rows) {
      const key = `${r.entity}:${r.id}`
      keep.add(key)
      const cached = this.replica.get(key)
      // Parse only what changed: the replica keeps one row per entity, newest version.
      if (!cached || cached.version !== r.version)
        this.replica.set(key, {
          version: r.version,
          data: JSON.parse(r.data) as Record<string, unknown>,
        })
      if (r.entity === 'account') seen.accounts.add(r.id)
      else if (r.entity === 'ticket') seen.tickets.add(r.id)
      else seen.agents.add(r.id)
    }
    for (const key of this.replica.keys()) if (!keep.has(key)) this.replica.delete(key)
    return seen
  }

  /** Re-read every input, then recompute only the tickets whose inputs changed. */
  private reload(now: number): void {
    this.stale = false
    this.stats.reads++
    this.resolver.reset()
    this.readReplica()
    this.mailboxes = (
      this.db.sqlite
        .prepare('SELECT id, address, display_name AS displayName FROM mail_mailboxes ORDER BY id')
        .all() as { id: string; address: string; displayName: string | null }[]
    ).map((m) => ({ id: m.id, label: m.displayName ?? m.address }))
    const localNames = new Map(
      (
        this.db.sqlite.prepare('SELECT id, name FROM local_accounts').all() as {
          id: string
          name: string
        }[]
      ).map((a) => [a.id, a.name]),
    )
    const placed = new Map<string, string[]>()
    for (const p of this.db.sqlite
      .prepare(
        `SELECT DISTINCT m.ticket_id AS ticketId, f.mailbox_id AS mailboxId
           FROM mail_placements p
           JOIN mail_messages m ON m.id = p.message_row_id
           JOIN mail_folders f ON f.id = p.folder_id
          WHERE m.ticket_id IS NOT NULL
          ORDER BY f.mailbox_id`,
      )
      .all() as { ticketId: string; mailboxId: string }[]) {
      const list = placed.get(p.ticketId)
      if (list) list.push(p.mailboxId)
      else placed.set(p.ticketId, [p.mailboxId])
    }
    const mailEvents = loadMailSlaEvents(this.db)
    const tickets = this.db.sqlite
      .prepare(
        `SELECT id, subject, account_id AS accountId, status, last_message_at AS lastMessageAt,
                customer_address AS customerAddress
           FROM mail_tickets`,
      )
      .all() as {
      id: string
      subject: string
      accountId: string | null
      status: string
      lastMessageAt: string
      customerAddress: string | null
    }[]

    const changed: string[] = []
    const recompute: string[] = []
    const present = new Set<string>()
    for (const t of tickets) {
      present.add(t.id)
      const server = this.replica.get(`ticket:${t.id}`)?.data
      const accountId = str(server?.accountId) ?? t.accountId
      const account =
        accountId === null ? undefined : this.replica.get(`account:${accountId}`)?.data
      const assigneeId = str(server?.assigneeId)
      const status = str(server?.status) ?? t.status
      const solved = isSolvedStatus(status)
      const pauseReason =
        status === 'paused' && !solved ? slaPauseReason(server?.pauseReason) : null
      const events = sortEvents([
        ...(mailEvents.get(t.id) ?? []),
        ...(server ? statusEvents(server) : []),
      ])
      const openedAt = events.find((e) => e.type === 'customer_message')?.at ?? now
      const policy = this.resolver.resolve(accountId, account, openedAt)
      const slaKey = `${policy.key}#${eventsKey(events)}`
      const model: TicketModel = {
        id: t.id,
        subject: t.subject,
        accountId,
        accountName:
          str(account?.name) ?? (accountId === null ? null : (localNames.get(accountId) ?? null)),
        tier: account ? policy.tier : null,
        assigneeId,
        assigneeName:
          assigneeId === null ? null : str(this.replica.get(`agent:${assigneeId}`)?.data.name),
        orderType: str(server?.orderType),
        status,
        pauseReason,
        customerAddress: t.customerAddress,
        lastMessageAt: t.lastMessageAt,
        lastMs: Date.parse(t.lastMessageAt),
        solved,
        mailboxes: placed.get(t.id) ?? [],
        events,
        policy,
        slaKey,
        rowKey: '',
        view: NO_VIEW,
      }
      model.rowKey = JSON.stringify([
        model.subject,
        model.accountId,
        model.accountName,
        model.tier,
        model.assigneeId,
        model.assigneeName,
        model.orderType,
        model.status,
        model.pauseReason,
        model.customerAddress,
        model.lastMessageAt,
        model.mailboxes,
      ])
      const old = this.models.get(t.id)
      const slaChanged = !old || old.slaKey !== slaKey || old.solved !== solved
      if (!slaChanged) model.view = old.view
      if (!old || slaChanged || old.rowKey !== model.rowKey) changed.push(t.id)
      this.models.set(t.id, model)
      if (solved) {
        if (this.tracker.has(t.id)) this.tracker.remove(t.id)
        if (slaChanged) model.view = this.solvedView(model, now)
      } else if (slaChanged) {
        this.tracker.set({ id: t.id, settings: policy.settings, events })
        recompute.push(t.id)
      }
    }
    for (const id of [...this.models.keys()]) {
      if (present.has(id)) continue
      this.models.delete(id)
      this.tracker.remove(id)
      changed.push(id)
    }
    if (changed.length === 0) return
    this.sorted = {}
    this.recomputeViews(recompute, now)
    if (this.stats.reads > 1) this.events.emit('console:changed', { ticketIds: changed.sort() })
  }

  /** A solved ticket is not tracked: its figures are fixed, evaluated once here. */
  private solvedView(t: TicketModel, now: number): SlaView {
    return slaView(computeTicketSla(t.events, t.policy.settings, now), t.events)
  }

  /** Fresh figures for tracked tickets; records and announces new escalations. */
  private recomputeViews(ids: readonly string[], now: number): void {
    const escalations: EscalationInfo[] = []
    const insert = this.db.sqlite.prepare(
      `INSERT OR IGNORE INTO console_escalations (key, ticket_id, metric, kind, at, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    const recordedAt = new Date(now).toISOString()
    this.db.sqlite.transaction(() => {
      for (const id of ids) {
        const t = this.models.get(id)
        const sla = this.tracker.figures(id, now)
        if (!t || !sla) continue
        this.stats.slaRecomputes++
        const view = slaView(sla, t.events)
        if (view.rank !== t.view.rank || view.sortDue !== t.view.sortDue)
          this.sorted.sla = undefined
        t.view = view
        for (const e of newEscalations({
          ticketId: id,
          tier: t.policy.tier,
          sla,
          recorded: this.recorded,
        })) {
          insert.run(e.key, e.ticketId, e.metric, e.kind, e.at, recordedAt)
          this.recorded.add(e.key)
          escalations.push({
            key: e.key,
            ticketId: e.ticketId,
            metric: e.metric,
            kind: e.kind,
            at: e.at,
            notify: e.notify,
            flagTicket: e.flagTicket,
          })
        }
      }
    })()
    if (escalations.length > 0) {
      this.log.info('sla escalations recorded', { count: escalations.length })
      this.events.emit('console:escalated', { escalations })
    }
  }

  /** Tickets whose SLA state changed by time alone since the last call. */
  private advance(now: number): void {
    const ids = this.tracker.advance(now)
    if (ids.length === 0) return
    this.recomputeViews(ids, now)
    this.events.emit('console:changed', { ticketIds: ids })
  }

  /** One timer for the next state change anywhere (capped, see MAX_TIMER_MS). */
  private schedule(now: number): void {
    if (this.disposed) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const next = this.tracker.nextChangeAt()
    if (next === null) return
    const delay = Math.min(Math.max(0, next - now), MAX_TIMER_MS)
    this.timer = setTimeout(() => {
      this.timer = null
      try {
        this.refresh()
      } catch (error) {
        this.log.error('queue timer failed', {
          error: error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown',
        })
      }
    }, delay)
    // The timer alone must not keep a CLI or test process alive.
    this.timer.unref?.()
  }

  private membership(query: TicketsQuery): (t: TicketModel) => boolean {
    const q = query.queue
    switch (q) {
      case 'all':
        return (t) => !t.solved
      case 'mine': {
        const agentId = this.agentId()
        return (t) => agentId !== null && !t.solved && t.assigneeId === agentId
      }
      case 'triage':
        return (t) => !t.solved && t.accountId === null
      case 'at_risk':
        return (t) => !t.solved && t.view.worst === 'at_risk'
      case 'breached':
        return (t) => !t.solved && t.view.worst === 'breached'
      case 'waiting':
        return (t) =>
          !t.solved &&
          t.pauseReason !== null &&
          (query.reason === undefined || t.pauseReason === query.reason)
      case 'solved':
        return (t) => t.solved
    }
    if (q.startsWith('mailbox:')) {
      const id = q.slice('mailbox:'.length)
      if (this.mailboxes.some((m) => m.id === id))
        return (t) => !t.solved && t.mailboxes.includes(id)
    }
    throw new KontorError('E_NOT_FOUND', `No queue ${q.slice(0, 80)}.`)
  }

  private sortedBy(sort: QueueSort): TicketModel[] {
    const cached = this.sorted[sort]
    if (cached) return cached
    const list = [...this.models.values()]
    const byId = (a: TicketModel, b: TicketModel) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    if (sort === 'activity') {
      list.sort((a, b) => b.lastMs - a.lastMs || byId(a, b))
    } else {
      // Running clocks by due instant, then paused ones by minutes left, then the rest by
      // last activity, newest first.
      list.sort(
        (a, b) =>
          a.view.rank - b.view.rank ||
          (a.view.rank === 2 ? b.lastMs - a.lastMs : a.view.sortDue - b.view.sortDue) ||
          byId(a, b),
      )
    }
    this.sorted[sort] = list
    return list
  }

  private row(t: TicketModel, now: number): QueueRow {
    let sla: SlaHeadline | null = t.view.headline
    if (!t.solved) {
      // Exact figures at `now` for the rows shown (a few calendar look-ups each).
      const figures = this.tracker.figures(t.id, now)
      if (figures) sla = slaView(figures, t.events).headline
    }
    return {
      id: t.id,
      subject: t.subject,
      accountId: t.accountId,
      accountName: t.accountName,
      tier: t.tier,
      assigneeId: t.assigneeId,
      assigneeName: t.assigneeName,
      orderType: t.orderType,
      status: t.status,
      pauseReason: t.pauseReason,
      customerAddress: t.customerAddress,
      lastMessageAt: t.lastMessageAt,
      sla,
    }
  }
}
