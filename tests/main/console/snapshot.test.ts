/**
 * The console snapshot: a freshly started service serves its queues and pages from the rows
 * the last run wrote while it builds in the background, and must give exactly what the built
 * service gives (SLA states evaluated at the injected clock's now); a snapshot from another
 * version, an empty, cut or corrupt one is never served.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { QueueService } from '../../../src/main/console/queue-service'
import { ConsoleSnapshot, type SnapshotRow, WRITE_SLICE } from '../../../src/main/console/snapshot'
import type { QueueRow } from '../../../src/shared/contract/console'
import { fixedClock } from '../../../src/shared/clock'
import { BENCH_NOW, seedTicketStore } from '../../../bench/ticket-store'
import { makeTestCore } from '../../helpers/core'
import { EventBus } from '../../../src/main/core/events'
import { openDatabase } from '../../../src/main/db/open'
import { join } from 'node:path'

type Core = ReturnType<typeof makeTestCore>

const TICKETS = 1500
const HOUR = 3_600_000

/** Every queue's count, and in both orders every queue's full list and a page inside it. */
function view(s: QueueService) {
  const { queues } = s.queues()
  const pages: Record<string, { rows: QueueRow[]; total: number }> = {}
  const ids = queues.map((q) => q.id)
  for (const queue of ids) {
    for (const sort of ['sla', 'activity'] as const) {
      const { rows, total } = s.tickets({ queue, sort, limit: 1000 })
      pages[`${queue} ${sort}`] = { rows, total }
      pages[`${queue} ${sort} @37`] = s.tickets({ queue, sort, offset: 37, limit: 25 })
    }
  }
  for (const reason of ['waiting_on_customer', 'waiting_on_po_approval'] as const)
    pages[`waiting ${reason}`] = s.tickets({ queue: 'waiting', reason, limit: 1000 })
  return { queues, pages }
}

/**
 * What a snapshot keeps as of its write (see snapshot.ts), set aside: a running clock's
 * minutes left and a paused clock's due instant "if it resumed now". The UI shows neither
 * (a running chip counts down to dueAt, a paused one shows the minutes left).
 */
function withoutRunningMinutes(v: ReturnType<typeof view>) {
  const strip = (r: QueueRow): QueueRow =>
    r.sla === null
      ? r
      : r.sla.state === 'paused'
        ? { ...r, sla: { ...r.sla, dueAt: 0 } }
        : { ...r, sla: { ...r.sla, remainingMinutes: 0 } }
  return {
    queues: v.queues,
    pages: Object.fromEntries(
      Object.entries(v.pages).map(([k, p]) => [k, { total: p.total, rows: p.rows.map(strip) }]),
    ),
  }
}

const count = (v: ReturnType<typeof view>, id: string) =>
  v.queues.find((q) => q.id === id)?.count ?? -1

describe('console snapshot', () => {
  let core: Core
  let clock: ReturnType<typeof fixedClock>
  let changes: ({ ticketIds?: string[] } | undefined)[]
  const services: QueueService[] = []

  const service = (version = 'v1') => {
    const s = new QueueService({
      db: core.db,
      clock,
      events: core.events,
      log: core.log,
      version,
      snapshotDelayMs: 0,
    })
    services.push(s)
    return s
  }
  /** A run that builds in the foreground and leaves its snapshot (written at close). */
  const previousRun = (version = 'v1') => {
    const s = service(version)
    s.start()
    expect(s.building).toBe(false)
    const seen = view(s)
    s.dispose()
    return seen
  }
  /**
   * The built service's view at the clock's now, on a copy of the store (so that its own
   * snapshot, written at close, leaves the one under test alone).
   */
  const truth = () => {
    const file = join(core.dir, `truth-${++copies}.sqlite`)
    core.db.sqlite.prepare('VACUUM INTO ?').run(file)
    const db = openDatabase(file)
    const s = new QueueService({ db, clock, events: new EventBus(), log: core.log })
    try {
      const seen = view(s)
      expect(s.stats.snapshotReads).toBe(0)
      return seen
    } finally {
      s.dispose()
      db.close()
    }
  }
  let copies = 0

  beforeEach(() => {
    core = makeTestCore(new Date(BENCH_NOW).toISOString())
    clock = fixedClock(BENCH_NOW)
    seedTicketStore(core.db, { tickets: TICKETS, now: BENCH_NOW })
    // The generator's pauses use a reason the SLA engine does not know: some real ones, so
    // Waiting and paused clocks are covered.
    core.db.sqlite
      .prepare(
        `UPDATE replica_entities SET data = json_set(data, '$.status', 'paused',
           '$.pauseReason', CASE WHEN rowid % 2 = 0 THEN 'waiting_on_customer'
                                 ELSE 'waiting_on_po_approval' END)
          WHERE entity = 'ticket' AND rowid % 7 = 0`,
      )
      .run()
    changes = []
    core.events.on('console:changed', (e) => changes.push(e))
  })

  afterEach(() => {
    for (const s of services.splice(0)) s.dispose()
    core.dispose()
  })

  it('serves exactly the built queues and pages from the snapshot, then switches', async () => {
    const before = previousRun()
    expect(core.db.sqlite.prepare('SELECT count(*) FROM console_snapshot').pluck().get()).toBe(
      TICKETS,
    )
    const s = service()
    s.start()
    expect(s.building).toBe(true)
    const served = view(s)
    expect(s.stats.snapshotReads).toBeGreaterThan(20)
    expect(s.stats.modelBuilds).toBe(0)
    expect(served).toEqual(before)
    // A queue the store does not have is refused as by the built service.
    expect(() => s.tickets({ queue: 'mailbox:nope' })).toThrow(/No queue/)
    await s.whenBuilt()
    expect(s.building).toBe(false)
    // Built in slices, each yielding to the event loop.
    expect(s.stats.buildSlices).toBeGreaterThanOrEqual(TICKETS / 1000)
    expect(changes).toContainEqual({})
    const reads = s.stats.snapshotReads
    expect(view(s)).toEqual(before)
    expect(s.stats.snapshotReads).toBe(reads)
    expect(s.stats.mailReads).toBe(1)
  })

  it('evaluates at risk and breached at the clock’s now, not at the write', () => {
    // Written when every event is due (the store has server updates up to 5 min after its
    // now): nothing but time changes the figures after that.
    clock.set(BENCH_NOW + 10 * 60_000)
    const atWrite = previousRun()
    for (const hours of [1, 3, 30]) {
      clock.set(BENCH_NOW + hours * HOUR)
      const s = service()
      s.start()
      expect(s.building).toBe(true)
      const served = view(s)
      expect(s.stats.snapshotReads).toBeGreaterThan(20)
      s.dispose()
      const seen = truth()
      expect(withoutRunningMinutes(served)).toEqual(withoutRunningMinutes(seen))
      // Time alone moved tickets between queues: the test would see a frozen snapshot.
      expect(count(seen, 'waiting')).toBeGreaterThan(50)
      if (hours === 3) {
        expect(count(seen, 'breached')).toBeGreaterThan(count(atWrite, 'breached'))
        expect(count(served, 'breached')).toBe(count(seen, 'breached'))
        expect(count(served, 'at_risk')).toBe(count(seen, 'at_risk'))
      }
    }
  })

  it('ignores a snapshot from another version, an empty, a cut or a corrupt one', () => {
    const before = previousRun('v1')
    // Another app version.
    const other = service('v2')
    other.start()
    expect(other.building).toBe(false)
    expect(other.stats.snapshotReads).toBe(0)
    expect(view(other)).toEqual(before)
    other.dispose()
    // v2 rewrote it at close: v1 no longer takes it.
    const v1 = service('v1')
    v1.start()
    expect(v1.building).toBe(false)
    v1.dispose()
    // A cut one (a row lost): the meta's count no longer matches (v1 wrote it at close).
    core.db.sqlite
      .prepare(
        'DELETE FROM console_snapshot WHERE ticket_id = (SELECT min(ticket_id) FROM console_snapshot)',
      )
      .run()
    const cut = service('v1')
    cut.start()
    expect(cut.building).toBe(false)
    cut.dispose()
    // An empty one.
    core.db.sqlite.prepare('DELETE FROM console_snapshot').run()
    core.db.sqlite.prepare("UPDATE console_snapshot_meta SET value = '0' WHERE key = 'rows'").run()
    const empty = service('v1')
    empty.start()
    expect(empty.building).toBe(false)
    expect(view(empty)).toEqual(before)
    empty.dispose()
    // A corrupt row behind a valid meta: the read that meets it builds instead.
    core.db.sqlite.prepare("UPDATE console_snapshot SET sla_state = 'late' WHERE rank = 0").run()
    const bad = service('v1')
    bad.start()
    expect(bad.building).toBe(true)
    expect(view(bad)).toEqual(before)
    expect(bad.building).toBe(false)
    expect(bad.stats.mailReads).toBe(1)
  })

  it('is not served once an event dated after its write is due', () => {
    // The store has server updates up to 5 min after its now; a solved ticket's figures
    // leave them out until they are due.
    const before = previousRun()
    const until = Number(
      core.db.sqlite
        .prepare("SELECT value FROM console_snapshot_meta WHERE key = 'validUntil'")
        .pluck()
        .get(),
    )
    expect(until).toBeGreaterThan(BENCH_NOW)
    expect(until).toBeLessThanOrEqual(BENCH_NOW + 5 * 60_000)
    const early = service()
    early.start()
    expect(early.building).toBe(true)
    expect(view(early)).toEqual(before)
    early.dispose()
    clock.set(until)
    const late = service()
    late.start()
    expect(late.building).toBe(false)
    expect(late.stats.snapshotReads).toBe(0)
  })

  it('applies changes made during the background build at the switch', async () => {
    previousRun()
    // Every chunk of tickets its own slice: the change lands between two.
    const s = new QueueService({
      db: core.db,
      clock,
      events: core.events,
      log: core.log,
      version: 'v1',
      buildSliceMs: 0,
    })
    services.push(s)
    s.start()
    expect(s.building).toBe(true)
    const built = s.whenBuilt()
    while (s.stats.modelBuilds === 0) await new Promise((r) => setImmediate(r))
    expect(s.building).toBe(true)
    // While it builds: the first ticket (already read: ids go in order) gets new mail, a pull
    // reassigns another to the signed-in agent and solves a third; the snapshot still shows
    // the old rows until the switch.
    const read = core.db.sqlite.prepare('SELECT id FROM mail_tickets ORDER BY id LIMIT 1').pluck()
    const firstId = read.get() as string
    expect(s.stats.modelBuilds).toBeLessThan(TICKETS)
    core.db.sqlite
      .prepare("UPDATE mail_tickets SET subject = 'Changed meanwhile' WHERE id = ?")
      .run(firstId)
    core.events.emit('db:changed', { tables: ['mail_tickets'], ticketIds: [firstId] })
    const [first, second] = core.db.sqlite
      .prepare(
        "SELECT id FROM replica_entities WHERE entity = 'ticket' AND json_extract(data, '$.status') = 'open' ORDER BY id DESC LIMIT 2",
      )
      .pluck()
      .all() as [string, string]
    core.db.sqlite
      .prepare(
        `UPDATE replica_entities SET version = version + 1,
           data = json_set(data, '$.assigneeId', 'agt-1') WHERE entity = 'ticket' AND id = ?`,
      )
      .run(first)
    core.db.sqlite
      .prepare(
        `UPDATE replica_entities SET version = version + 1,
           data = json_set(data, '$.status', 'resolved') WHERE entity = 'ticket' AND id = ?`,
      )
      .run(second)
    core.events.emit('db:changed', { tables: ['replica_entities', 'replica:ticket'] })
    const during = s.tickets({ queue: 'solved', limit: 1000 }).rows.map((r) => r.id)
    expect(during).not.toContain(second)
    await built
    expect(s.stats.buildSlices).toBeGreaterThan(TICKETS / 100)
    const after = view(s)
    expect(after.pages['solved sla']?.rows.map((r) => r.id)).toContain(second)
    expect(after.pages['mine sla']?.rows.map((r) => r.id)).toContain(first)
    expect(after.pages['all activity']?.rows.find((r) => r.id === firstId)?.subject).toBe(
      'Changed meanwhile',
    )
    s.dispose()
    expect(after).toEqual(truth())
  })

  it('begins the build after the first reads, or when waited for', async () => {
    previousRun()
    const s = new QueueService({
      db: core.db,
      clock,
      events: core.events,
      log: core.log,
      version: 'v1',
      buildDelayMs: { afterRead: 40, idle: 60_000 },
    })
    services.push(s)
    s.start()
    s.queues()
    s.tickets({ queue: 'all' })
    await new Promise((r) => setTimeout(r, 10))
    // Still serving the first screen: nothing built yet.
    expect(s.stats.buildSlices).toBe(0)
    while (s.building) await new Promise((r) => setTimeout(r, 10))
    expect(s.stats.buildSlices).toBeGreaterThan(0)
    // Nothing read: it waits for the idle delay, unless someone waits for it.
    const idle = new QueueService({
      db: core.db,
      clock,
      events: core.events,
      log: core.log,
      version: 'v1',
      buildDelayMs: { afterRead: 40, idle: 60_000 },
    })
    services.push(idle)
    idle.start()
    await new Promise((r) => setTimeout(r, 60))
    expect(idle.stats.buildSlices).toBe(0)
    await idle.whenBuilt()
    expect(idle.building).toBe(false)
  })

  it('keeps the snapshot current with changed rows (debounced) and at close', async () => {
    previousRun()
    const s = service()
    s.start()
    await s.whenBuilt()
    // Let the rewrite after the build finish (it runs in slices).
    for (let i = 0; i < 50 && s.stats.snapshotRewrites === 0; i++)
      await new Promise((r) => setTimeout(r, 5))
    const id = core.db.sqlite
      .prepare('SELECT id FROM mail_tickets WHERE account_id IS NULL ORDER BY id LIMIT 1')
      .pluck()
      .get() as string
    core.db.sqlite.prepare("UPDATE mail_tickets SET subject = 'Renamed' WHERE id = ?").run(id)
    core.events.emit('db:changed', { tables: ['mail_tickets'], ticketIds: [id] })
    // The change is read on the next read (or the reload timer), then written after the delay.
    s.queues()
    for (let i = 0; i < 100 && s.stats.snapshotRowsUpdated === 0; i++)
      await new Promise((r) => setTimeout(r, 5))
    expect(s.stats.snapshotRowsUpdated).toBe(1)
    expect(
      core.db.sqlite
        .prepare('SELECT subject FROM console_snapshot WHERE ticket_id = ?')
        .pluck()
        .get(id),
    ).toBe('Renamed')
    const seen = view(s)
    s.dispose()
    const next = service()
    next.start()
    expect(next.building).toBe(true)
    expect(view(next)).toEqual(seen)
  })
})

describe('ConsoleSnapshot rewrite', () => {
  let core: Core
  beforeEach(() => {
    core = makeTestCore()
  })
  afterEach(() => core.dispose())

  const row = (n: number, subject = 'Subject'): SnapshotRow => ({
    id: `t-${String(n).padStart(5, '0')}`,
    subject,
    accountId: null,
    accountName: null,
    tier: null,
    assigneeId: null,
    assigneeName: null,
    orderType: null,
    status: 'open',
    pauseReason: null,
    customerAddress: null,
    lastMessageAt: new Date(BENCH_NOW - n * 60_000).toISOString(),
    solved: false,
    mailboxes: ['support'],
    sla: null,
    riskAt: null,
    breachAt: null,
    rank: 2,
    sortDue: 0,
    lastMs: BENCH_NOW - n * 60_000,
    changesAt: null,
  })
  const runAll = (step: () => boolean) => {
    while (!step()) {
      // all slices
    }
  }
  const n = WRITE_SLICE * 2 + 10

  it('a rewrite cut short leaves a usable snapshot; a first one is usable only when done', () => {
    const snap = new ConsoleSnapshot(core.db, 'v1')
    const first = snap.rewrite(Array.from({ length: n }, (_, i) => row(i)))
    expect(first()).toBe(false)
    expect(first()).toBe(false)
    // Half written, never served.
    expect(snap.usable(BENCH_NOW)).toBe(false)
    runAll(first)
    expect(snap.usable(BENCH_NOW)).toBe(true)
    // Again, with new subjects and the first ticket gone: cut after one slice of rows.
    const next = snap.rewrite(Array.from({ length: n - 1 }, (_, i) => row(i + 1, 'New')))
    expect(next()).toBe(false)
    expect(next()).toBe(false)
    expect(snap.usable(BENCH_NOW)).toBe(true)
    const page = snap.tickets({ queue: 'all', sort: 'activity' }, BENCH_NOW, null, ['support'], 3)
    expect(page.total).toBe(n)
    expect(page.rows.map((r) => r.subject)).toEqual(['Subject', 'New', 'New'])
    runAll(next)
    const done = snap.tickets({ queue: 'all', sort: 'activity' }, BENCH_NOW, null, ['support'], 3)
    expect(done.total).toBe(n - 1)
    expect(done.rows.map((r) => r.id)).toEqual(['t-00001', 't-00002', 't-00003'])
    expect(new ConsoleSnapshot(core.db, 'v2').usable(BENCH_NOW)).toBe(false)
    // Rows written by another version are dropped before v2 writes its own.
    const other = new ConsoleSnapshot(core.db, 'v2')
    const step = other.rewrite([row(7)])
    step()
    expect(core.db.sqlite.prepare('SELECT count(*) FROM console_snapshot').pluck().get()).toBe(0)
    runAll(step)
    expect(other.usable(BENCH_NOW)).toBe(true)
    expect(snap.usable(BENCH_NOW)).toBe(false)
  })
})
