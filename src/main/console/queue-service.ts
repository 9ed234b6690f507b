/**
 * The console's queues: mail tickets, their SLA clocks and the server replica joined into
 * rows with live SLA figures.
 *
 * - Built lazily on the first read (or `start()`): every ticket's inputs are read once, open
 *   tickets go into one `SlaTracker`. With a usable snapshot of the rows from an earlier run
 *   (`console_snapshot`, see snapshot.ts) the build runs in the background instead, in slices
 *   that yield to the event loop (about 20 ms of work each), and reads are served from the
 *   snapshot by indexed SQL until it is done; then the service switches to its own rows and
 *   emits `console:changed` (no ids). The build begins shortly after the first reads and
 *   pauses briefly after each later one (a screen is served without it competing), or
 *   begins some seconds after `start()` if nothing reads. Changes announced during the
 *   build are applied right after it, as after any read. Without a snapshot (a store the
 *   console never opened) the first read builds at once.
 * - The snapshot is rewritten after each build (in slices) and kept current with the rows a
 *   re-read changed (debounced, one transaction).
 * - Kept up to date incrementally: a `db:changed` marks what it touched stale; it is re-read
 *   on the next read, or right after the event (a burst of events makes one read):
 *   - mail with `ticketIds` (the mail engine's incremental re-threading names every ticket it
 *     re-derived): just those tickets' rows, messages and placements (O(changed));
 *   - `mail_outbox`: the accepted replies (a small table) are compared with the last read,
 *     and only the tickets whose reply times changed are re-read;
 *   - `mail:synced`: placements may have changed without re-threading (a message expunged
 *     from one folder but kept in another); two indexed aggregates over mail_placements are
 *     compared with the sums kept per ticket (re-reads of named tickets keep them current),
 *     and only on a mismatch are all placements re-read; new mail the engine did not name
 *     (no ids before this event) reads the mail whole;
 *   - replica tables: the replica's (entity, id, version) list is compared with the last
 *     read, and only new versions are parsed;
 *   - bodies and threading bookkeeping (`mail_bodies`, `mail_thread_*`, `mail_fts`) feed no
 *     row and are ignored;
 *   - any other mail change (no ids, mailboxes, folders, locally imported accounts) re-reads
 *     the mail tables whole and compares each ticket with what is tracked.
 *   Only tickets whose SLA inputs (events, policy) changed are recomputed in the tracker. Rows
 *   whose display fields changed are announced (`console:changed { ticketIds }`).
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
import { TRIAGE_STAYS_CLOSED } from '../../shared/sync/mutations'
import {
  isSolvedStatus,
  reopenedByCustomer,
  slaPauseReason,
  statusEvents,
} from '../../shared/sla/server-mapping'
import type { EventBus } from '../core/events'
import type { Logger } from '../core/logger'
import type { DbHandle } from '../db/open'
import { loadMailSlaEvents } from '../sla/ticket-events'
import { type SlaView, slaView } from './headline'
import { ConsoleSnapshot, type SnapshotRow } from './snapshot'
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
  /** The app's version: a snapshot written by another version is ignored. */
  version?: string
  /** Delay before changed rows are written to the snapshot (ms; default 1000). */
  snapshotDelayMs?: number
  /**
   * When the background build begins (ms): after the last read served from the snapshot
   * (default 300; later reads pause it as long), or after `start()` if nothing reads
   * (default 10,000).
   */
  buildDelayMs?: { afterRead: number; idle: number }
  /** Work per slice of the background build before it yields (ms; default 20). */
  buildSliceMs?: number
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

/** Mail tables that feed no queue row: bodies, search, threading bookkeeping. */
const IGNORED_TABLES = new Set(['mail_bodies', 'mail_fts', 'mail_thread_keys', 'mail_thread_dirty'])
/** Mail tables whose changes `ticketIds` fully describe when the mail engine gives them. */
const TICKET_TABLES = new Set(['mail_messages', 'mail_tickets', 'mail_placements'])
/** Replica entities the queues read. */
const REPLICA_ENTITIES = ['account', 'ticket', 'agent', 'triage'] as const

/** What a `db:changed` makes stale. */
interface Touched {
  /** Re-read the mail tables whole. */
  mail: boolean
  /** Re-read these tickets' mail inputs. */
  ticketIds: readonly string[]
  outbox: boolean
  /** Replica entities to compare by version. */
  replica: Set<string>
}

export function touched(tables: readonly string[], ticketIds?: readonly string[]): Touched {
  const out: Touched = { mail: false, ticketIds: [], outbox: false, replica: new Set() }
  for (const t of tables) {
    if (t === 'replica_entities') for (const e of REPLICA_ENTITIES) out.replica.add(e)
    else if (t.startsWith('replica:')) {
      const e = t.slice('replica:'.length)
      if ((REPLICA_ENTITIES as readonly string[]).includes(e)) out.replica.add(e)
    } else if (t === 'mail_outbox') out.outbox = true
    else if (IGNORED_TABLES.has(t)) continue
    else if (TICKET_TABLES.has(t) && ticketIds) out.ticketIds = ticketIds
    else if (t.startsWith('mail_') || t === 'local_accounts' || t === 'local_contacts')
      out.mail = true
  }
  return out
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
  byId: Map<string, MailTicketRow>
  events: Map<string, SlaEvent[]>
  placed: Map<string, string[]>
  localNames: Map<string, string>
}

/** Placements of some tickets' messages: count, Σ message row id, Σ folder id × message row id. */
type Aggregate = [number, number, number]

const addTo = (total: Aggregate, a: Aggregate, sign: 1 | -1) => {
  total[0] += sign * a[0]
  total[1] += sign * a[1]
  total[2] += sign * a[2]
}

/** SQLite limits bound parameters: ids are read in slices of this many. */
const SLICE = 500
/** Above this many changed replica rows, one read of the whole replica beats point reads. */
const REPLICA_POINT_READS = 2000

/** Replica keys changed by a read: `ticket:<id>`, `account:<id>`, `agent:<id>`. */
interface ReplicaChanges {
  tickets: Set<string>
  accounts: Set<string>
  agents: Set<string>
}

const NO_VIEW: SlaView = {
  headline: null,
  worst: null,
  rank: 2,
  sortDue: 0,
  riskAt: null,
  breachAt: null,
}
/** Work per slice of the background build before it yields to the event loop (ms). */
const SLICE_BUDGET_MS = 20
/** Tickets read and modelled at a time by the background build (a few ms). */
const BUILD_CHUNK = 100
/** Replica rows per read of the background build (JSON parsed). */
const REPLICA_PAGE = 500
/** Escalation keys per read of the background build. */
const KEY_PAGE = 5000
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

const byId = (a: TicketModel, b: TicketModel) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** The queues' orders; both total (ties by id). */
const ORDER: Record<QueueSort, (a: TicketModel, b: TicketModel) => number> = {
  activity: (a, b) => b.lastMs - a.lastMs || byId(a, b),
  // Running clocks by due instant, then paused ones by minutes left, then the rest by last
  // activity, newest first.
  sla: (a, b) =>
    a.view.rank - b.view.rank ||
    (a.view.rank === 2 ? b.lastMs - a.lastMs : a.view.sortDue - b.view.sortDue) ||
    byId(a, b),
}

export class QueueService {
  private readonly db: DbHandle
  private readonly clock: Clock
  private readonly events: EventBus
  private readonly log: Logger
  private readonly resolver: PolicyResolver
  private tracker = new SlaTracker()
  private readonly models = new Map<string, TicketModel>()
  private readonly replica = new Map<string, ReplicaRow>()
  private mailboxes: { id: string; label: string }[] = []
  private recorded = new Set<string>()
  private mail: MailInputs | null = null
  /**
   * cold: nothing read yet; building: the background build runs (reads come from the
   * snapshot); ready: the rows are this service's own.
   */
  private phase: 'cold' | 'building' | 'ready' = 'cold'
  private build: Generator<void, void, void> | null = null
  private readonly buildDone: Promise<void>
  private resolveBuild: () => void = () => {}
  private readonly version: string
  private snap: ConsoleSnapshot | null = null
  /** The snapshot failed to serve: build in the foreground from now on. */
  private snapshotBroken = false
  /** Rows changed since the last snapshot write (ids; removed ones are no longer in models). */
  private readonly dirty = new Set<string>()
  private snapshotTimer: ReturnType<typeof setTimeout> | null = null
  private readonly snapshotDelayMs: number
  /** The next slice of a whole rewrite of the snapshot, while one runs. */
  private rewriting: (() => boolean) | null = null
  private buildTimer: ReturnType<typeof setTimeout> | null = null
  private buildStarted = false
  /** performance.now() before which a running build's next slice waits (reads pause it). */
  private pausedUntil = 0
  /** Someone waits for the build (whenBuilt): no pauses. */
  private waited = false
  private readonly readBuildDelayMs: number
  private readonly idleBuildDelayMs: number
  private readonly sliceMs: number
  /** Pending work: a whole mail re-read, some tickets, the outbox, placements, replica kinds. */
  private mailStale = false
  private staleTickets = new Set<string>()
  private outboxStale = false
  private placementsStale = false
  private replicaStale = new Set<string>()
  /** Accepted replies at the last read: message id → `ticketId acceptedAt`. */
  private accepted = new Map<string, string>()
  /**
   * Per ticket, its messages' placements as (count, Σ message row, Σ folder × message row),
   * and their total: what mail_placements should sum to if no placement changed unannounced
   * (see readPlacementsPrint).
   */
  private placeAgg = new Map<string, Aggregate>()
  private placeTotal: Aggregate = [0, 0, 0]
  /** Whether the mail engine named changed tickets since the last `mail:synced`. */
  private announced = false
  private sorted: Partial<Record<QueueSort, TicketModel[]>> = {}
  /** Tickets whose place in the sorted lists may have changed since they were sorted. */
  private readonly moved = new Set<string>()
  private timer: ReturnType<typeof setTimeout> | null = null
  private reloadTimer: ReturnType<typeof setTimeout> | null = null
  private readonly unsubscribe: Array<() => void>
  private disposed = false
  /**
   * Counters for tests and the benchmark: reads, full mail reads, tickets re-read by id,
   * whole placement reads after a fingerprint mismatch, SLA recomputes per ticket, models built.
   */
  readonly stats = {
    reads: 0,
    mailReads: 0,
    ticketReads: 0,
    placementReads: 0,
    slaRecomputes: 0,
    modelBuilds: 0,
    /** Reads served from the snapshot while the build ran. */
    snapshotReads: 0,
    /** Slices of the background build, and the longest one (ms, measured). */
    buildSlices: 0,
    longestSliceMs: 0,
    /** Snapshot writes: whole rewrites, and rows written by incremental updates. */
    snapshotRewrites: 0,
    snapshotRowsUpdated: 0,
    /** The longest slice of a snapshot rewrite (ms, measured). */
    longestWriteMs: 0,
  }

  constructor(options: QueueServiceOptions) {
    this.db = options.db
    this.clock = options.clock
    this.events = options.events
    this.log = options.log
    this.resolver = new PolicyResolver(options.policy ?? defaultQueuePolicy())
    this.version = options.version ?? 'unversioned'
    this.snapshotDelayMs = options.snapshotDelayMs ?? 1000
    this.readBuildDelayMs = options.buildDelayMs?.afterRead ?? 300
    this.idleBuildDelayMs = options.buildDelayMs?.idle ?? 10_000
    this.sliceMs = options.buildSliceMs ?? SLICE_BUDGET_MS
    this.buildDone = new Promise((resolve) => {
      this.resolveBuild = resolve
    })
    // Cheap: nothing is read until the first query. Changes are recorded from the start of
    // a build (background or not) and applied on the next read after it.
    this.unsubscribe = [
      this.events.on('db:changed', ({ tables, ticketIds }) => {
        if (this.phase === 'cold' || this.disposed) return
        const t = touched(tables, ticketIds)
        this.mailStale ||= t.mail
        if (ticketIds && t.ticketIds.length > 0) this.announced = true
        for (const id of t.ticketIds) this.staleTickets.add(id)
        this.outboxStale ||= t.outbox
        for (const e of t.replica) this.replicaStale.add(e)
        if (t.mail || t.ticketIds.length > 0 || t.outbox || t.replica.size > 0) this.markStale()
      }),
      this.events.on('mail:synced', ({ newMessages }) => {
        if (this.phase === 'cold' || this.disposed) return
        // New mail the engine did not name (no db:changed with ticketIds before this): read
        // the mail whole. Otherwise only placements may have changed unannounced.
        if (newMessages > 0 && !this.announced) this.mailStale = true
        else this.placementsStale = true
        this.announced = false
        this.markStale()
      }),
    ]
  }

  dispose(): void {
    if (this.disposed) return
    // What the snapshot lacks is written now (a rewrite under way is finished), so the next
    // start serves what this one last showed.
    if (this.phase === 'ready') {
      try {
        this.flushSnapshot(true)
      } catch (error) {
        this.log.warn('console snapshot not written at close', { error: describe(error) })
      }
    }
    this.disposed = true
    this.build = null
    for (const off of this.unsubscribe) off()
    if (this.timer) clearTimeout(this.timer)
    if (this.reloadTimer) clearTimeout(this.reloadTimer)
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer)
    if (this.buildTimer) clearTimeout(this.buildTimer)
    this.buildTimer = null
    this.timer = null
    this.reloadTimer = null
    this.snapshotTimer = null
  }

  /**
   * Begin building, if not begun: in the background when a snapshot can serve reads
   * meanwhile, else now. After it returns the first page can be served either way.
   */
  start(): void {
    if (this.phase !== 'cold' || this.disposed) return
    let usable = false
    if (!this.snapshotBroken) {
      try {
        usable = this.snapshot().usable(this.clock.now().getTime())
      } catch (error) {
        this.log.warn('console snapshot unreadable, building now', { error: describe(error) })
      }
    }
    if (!usable) {
      this.refresh()
      return
    }
    this.phase = 'building'
    this.build = this.buildSteps()
    // Nobody read yet (web mode starts before a browser comes): begin after a while anyway.
    this.deferBuild(this.idleBuildDelayMs)
  }

  /**
   * (Re)arm the start of the background build `ms` from now, or pause a running one as long.
   * Reads served from the snapshot do so with a short delay: the screen that asked (its
   * queues, page, and what it loads next) is served without the build competing for the
   * process, which on a loaded machine doubled the first screen's time.
   */
  private deferBuild(ms: number): void {
    if (this.phase !== 'building' || this.disposed) return
    this.pausedUntil = performance.now() + ms
    if (this.buildStarted) return
    if (this.buildTimer) clearTimeout(this.buildTimer)
    this.buildTimer = setTimeout(() => {
      this.buildTimer = null
      this.runBuild()
    }, ms)
    // The build alone must not keep a CLI or test process alive.
    this.buildTimer.unref?.()
  }

  private runBuild(): void {
    if (this.buildStarted) return
    this.buildStarted = true
    const step = () => {
      if (this.disposed || this.build === null) return
      const t0 = performance.now()
      let done: boolean
      try {
        done = this.build.next().done === true
      } catch (error) {
        this.log.error('background queue build failed, building now', { error: describe(error) })
        this.abandonBuild()
        return
      }
      this.stats.buildSlices++
      this.stats.longestSliceMs = Math.max(this.stats.longestSliceMs, performance.now() - t0)
      if (done) this.completeBuild()
      else next()
    }
    // A read served from the snapshot pauses the build a little (see deferBuild).
    const next = () => {
      const wait = this.pausedUntil - performance.now()
      if (wait > 0 && !this.waited) setTimeout(step, wait).unref?.()
      else setImmediate(step)
    }
    next()
  }

  /**
   * Resolves once the service serves its own rows; a background build that waits for the
   * first screen (see deferBuild) begins now.
   */
  whenBuilt(): Promise<void> {
    if (this.phase === 'building') this.waited = true
    if (this.phase === 'building' && !this.buildStarted) {
      if (this.buildTimer) clearTimeout(this.buildTimer)
      this.buildTimer = null
      this.runBuild()
    }
    return this.buildDone
  }

  /** Whether a rewrite of the snapshot (after a build) is under way. */
  get writingSnapshot(): boolean {
    return this.rewriting !== null
  }

  /** Whether reads are served from the snapshot (a background build runs). */
  get building(): boolean {
    return this.phase === 'building'
  }

  /** The queues and their counts at the clock's now. */
  queues(): { queues: QueueInfo[]; computedAt: number } {
    this.start()
    if (this.rewriting) this.pausedUntil = performance.now() + this.readBuildDelayMs
    if (this.phase === 'building') {
      const now = this.clock.now().getTime()
      const served = this.fromSnapshot((s) => s.queues(now, this.agentId(), this.readMailboxes()))
      if (served) return { queues: served, computedAt: now }
    }
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
    this.start()
    if (this.rewriting) this.pausedUntil = performance.now() + this.readBuildDelayMs
    if (this.phase === 'building') {
      const now = this.clock.now().getTime()
      const served = this.fromSnapshot((s) =>
        s.tickets(
          query,
          now,
          this.agentId(),
          this.readMailboxes().map((m) => m.id),
          query.limit ?? DEFAULT_LIMIT,
        ),
      )
      if (served) return { ...served, computedAt: now }
    }
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

  /**
   * When the next SLA state changes by time alone (the timer's target), or null (also while
   * a background build runs: the switch after it picks up what came due).
   */
  nextChangeAt(): number | null {
    this.start()
    if (this.phase !== 'ready') return null
    this.refresh()
    return this.tracker.nextChangeAt()
  }

  /** Pick up SLA state changes due by now (the timer calls this; so does every read). */
  tick(): void {
    this.start()
    if (this.phase === 'ready') this.refresh()
  }

  private snapshot(): ConsoleSnapshot {
    this.snap ??= new ConsoleSnapshot(this.db, this.version)
    return this.snap
  }

  /**
   * A read served from the snapshot; null if it failed (then the snapshot is dropped and
   * the build finished now, so the caller answers from the built rows).
   */
  private fromSnapshot<T>(read: (s: ConsoleSnapshot) => T): T | null {
    try {
      const out = read(this.snapshot())
      this.stats.snapshotReads++
      this.deferBuild(this.readBuildDelayMs)
      return out
    } catch (error) {
      if (error instanceof KontorError && error.code === 'E_NOT_FOUND') throw error
      this.log.warn('console snapshot unusable, finishing the build now', {
        error: describe(error),
      })
      this.snapshotBroken = true
      this.finishBuildNow()
      return null
    }
  }

  /** Run what is left of the background build at once (the snapshot cannot serve). */
  private finishBuildNow(): void {
    const build = this.build
    if (this.phase !== 'building' || build === null) return
    if (this.buildTimer) clearTimeout(this.buildTimer)
    this.buildTimer = null
    this.buildStarted = true
    try {
      while (build.next().done !== true) this.stats.buildSlices++
    } catch (error) {
      this.log.error('queue build failed', { error: describe(error) })
      this.abandonBuild()
      return
    }
    this.completeBuild()
  }

  /** Drop a failed background build's partial state; the next read builds in the foreground. */
  private abandonBuild(): void {
    this.build = null
    this.snapshotBroken = true
    this.phase = 'cold'
    this.tracker = new SlaTracker()
    this.models.clear()
    this.replica.clear()
    this.mail = null
    this.sorted = {}
    this.moved.clear()
    this.staleTickets.clear()
    this.replicaStale.clear()
    this.mailStale = false
    this.outboxStale = false
    this.placementsStale = false
    this.resolver.reset()
  }

  /**
   * The background build, one slice (`SLICE_BUDGET_MS` of work) per step: the escalations
   * already recorded, the replica (keyset pages), then the tickets' mail inputs
   * `BUILD_CHUNK` tickets at a time (the same point reads an incremental re-read uses), their
   * models and SLA views, each chunk sorted in both orders, then the sorted chunks merged.
   * Each ticket is read once; one changed after its chunk was read was announced by a
   * `db:changed` recorded meanwhile and is re-read on the switch.
   */
  private *buildSteps(): Generator<void, void, void> {
    let t0 = performance.now()
    const spent = () => performance.now() - t0 >= this.sliceMs
    this.recorded = new Set()
    const keys = this.db.sqlite
      .prepare(`SELECT key FROM console_escalations WHERE key > ? ORDER BY key LIMIT ${KEY_PAGE}`)
      .pluck()
    for (let after = ''; ;) {
      const page = keys.all(after) as string[]
      for (const k of page) this.recorded.add(k)
      if (page.length < KEY_PAGE) break
      after = page[page.length - 1] as string
      if (spent()) {
        yield
        t0 = performance.now()
      }
    }
    const page = this.db.sqlite.prepare(
      `SELECT id, version, data FROM replica_entities WHERE entity = ? AND id > ?
        ORDER BY id LIMIT ${REPLICA_PAGE}`,
    )
    for (const entity of REPLICA_ENTITIES) {
      let after = ''
      for (;;) {
        if (spent()) {
          yield
          t0 = performance.now()
        }
        const rows = page.raw().all(entity, after) as [string, number, string][]
        for (const [id, version, data] of rows)
          this.replica.set(`${entity}:${id}`, {
            version,
            data: JSON.parse(data) as Record<string, unknown>,
          })
        if (rows.length < REPLICA_PAGE) break
        after = (rows[rows.length - 1] as [string, number, string])[0]
      }
    }
    this.stats.mailReads++
    this.mailboxes = this.readMailboxes()
    const mail: MailInputs = {
      byId: new Map(),
      events: new Map(),
      placed: new Map(),
      localNames: this.readLocalNames(),
    }
    this.mail = mail
    this.accepted = this.readAccepted()
    this.placeAgg = new Map()
    this.placeTotal = [0, 0, 0]
    const ids = this.db.sqlite.prepare('SELECT id FROM mail_tickets ORDER BY id').pluck().all()
    yield
    t0 = performance.now()
    const runs: Record<QueueSort, TicketModel[][]> = { sla: [], activity: [] }
    for (let i = 0; i < ids.length; i += BUILD_CHUNK) {
      if (spent()) {
        yield
        t0 = performance.now()
      }
      const now = this.clock.now().getTime()
      const chunk = (ids as string[]).slice(i, i + BUILD_CHUNK)
      this.readTicketInputs(chunk, mail)
      const built: TicketModel[] = []
      const recompute: string[] = []
      for (const id of chunk) {
        const t = mail.byId.get(id)
        if (!t) continue
        const model = this.buildModel(t, mail, now)
        this.stats.modelBuilds++
        this.models.set(id, model)
        built.push(model)
        if (model.solved) model.view = this.solvedView(model, now)
        else {
          this.tracker.set({ id, settings: model.policy.settings, events: model.events })
          recompute.push(id)
        }
      }
      // States due by now (a backlog's at-risk instants are in the past) are in the views
      // computed here; the tracker must not report them again after the switch.
      const fresh = new Set(recompute)
      const due = this.tracker.advance(now).filter((id) => !fresh.has(id))
      this.recomputeViews([...recompute, ...due], now, false)
      // This chunk is sorted with its views; a ticket of an earlier chunk whose view moved
      // since stays in `moved` and is put back in place on the switch (reposition).
      for (const t of built) this.moved.delete(t.id)
      for (const sort of ['sla', 'activity'] as const) runs[sort].push([...built].sort(ORDER[sort]))
    }
    for (const sort of ['sla', 'activity'] as const) {
      const queue = runs[sort]
      const order = ORDER[sort]
      while (queue.length > 1) {
        if (spent()) {
          yield
          t0 = performance.now()
        }
        const a = queue.shift() as TicketModel[]
        const b = queue.shift() as TicketModel[]
        queue.push(mergeSorted(a, b, order))
      }
      this.sorted[sort] = queue[0] ?? []
    }
  }

  /** The switch after a background build: own rows from now on, the UI told to re-read. */
  private completeBuild(): void {
    this.build = null
    this.phase = 'ready'
    // The build counts as the first read: later re-reads announce their changes.
    this.stats.reads++
    this.refresh()
    this.events.emit('console:changed', {})
    this.resolveBuild()
    this.startRewrite()
  }

  /** Rows of every ticket for a whole rewrite of the snapshot, in slices (see rewrite). */
  private startRewrite(): void {
    if (this.disposed) return
    const now = this.clock.now().getTime()
    const rows = [...this.models.values()].map((t) => snapshotRow(t, now))
    this.dirty.clear()
    this.rewriting = this.snapshot().rewrite(rows)
    this.stats.snapshotRewrites++
    const step = () => {
      const write = this.rewriting
      if (write === null || this.disposed) return
      const t0 = performance.now()
      try {
        const done = write()
        this.stats.longestWriteMs = Math.max(this.stats.longestWriteMs, performance.now() - t0)
        if (!done) {
          // Reads pause it too (the first screen after a foreground build).
          const wait = this.pausedUntil - performance.now()
          if (wait > 0) setTimeout(step, wait).unref?.()
          else setImmediate(step)
          return
        }
      } catch (error) {
        this.log.warn('console snapshot not written', { error: describe(error) })
      }
      this.rewriting = null
      if (this.dirty.size > 0) this.scheduleSnapshot()
    }
    setImmediate(step)
  }

  /** Write the changed rows after a short delay (a burst of changes makes one write). */
  private scheduleSnapshot(): void {
    if (this.snapshotTimer || this.disposed) return
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = null
      try {
        this.flushSnapshot(false)
      } catch (error) {
        this.log.warn('console snapshot not updated', { error: describe(error) })
      }
    }, this.snapshotDelayMs)
    this.snapshotTimer.unref?.()
  }

  /**
   * Write the changed rows (one transaction); while a rewrite runs, wait for it, or with
   * `finish` finish it first.
   */
  private flushSnapshot(finish: boolean): void {
    if (this.rewriting) {
      if (!finish) {
        this.scheduleSnapshot()
        return
      }
      const write = this.rewriting
      while (!write()) {
        // The rest of the rewrite, at once.
      }
      this.rewriting = null
    }
    if (this.dirty.size === 0) return
    const now = this.clock.now().getTime()
    const rows: SnapshotRow[] = []
    const removed: string[] = []
    for (const id of this.dirty) {
      const t = this.models.get(id)
      if (t) rows.push(snapshotRow(t, now))
      else removed.push(id)
    }
    this.dirty.clear()
    this.snapshot().update(rows, removed)
    this.stats.snapshotRowsUpdated += rows.length + removed.length
  }

  private stale(): boolean {
    return (
      this.mailStale ||
      this.staleTickets.size > 0 ||
      this.outboxStale ||
      this.placementsStale ||
      this.replicaStale.size > 0
    )
  }

  private markStale(): void {
    // Re-read soon even if nobody asks, so `console:changed` reaches the UI; a read before
    // then re-reads first. Coalesces a burst of changes into one read. During a background
    // build, the switch at its end re-reads.
    if (this.phase !== 'ready') return
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
    const first = this.phase === 'cold'
    if (first) {
      this.recorded = new Set(
        this.db.sqlite.prepare('SELECT key FROM console_escalations').pluck().all() as string[],
      )
      this.phase = 'ready'
      this.mailStale = true
      for (const e of REPLICA_ENTITIES) this.replicaStale.add(e)
    }
    if (this.stale()) recompute = this.reload(now)
    // Time-driven changes due by now; a ticket just recomputed is not recomputed twice.
    const due = this.tracker.advance(now)
    const fresh = new Set(recompute)
    const byTime = due.filter((id) => !fresh.has(id))
    this.recomputeViews([...recompute, ...byTime], now, !first)
    this.reposition()
    if (byTime.length > 0) this.events.emit('console:changed', { ticketIds: byTime })
    this.schedule(now)
    if (first) {
      this.resolveBuild()
      this.startRewrite()
    }
    return now
  }

  private agentId(): string | null {
    const row = this.db.sqlite
      .prepare("SELECT value FROM sync_state WHERE key = 'agentId'")
      .get() as { value: string } | undefined
    return row?.value ? row.value : null
  }

  /**
   * Compare the replica's (entity, id, version) list for `kinds` with what is cached, and
   * parse only new versions (the replica keeps one row per entity, newest version: an equal
   * version is unchanged). Returns what changed, removals included.
   */
  private readReplica(kinds: ReadonlySet<string>): ReplicaChanges {
    const changes: ReplicaChanges = { tickets: new Set(), accounts: new Set(), agents: new Set() }
    const note = (entity: string, id: string) => {
      if (entity === 'account') changes.accounts.add(id)
      else if (entity === 'ticket' || entity === 'triage') changes.tickets.add(id)
      else changes.agents.add(id)
    }
    const keep = new Set<string>()
    const list = [...kinds]
    const marks = list.map(() => '?').join(',')
    const put = (entity: string, id: string, version: number, data: string) => {
      this.replica.set(`${entity}:${id}`, {
        version,
        data: JSON.parse(data) as Record<string, unknown>,
      })
      note(entity, id)
    }
    const readAll = () => {
      for (const [entity, id, version, data] of this.db.sqlite
        .prepare(
          `SELECT entity, id, version, data FROM replica_entities WHERE entity IN (${marks})`,
        )
        .raw()
        .all(...list) as [string, string, number, string][]) {
        keep.add(`${entity}:${id}`)
        if (this.replica.get(`${entity}:${id}`)?.version !== version) put(entity, id, version, data)
      }
    }
    if (this.replica.size === 0) readAll()
    else {
      const load: [string, string][] = []
      for (const [entity, id, version] of this.db.sqlite
        .prepare(`SELECT entity, id, version FROM replica_entities WHERE entity IN (${marks})`)
        .raw()
        .all(...list) as [string, string, number][]) {
        const key = `${entity}:${id}`
        keep.add(key)
        if (this.replica.get(key)?.version !== version) load.push([entity, id])
      }
      if (load.length > REPLICA_POINT_READS) readAll()
      else {
        const one = this.db.sqlite.prepare(
          'SELECT version, data FROM replica_entities WHERE entity = ? AND id = ?',
        )
        for (const [entity, id] of load) {
          const r = one.get(entity, id) as { version: number; data: string } | undefined
          if (r) put(entity, id, r.version, r.data)
        }
      }
    }
    for (const key of this.replica.keys()) {
      if (keep.has(key)) continue
      const colon = key.indexOf(':')
      const entity = key.slice(0, colon)
      if (!kinds.has(entity)) continue
      this.replica.delete(key)
      note(entity, key.slice(colon + 1))
    }
    return changes
  }

  /** Every ticket's mail inputs (a full read), and the snapshots the narrow reads compare with. */
  private readMail(): MailInputs {
    this.stats.mailReads++
    this.mailboxes = this.readMailboxes()
    const localNames = this.readLocalNames()
    this.accepted = this.readAccepted()
    const byId = new Map<string, MailTicketRow>()
    for (const t of this.db.sqlite
      .prepare(
        `SELECT id, subject, account_id AS accountId, status, last_message_at AS lastMessageAt,
                customer_address AS customerAddress
           FROM mail_tickets`,
      )
      .all() as MailTicketRow[])
      byId.set(t.id, t)
    return {
      byId,
      events: loadMailSlaEvents(this.db),
      placed: this.readPlacements(null),
      localNames,
    }
  }

  /** The shared mailboxes with their queue labels. */
  private readMailboxes(): { id: string; label: string }[] {
    return (
      this.db.sqlite
        .prepare('SELECT id, address, display_name AS displayName FROM mail_mailboxes ORDER BY id')
        .all() as { id: string; address: string; displayName: string | null }[]
    ).map((m) => ({
      id: m.id,
      // A short display name, else the address's local part ("support@", "billing@"): one
      // company's long display names tend to share a prefix the sidebar cuts off.
      label:
        m.displayName && m.displayName.length <= 16
          ? m.displayName
          : m.address.includes('@')
            ? m.address.slice(0, m.address.indexOf('@') + 1)
            : (m.displayName ?? m.address),
    }))
  }

  private readLocalNames(): Map<string, string> {
    return new Map(
      this.db.sqlite.prepare('SELECT id, name FROM local_accounts').raw().all() as [
        string,
        string,
      ][],
    )
  }

  /**
   * Each ticket's mailboxes (sorted ids), from its messages' placements, for `ticketIds` or
   * (null) every ticket; records their placement aggregates (see placeAgg).
   */
  private readPlacements(ticketIds: readonly string[] | null): Map<string, string[]> {
    const placed = new Map<string, string[]>()
    const sql = (where: string) =>
      `SELECT m.ticket_id, f.mailbox_id, count(*), total(p.message_row_id),
              total(p.folder_id * p.message_row_id)
         FROM mail_placements p
         JOIN mail_messages m ON m.id = p.message_row_id
         JOIN mail_folders f ON f.id = p.folder_id
        WHERE ${where}
        GROUP BY m.ticket_id, f.mailbox_id
        ORDER BY m.ticket_id, f.mailbox_id`
    if (ticketIds === null) {
      this.placeAgg = new Map()
      this.placeTotal = [0, 0, 0]
    } else {
      for (const id of ticketIds) {
        const old = this.placeAgg.get(id)
        if (old) addTo(this.placeTotal, old, -1)
        this.placeAgg.delete(id)
      }
    }
    const fold = (rows: [string, string, number, number, number][]) => {
      for (const [ticketId, mailboxId, n, s1, s2] of rows) {
        const list = placed.get(ticketId)
        if (list) list.push(mailboxId)
        else placed.set(ticketId, [mailboxId])
        const a: Aggregate = [n, s1, s2]
        addTo(this.placeTotal, a, 1)
        const agg = this.placeAgg.get(ticketId)
        if (agg) addTo(agg, a, 1)
        else this.placeAgg.set(ticketId, a)
      }
    }
    type Row = [string, string, number, number, number]
    if (ticketIds === null) {
      fold(this.db.sqlite.prepare(sql('m.ticket_id IS NOT NULL')).raw().all() as Row[])
    } else {
      for (let i = 0; i < ticketIds.length; i += SLICE) {
        const slice = ticketIds.slice(i, i + SLICE)
        fold(
          this.db.sqlite
            .prepare(sql(`m.ticket_id IN (${slice.map(() => '?').join(',')})`))
            .raw()
            .all(...slice) as Row[],
        )
      }
    }
    return placed
  }

  /**
   * What mail_placements sums to now, over messages that belong to a ticket (see Aggregate):
   * it differs from placeTotal when a placement was added or removed without the ticket being
   * re-read, which is all a ticket's mailboxes depend on. Two indexed aggregates, no join
   * over every message.
   */
  private readPlacementsPrint(): Aggregate {
    const all = this.db.sqlite
      .prepare(
        `SELECT count(*), total(message_row_id), total(folder_id * message_row_id)
           FROM mail_placements`,
      )
      .raw()
      .get() as Aggregate
    const loose = this.db.sqlite
      .prepare(
        `SELECT count(*), total(message_row_id), total(folder_id * message_row_id)
           FROM mail_placements
          WHERE message_row_id IN (SELECT id FROM mail_messages WHERE ticket_id IS NULL)`,
      )
      .raw()
      .get() as Aggregate
    addTo(all, loose, -1)
    return all
  }

  /** Replies SMTP accepted (their time is the SLA's reply time): message id → `ticket at`. */
  private readAccepted(): Map<string, string> {
    return new Map(
      (
        this.db.sqlite
          .prepare(
            `SELECT message_id, ticket_id || ' ' || accepted_at FROM mail_outbox
              WHERE accepted_at IS NOT NULL`,
          )
          .raw()
          .all() as [string, string][]
      ).map(([m, v]) => [m, v]),
    )
  }

  /** Tickets whose accepted replies changed since the last read (outbox and stored copies). */
  private outboxChanges(): string[] {
    const now = this.readAccepted()
    const before = this.accepted
    this.accepted = now
    const ids = new Set<string>()
    const messages: string[] = []
    for (const [messageId, v] of now) {
      if (before.get(messageId) === v) continue
      messages.push(messageId)
      ids.add(v.slice(0, v.indexOf(' ')))
    }
    for (const [messageId, v] of before) {
      if (now.get(messageId) === v) continue
      if (!now.has(messageId)) messages.push(messageId)
      ids.add(v.slice(0, v.indexOf(' ')))
    }
    // The copy in Sent carries the reply into the ticket it was threaded into.
    const stored = this.db.sqlite
      .prepare('SELECT ticket_id FROM mail_messages WHERE message_id = ? AND ticket_id IS NOT NULL')
      .pluck()
    for (const m of messages) for (const id of stored.all(m) as string[]) ids.add(id)
    return [...ids]
  }

  /** Re-read the mail inputs of `ids` only (rows, messages, placements); gone ones are dropped. */
  private readTickets(ids: readonly string[], mail: MailInputs): void {
    this.stats.ticketReads += ids.length
    this.readTicketInputs(ids, mail)
  }

  private readTicketInputs(ids: readonly string[], mail: MailInputs): void {
    const events = loadMailSlaEvents(this.db, ids)
    const placed = this.readPlacements(ids)
    for (const id of ids) {
      mail.byId.delete(id)
      mail.events.delete(id)
      mail.placed.delete(id)
    }
    for (let i = 0; i < ids.length; i += SLICE) {
      const slice = ids.slice(i, i + SLICE)
      for (const t of this.db.sqlite
        .prepare(
          `SELECT id, subject, account_id AS accountId, status, last_message_at AS lastMessageAt,
                  customer_address AS customerAddress
             FROM mail_tickets WHERE id IN (${slice.map(() => '?').join(',')})`,
        )
        .all(...slice) as MailTicketRow[]) {
        mail.byId.set(t.id, t)
        const ev = events.get(t.id)
        if (ev && ev.length > 0) mail.events.set(t.id, ev)
        const boxes = placed.get(t.id)
        if (boxes) mail.placed.set(t.id, boxes)
      }
    }
  }

  /**
   * Re-read what is stale and rebuild the affected tickets' models: after a whole mail read,
   * every ticket whose mail inputs or replica rows differ from what its model was built from;
   * otherwise the tickets named by the mail engine, the outbox and placement checks, and those
   * whose replica rows (ticket, account, assignee) changed. Returns the open tickets whose SLA
   * inputs changed (re-set in the tracker).
   */
  private reload(now: number): string[] {
    this.stats.reads++
    const full = this.mailStale || this.mail === null
    this.mailStale = false
    let replicaChanges: ReplicaChanges | null = null
    if (this.replicaStale.size > 0) {
      replicaChanges = this.readReplica(this.replicaStale)
      this.replicaStale = new Set()
    }
    if (replicaChanges && replicaChanges.accounts.size > 0) this.resolver.reset()
    const c = replicaChanges
    const replicaTouched = (old: TicketModel) =>
      c !== null &&
      (c.tickets.has(old.id) ||
        (old.accountId !== null && c.accounts.has(old.accountId)) ||
        (old.assigneeId !== null && c.agents.has(old.assigneeId)))

    const ids = new Set<string>()
    const gone: string[] = []
    if (full) {
      this.staleTickets.clear()
      this.outboxStale = false
      this.placementsStale = false
      const mail = this.readMail()
      this.mail = mail
      // Most tickets are untouched by a change: skip those whose mail inputs and replica rows
      // are the ones their model was built from.
      for (const t of mail.byId.values()) {
        const old = this.models.get(t.id)
        if (!old || !sameMail(old, t, mail) || replicaTouched(old)) ids.add(t.id)
      }
      for (const id of this.models.keys()) if (!mail.byId.has(id)) gone.push(id)
    } else {
      const mail = this.mail as MailInputs
      if (this.outboxStale) {
        this.outboxStale = false
        for (const id of this.outboxChanges()) this.staleTickets.add(id)
      }
      if (this.staleTickets.size > 0) {
        const stale = [...this.staleTickets]
        this.staleTickets.clear()
        this.readTickets(stale, mail)
        for (const id of stale) {
          if (mail.byId.has(id)) ids.add(id)
          else if (this.models.has(id)) gone.push(id)
        }
      }
      // After the named tickets' re-read, which accounts for their placements.
      if (this.placementsStale) {
        this.placementsStale = false
        const print = this.readPlacementsPrint()
        const total = this.placeTotal
        if (print[0] !== total[0] || print[1] !== total[1] || print[2] !== total[2]) {
          this.stats.placementReads++
          const placed = this.readPlacements(null)
          for (const id of mail.byId.keys()) {
            if ((placed.get(id) ?? []).join() !== (mail.placed.get(id) ?? []).join()) ids.add(id)
          }
          mail.placed = placed
        }
      }
      if (c) {
        for (const id of c.tickets) if (mail.byId.has(id)) ids.add(id)
        if (c.accounts.size > 0 || c.agents.size > 0)
          for (const t of this.models.values()) if (replicaTouched(t)) ids.add(t.id)
      }
    }
    const mail = this.mail as MailInputs

    const changed: string[] = []
    const recompute: string[] = []
    for (const id of ids) {
      const t = mail.byId.get(id) as MailTicketRow
      const model = this.buildModel(t, mail, now)
      this.stats.modelBuilds++
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
    for (const id of gone) {
      this.models.delete(id)
      this.tracker.remove(id)
      changed.push(id)
    }
    if (changed.length > 0) {
      for (const id of changed) {
        this.moved.add(id)
        this.dirty.add(id)
      }
      this.scheduleSnapshot()
      if (this.stats.reads > 1) this.events.emit('console:changed', { ticketIds: changed.sort() })
    }
    return recompute
  }

  /** One ticket's row and SLA inputs from its mail row and the replica. */
  private buildModel(t: MailTicketRow, mail: MailInputs, now: number): TicketModel {
    // A Triage ticket has no server ticket; its state (closed without an account) is the
    // triage entity's, shaped like one (status, statusHistory), until it is sorted.
    const ticket = this.replica.get(`ticket:${t.id}`)?.data
    const triage =
      ticket === undefined && t.accountId === null
        ? this.replica.get(`triage:${t.id}`)?.data
        : undefined
    const server = ticket ?? triage
    const accountId = str(server?.accountId) ?? t.accountId
    const account = accountId === null ? undefined : this.replica.get(`account:${accountId}`)?.data
    const assigneeId = str(server?.assigneeId)
    const serverStatus = str(server?.status) ?? t.status
    const pauseReason = serverStatus === 'paused' ? slaPauseReason(server?.pauseReason) : null
    const mailEvents = mail.events.get(t.id) ?? []
    const events = server
      ? sortEvents([...mailEvents, ...statusEvents(server)])
      : sortEvents(mailEvents)
    // A customer writing to a resolved or closed ticket reopens it (reopenedByCustomer),
    // except a Triage ticket closed as spam or as not from a customer: more of the same
    // stays closed.
    const reopened =
      isSolvedStatus(serverStatus) &&
      !(triage !== undefined && TRIAGE_STAYS_CLOSED.has(String(triage.reason))) &&
      reopenedByCustomer(events) !== null
    const status = reopened ? 'open' : serverStatus
    const solved = isSolvedStatus(status)
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
        if (view.rank !== t.view.rank || view.sortDue !== t.view.sortDue) this.moved.add(id)
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
    list.sort(ORDER[sort])
    this.sorted[sort] = list
    return list
  }

  /**
   * Put the moved tickets back in place in the sorted lists (binary search; the orders are
   * total, so the result equals a fresh sort), or drop a list when many moved.
   */
  private reposition(): void {
    if (this.moved.size === 0) return
    for (const sort of ['sla', 'activity'] as const) {
      const list = this.sorted[sort]
      if (!list) continue
      if (this.moved.size > Math.max(64, list.length / 64)) {
        this.sorted[sort] = undefined
        continue
      }
      const order = ORDER[sort]
      let kept = list
      if (this.moved.size <= 8) {
        // A few: find and cut each (a scan, no copy of the list).
        for (const id of this.moved) {
          const i = kept.findIndex((t) => t.id === id)
          if (i >= 0) kept.splice(i, 1)
        }
      } else kept = list.filter((t) => !this.moved.has(t.id))
      for (const id of this.moved) {
        const t = this.models.get(id)
        if (!t) continue
        let lo = 0
        let hi = kept.length
        while (lo < hi) {
          const mid = (lo + hi) >> 1
          if (order(kept[mid] as TicketModel, t) < 0) lo = mid + 1
          else hi = mid
        }
        kept.splice(lo, 0, t)
      }
      this.sorted[sort] = kept
    }
    this.moved.clear()
  }

  private row(t: TicketModel, now: number): QueueRow {
    let sla: SlaHeadline | null = t.view.headline
    if (!t.solved) {
      // Exact figures at `now` for the rows shown (a few calendar look-ups each).
      const figures = this.tracker.figures(t.id, now)
      if (figures) sla = slaView(figures, t.events).headline
    } else if (t.view.rank !== 2) {
      // Solved, yet a clock still runs (the customer wrote after the solve): its figures move
      // with time, so they are evaluated at `now` like an open ticket's.
      sla = this.solvedView(t, now).headline
    }
    return { ...listFields(t), sla }
  }
}

/** A ticket's list fields: what a row shows besides its SLA headline. */
function listFields(t: TicketModel): Omit<QueueRow, 'sla'> {
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
  }
}

/** A model as the snapshot keeps it, written at `now`. */
function snapshotRow(t: TicketModel, now: number): SnapshotRow {
  // A solved ticket's figures are computed at now from the events due by then (an open
  // ticket's tracker folds them all): a later event would change them.
  let changesAt: number | null = null
  if (t.solved)
    for (const e of t.events)
      if (e.at > now && (changesAt === null || e.at < changesAt)) changesAt = e.at
  return {
    ...listFields(t),
    solved: t.solved,
    mailboxes: t.mailboxes,
    sla: t.view.headline,
    riskAt: t.view.riskAt,
    breachAt: t.view.breachAt,
    rank: t.view.rank,
    sortDue: t.view.sortDue,
    lastMs: t.lastMs,
    changesAt,
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown'
}

/** Two lists sorted by `order` into one (stable: `a` first on ties, which a total order has not). */
function mergeSorted(
  a: readonly TicketModel[],
  b: readonly TicketModel[],
  order: (x: TicketModel, y: TicketModel) => number,
): TicketModel[] {
  const out: TicketModel[] = new Array<TicketModel>(a.length + b.length)
  let i = 0
  let j = 0
  let k = 0
  while (i < a.length && j < b.length) {
    const x = a[i] as TicketModel
    const y = b[j] as TicketModel
    if (order(x, y) <= 0) {
      out[k++] = x
      i++
    } else {
      out[k++] = y
      j++
    }
  }
  while (i < a.length) out[k++] = a[i++] as TicketModel
  while (j < b.length) out[k++] = b[j++] as TicketModel
  return out
}
