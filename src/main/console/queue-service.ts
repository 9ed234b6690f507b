/**
 * The console's queues: mail tickets, their SLA clocks and the server replica joined into
 * rows with live SLA figures.
 *
 * - Built lazily on the first read: every ticket's inputs are read once, open tickets go
 *   into one `SlaTracker`.
 * - Kept up to date incrementally: a `db:changed` for mail or replica tables (or a
 *   `mail:synced`) marks that source stale; it is re-read (on the next read, or right after
 *   the event). A mail change re-reads the mail tables (O(messages): the mail engine rewrites
 *   every ticket row, so the only way to see what changed is to compare) and rebuilds the
 *   tickets whose mail inputs differ; a replica pull re-reads the replica's versions and
 *   rebuilds only the tickets whose ticket, account or assignee row changed. Only tickets
 *   whose SLA inputs (events, policy) changed are recomputed in the tracker. Rows whose
 *   display fields changed are announced (`console:changed { ticketIds }`).
 * - The signed-in agent (`sync_state.agentId`, for My tickets) is read on every query.
 * - SLA states that change by time alone (running → at risk → breached) are picked up by one
 *   timer set to the tracker's `nextChangeAt()`, and by every read (`advance(now)`), so the
 *   UI's countdown chips need nothing pushed every second.
 * - Escalations (at risk, breached) are recorded once in `console_escalations` and announced
 *   as `console:escalated` (the backlog found by the first build is recorded silently).
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

/** A ticket as the service keeps it: the contract's row fields plus what computing them needs. */
interface TicketModel extends Omit<QueueRow, 'sla'> {
  lastMs: number
  solved: boolean
  mailboxes: readonly string[]
  events: SlaEvent[]
  policy: ResolvedSettings
  /** The mail inputs this model was built from (to skip unchanged tickets on a mail read). */
  mailRow: MailTicketRow
  mailEvents: readonly SlaEvent[]
  /** The local import's name for the account (used when the replica has none). */
  localName: string | null
  /** Signature of the SLA inputs: equal means the clocks need no recompute. */
  slaKey: string
  view: SlaView
}

interface ReplicaRow {
  version: number
  data: Record<string, unknown>
}

/** Which inputs a table change touches: mail (re-read whole), replica (re-read by version). */
function touched(tables: readonly string[]): { mail: boolean; replica: boolean } {
  return {
    mail: tables.some(
      (t) => t.startsWith('mail_') || t === 'local_accounts' || t === 'local_contacts',
    ),
    replica: tables.some((t) => t.startsWith('replica')),
  }
}

interface MailTicketRow {
  id: string
  subject: string
  accountId: string | null
  status: string
  lastMessageAt: string
  customerAddress: string | null
}

/** What the mail tables say, kept between reads so a replica pull need not re-read mail. */
interface MailInputs {
  tickets: MailTicketRow[]
  byId: Map<string, MailTicketRow>
  events: Map<string, SlaEvent[]>
  placed: Map<string, string[]>
  localNames: Map<string, string>
}

/** Replica keys changed by a read: `ticket:<id>`, `account:<id>`, `agent:<id>`. */
interface ReplicaChanges {
  tickets: Set<string>
  accounts: Set<string>
  agents: Set<string>
}

const NO_VIEW: SlaView = { headline: null, worst: null, rank: 2, sortDue: 0 }
/** Wake at least this often: a suspended machine's timers fire late, the clock does not. */
const MAX_TIMER_MS = 60_000
const DEFAULT_LIMIT = 100

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

/** Whether two models show the same row (SLA aside). */
function sameRow(a: TicketModel, b: TicketModel): boolean {
  return (
    a.subject === b.subject &&
    a.accountId === b.accountId &&
    a.accountName === b.accountName &&
    a.tier === b.tier &&
    a.assigneeId === b.assigneeId &&
    a.assigneeName === b.assigneeName &&
    a.orderType === b.orderType &&
    a.status === b.status &&
    a.pauseReason === b.pauseReason &&
    a.customerAddress === b.customerAddress &&
    a.lastMessageAt === b.lastMessageAt &&
    a.mailboxes.join() === b.mailboxes.join()
  )
}

/** Whether a ticket's mail inputs are the ones its model was built from. */
function sameMail(old: TicketModel, t: MailTicketRow, mail: MailInputs): boolean {
  const a = old.mailRow
  if (
    a.subject !== t.subject ||
    a.accountId !== t.accountId ||
    a.status !== t.status ||
    a.lastMessageAt !== t.lastMessageAt ||
    a.customerAddress !== t.customerAddress
  )
    return false
  const events = mail.events.get(t.id) ?? []
  const before = old.mailEvents
  if (events.length !== before.length) return false
  for (let i = 0; i < events.length; i++) {
    const x = events[i] as SlaEvent
    const y = before[i] as SlaEvent
    if (x.at !== y.at || x.type !== y.type) return false
  }
  if (
    old.localName !== (old.accountId === null ? null : (mail.localNames.get(old.accountId) ?? null))
  )
    return false
  return (mail.placed.get(t.id) ?? []).join() === old.mailboxes.join()
}

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
  private mail: MailInputs | null = null
  private built = false
  private mailStale = false
  private replicaStale = false
  private sorted: Partial<Record<QueueSort, TicketModel[]>> = {}
  private timer: ReturnType<typeof setTimeout> | null = null
  private reloadTimer: ReturnType<typeof setTimeout> | null = null
  private readonly unsubscribe: Array<() => void>
  private disposed = false
  /** Counters for tests and the benchmark: reads, full mail reads, SLA recomputes per ticket. */
  readonly stats = { reads: 0, mailReads: 0, slaRecomputes: 0 }

  constructor(options: QueueServiceOptions) {
    this.db = options.db
    this.clock = options.clock
    this.events = options.events
    this.log = options.log
    this.resolver = new PolicyResolver(options.policy ?? defaultQueuePolicy())
    // Cheap: nothing is read until the first query.
    this.unsubscribe = [
      this.events.on('db:changed', ({ tables }) => {
        const t = touched(tables)
        if (t.mail || t.replica) this.markStale(t.mail, t.replica)
      }),
      this.events.on('mail:synced', () => this.markStale(true, false)),
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

  private markStale(mail: boolean, replica: boolean): void {
    if (!this.built || this.disposed) return
    this.mailStale ||= mail
    this.replicaStale ||= replica
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
    let recompute: string[] = []
    const first = !this.built
    if (first) {
      this.recorded = new Set(
        (
          this.db.sqlite.prepare('SELECT key FROM console_escalations').all() as { key: string }[]
        ).map((r) => r.key),
      )
      this.built = true
      this.mailStale = true
      this.replicaStale = true
    }
    if (this.mailStale || this.replicaStale) recompute = this.reload(now)
    // Time-driven changes due by now; a ticket just recomputed is not recomputed twice.
    const due = this.tracker.advance(now)
    const fresh = new Set(recompute)
    const byTime = due.filter((id) => !fresh.has(id))
    this.recomputeViews([...recompute, ...byTime], now, !first)
    if (byTime.length > 0) this.events.emit('console:changed', { ticketIds: byTime })
    this.schedule(now)
    return now
  }

  private agentId(): string | null {
    const row = this.db.sqlite
      .prepare("SELECT value FROM sync_state WHERE key = 'agentId'")
      .get() as { value: string } | undefined
    return row?.value ? row.value : null
  }

  /** Re-read the replica rows the queues use, parsing only new versions; returns what changed. */
  private readReplica(): ReplicaChanges {
    const changes: ReplicaChanges = { tickets: new Set(), accounts: new Set(), agents: new Set() }
    const note = (entity: string, id: string) => {
      if (entity === 'account') changes.accounts.add(id)
      else if (entity === 'ticket') changes.tickets.add(id)
      else changes.agents.add(id)
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
      // The replica keeps one row per entity, newest version: an equal version is unchanged.
      if (cached && cached.version === r.version) continue
      this.replica.set(key, {
        version: r.version,
        data: JSON.parse(r.data) as Record<string, unknown>,
      })
      note(r.entity, r.id)
    }
    for (const key of [...this.replica.keys()]) {
      if (keep.has(key)) continue
      this.replica.delete(key)
      const colon = key.indexOf(':')
      note(key.slice(0, colon), key.slice(colon + 1))
    }
    return changes
  }

  private readMail(): MailInputs {
    this.stats.mailReads++
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
    const tickets = this.db.sqlite
      .prepare(
        `SELECT id, subject, account_id AS accountId, status, last_message_at AS lastMessageAt,
                customer_address AS customerAddress
           FROM mail_tickets`,
      )
      .all() as MailTicketRow[]
    return {
      tickets,
      byId: new Map(tickets.map((t) => [t.id, t])),
      events: loadMailSlaEvents(this.db),
      placed,
      localNames,
    }
  }

  /**
   * Re-read what is stale and rebuild the affected tickets' models: every ticket after a
   * mail change (the mail engine rewrites all ticket rows, so each is compared with what is
   * tracked), only the tickets whose replica rows (ticket, account, assignee) changed after
   * a pull. Returns the open tickets whose SLA inputs changed (re-set in the tracker).
   */
  private reload(now: number): string[] {
    this.stats.reads++
    const mailChanged = this.mailStale || this.mail === null
    this.mailStale = false
    let replicaChanges: ReplicaChanges | null = null
    if (this.replicaStale) {
      this.replicaStale = false
      replicaChanges = this.readReplica()
    }
    if (mailChanged) this.mail = this.readMail()
    const mail = this.mail as MailInputs
    if (replicaChanges && replicaChanges.accounts.size > 0) this.resolver.reset()

    let rows: Iterable<MailTicketRow>
    if (mailChanged) {
      // Most tickets are untouched by a sync: skip those whose mail inputs and replica rows
      // are the ones their model was built from.
      const c = replicaChanges
      rows = mail.tickets.filter((t) => {
        const old = this.models.get(t.id)
        if (!old || !sameMail(old, t, mail)) return true
        return (
          c !== null &&
          (c.tickets.has(t.id) ||
            (old.accountId !== null && c.accounts.has(old.accountId)) ||
            (old.assigneeId !== null && c.agents.has(old.assigneeId)))
        )
      })
    } else {
      const c = replicaChanges as ReplicaChanges
      const ids = new Set([...c.tickets].filter((id) => mail.byId.has(id)))
      if (c.accounts.size > 0 || c.agents.size > 0) {
        for (const t of this.models.values()) {
          if (
            (t.accountId !== null && c.accounts.has(t.accountId)) ||
            (t.assigneeId !== null && c.agents.has(t.assigneeId))
          )
            ids.add(t.id)
        }
      }
      rows = [...ids].map((id) => mail.byId.get(id) as MailTicketRow)
    }

    const changed: string[] = []
    const recompute: string[] = []
    for (const t of rows) {
      const model = this.buildModel(t, mail, now)
      const old = this.models.get(t.id)
      const slaChanged = !old || old.slaKey !== model.slaKey || old.solved !== model.solved
      if (!slaChanged) model.view = old.view
      if (!old || slaChanged || !sameRow(old, model)) changed.push(t.id)
      this.models.set(t.id, model)
      if (model.solved) {
        if (this.tracker.has(t.id)) this.tracker.remove(t.id)
        if (slaChanged) model.view = this.solvedView(model, now)
      } else if (slaChanged) {
        this.tracker.set({ id: t.id, settings: model.policy.settings, events: model.events })
        recompute.push(t.id)
      }
    }
    if (mailChanged) {
      for (const id of [...this.models.keys()]) {
        if (mail.byId.has(id)) continue
        this.models.delete(id)
        this.tracker.remove(id)
        changed.push(id)
      }
    }
    if (changed.length > 0) {
      this.sorted = {}
      if (this.stats.reads > 1) this.events.emit('console:changed', { ticketIds: changed.sort() })
    }
    return recompute
  }

  /** One ticket's row and SLA inputs from its mail row and the replica. */
  private buildModel(t: MailTicketRow, mail: MailInputs, now: number): TicketModel {
    const server = this.replica.get(`ticket:${t.id}`)?.data
    const accountId = str(server?.accountId) ?? t.accountId
    const account = accountId === null ? undefined : this.replica.get(`account:${accountId}`)?.data
    const assigneeId = str(server?.assigneeId)
    const status = str(server?.status) ?? t.status
    const solved = isSolvedStatus(status)
    const pauseReason = status === 'paused' ? slaPauseReason(server?.pauseReason) : null
    const mailEvents = mail.events.get(t.id) ?? []
    const events = server
      ? sortEvents([...mailEvents, ...statusEvents(server)])
      : sortEvents(mailEvents)
    let openedAt = now
    for (const e of events) {
      if (e.type === 'customer_message') {
        openedAt = e.at
        break
      }
    }
    const policy = this.resolver.resolve(accountId, account, openedAt)
    return {
      id: t.id,
      subject: t.subject,
      accountId,
      accountName:
        str(account?.name) ??
        (accountId === null ? null : (mail.localNames.get(accountId) ?? null)),
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
      mailboxes: mail.placed.get(t.id) ?? [],
      events,
      mailRow: t,
      mailEvents,
      localName: accountId === null ? null : (mail.localNames.get(accountId) ?? null),
      policy,
      slaKey: `${policy.key}#${eventsKey(events)}`,
      view: NO_VIEW,
    }
  }

  /** A solved ticket is not tracked: its figures are fixed, evaluated once here. */
  private solvedView(t: TicketModel, now: number): SlaView {
    return slaView(computeTicketSla(t.events, t.policy.settings, now), t.events)
  }

  /** Fresh figures for tracked tickets; records and announces new escalations. */
  /**
   * With `announce` false (the first build), new escalations are recorded but not sent as
   * `console:escalated`: they are the backlog from while this client was closed (on a big
   * store, tens of thousands), shown by the At risk and Breached queues instead of as a
   * flood of notices. Every escalation after that is announced once.
   */
  private recomputeViews(ids: readonly string[], now: number, announce = true): void {
    if (ids.length === 0) return
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
      this.log.info('sla escalations recorded', { count: escalations.length, announce })
      if (announce) this.events.emit('console:escalated', { escalations })
    }
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
