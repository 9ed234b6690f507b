/**
 * Console queue benchmark (run with `tsx bench/console.ts`): prints a table; asserts nothing.
 *
 * 50,000 tickets (about 3 messages each, in two shared mailboxes) written straight into a
 * migrated local store, with a server replica of 500 accounts on five time zones, 40 agents
 * and ticket metadata for 60% of the tickets (assignees, pauses, solves). Measured in this
 * process, through the one dispatch wrapper (zod parse included):
 * - the first `console:tickets` on a store the console never opened (no snapshot: reads every
 *   input and builds the SLA tracker before answering), and the snapshot rewrite after it
 *   (in slices: the longest is printed);
 * - `console:tickets`, first page of 50, sorted by SLA and by activity (median of runs),
 *   against the baseline: a plain indexed `SELECT` of the same 50 rows (ticket, and its
 *   replica row) in the same process;
 * - `console:queues` (all counts);
 * - the server's share of opening a ticket (`tickets:get` and the account pane's lists);
 * - the baseline for the cold build: reading its inputs with no parsing or SLA work;
 * - after one new customer message announced as the mail engine does (`db:changed` naming
 *   the ticket): the next first page (re-reads that ticket only); its `mail:synced`
 *   (placement fingerprint); the same without ids (the fallback: whole mail read, compare);
 *   bodies stored (ignored);
 * - after a replica pull that changed one ticket: the next first page (re-reads the
 *   replica's versions, rebuilds that ticket only);
 * - one timer tick with nothing due;
 * - a restart: the cold first page of a new core on the same store (backlog recorded), in
 *   this process (warm code);
 * - cold starts in a freshly started process (`tsx bench/console.ts --cold <db>`), on the store
 *   with the snapshot the run above left, and on a copy of it the console never opened: the
 *   first page and the queues (served from the snapshot while the build runs in the
 *   background, or after a foreground build), the background build's duration, its longest
 *   slice and the event loop's longest stall meanwhile (a 5 ms interval timer's lateness).
 *
 * The machine's load is printed: on a shared machine absolute figures move with it; the
 * ratios to the baselines measured in the same process move less.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createCore } from '../src/main/core/core'
import { dispatch, type Caller } from '../src/main/core/dispatch'
import { migrateDatabase, openDatabase } from '../src/main/db/open'
import { clientMigrationsFolder } from '../src/main/paths'
import { createHandlers } from '../src/main/services/handlers'
import { fixedClock } from '../src/shared/clock'
import { BENCH_NOW, seedTicketStore } from './ticket-store'

const TICKETS = 50_000
const PAGE = 50
const NOW = BENCH_NOW
const MIN = 60_000

const COLD = process.argv[2] === '--cold'
const dir = COLD ? '' : mkdtempSync(join(tmpdir(), 'kontor-bench-console-'))
const dbPath = COLD ? (process.argv[3] as string) : join(dir, 'kontor.sqlite')
const db = openDatabase(dbPath)
migrateDatabase(db, clientMigrationsFolder())
const clock = fixedClock(NOW)

function seed(): void {
  seedTicketStore(db, { tickets: TICKETS, now: NOW })
}

const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1))
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}
function time(fn: () => unknown): number {
  const t0 = performance.now()
  fn()
  return performance.now() - t0
}
async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

/** What a freshly started process measures (printed as one JSON line for the parent). */
interface ColdRun {
  /** From process start (module loading included) to the first page answered. */
  sinceStart: number
  firstPage: number
  queues: number
  fromSnapshot: boolean
  /** Start of the first read to the switch to the built rows (0: built in the foreground). */
  build: number
  buildSlices: number
  longestSlice: number
  /** The event loop's longest stall while the build ran (a 5 ms timer's lateness). */
  longestStall: number
  firstPageBuilt: number
  rewrite: number
  longestWrite: number
}

/** A core on the bench store and a caller through the handler table, as IPC calls it. */
function benchCore() {
  const core = createCore({
    db,
    clock,
    version: 'bench',
    migrationsFolder: clientMigrationsFolder(),
  })
  const handlers = createHandlers(core)
  const caller: Caller = { transport: 'ipc', trusted: true }
  const call = async (name: string, input: unknown) => {
    const r = await dispatch(handlers, name, input, caller)
    if (!r.ok) throw new Error(r.error.message)
    return r.data
  }
  return { core, call }
}

async function coldRun(): Promise<ColdRun> {
  const { core, call } = benchCore()
  const t0 = performance.now()
  const firstPage = await timeAsync(() => call('console:tickets', { queue: 'all', limit: PAGE }))
  const sinceStart = performance.now()
  const queues = await timeAsync(() => call('console:queues', {}))
  const fromSnapshot = core.queues.building
  let longestStall = 0
  let last = performance.now()
  const probe = setInterval(() => {
    const t = performance.now()
    longestStall = Math.max(longestStall, t - last - 5)
    last = t
  }, 5)
  await core.queues.whenBuilt()
  const build = fromSnapshot ? performance.now() - t0 : 0
  clearInterval(probe)
  const firstPageBuilt = await timeAsync(() =>
    call('console:tickets', { queue: 'all', limit: PAGE }),
  )
  const w0 = performance.now()
  while (core.queues.writingSnapshot) await new Promise((r) => setTimeout(r, 5))
  const rewrite = performance.now() - w0
  const s = core.queues.stats
  core.queues.dispose()
  return {
    sinceStart,
    firstPage,
    queues,
    fromSnapshot,
    build,
    buildSlices: s.buildSlices,
    longestSlice: s.longestSliceMs,
    longestStall: fromSnapshot ? longestStall : firstPage,
    firstPageBuilt,
    rewrite,
    longestWrite: s.longestWriteMs,
  }
}

/** Run `coldRun` in a freshly started process on `path`. */
function coldProcess(path: string): ColdRun {
  const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--cold', path], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  })
  if (r.status !== 0) throw new Error(`cold run failed: ${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as ColdRun
}

async function main(): Promise<void> {
  if (COLD) {
    process.stdout.write(`${JSON.stringify(await coldRun())}\n`)
    return
  }
  const seedMs = time(seed)
  const { core, call } = benchCore()
  const rows: [string, string, string][] = []
  const runs = 30

  const cold = await timeAsync(() => call('console:tickets', { queue: 'all', limit: PAGE }))
  const recorded = (
    db.sqlite.prepare('SELECT count(*) AS n FROM console_escalations').get() as { n: number }
  ).n
  rows.push([
    'console:tickets first page, never opened (builds before answering)',
    ms(cold),
    `1 run; ${core.queues.stats.slaRecomputes} tickets tracked, ${recorded} escalations recorded`,
  ])

  // Baseline for the cold build: just reading its inputs (ticket rows, messages' SLA columns,
  // placements, replica rows) in the same process, no parsing or SLA work.
  const inputsMs = time(() => {
    db.sqlite
      .prepare(
        'SELECT id, subject, account_id, status, last_message_at, customer_address FROM mail_tickets',
      )
      .raw()
      .all()
    db.sqlite
      .prepare(
        `SELECT ticket_id, direction, internal_date, message_id FROM mail_messages
          WHERE ticket_id IS NOT NULL`,
      )
      .raw()
      .all()
    db.sqlite.prepare('SELECT message_row_id, folder_id FROM mail_placements').raw().all()
    db.sqlite.prepare('SELECT entity, id, version, data FROM replica_entities').raw().all()
  })
  rows.push(["baseline: read the cold build's inputs (no parsing)", ms(inputsMs), '1 run'])
  const first = rows[0] as [string, string, string]
  first[2] += `; ${(cold / inputsMs).toFixed(1)}× the baseline read`

  const pageIds = (
    (await call('console:tickets', { queue: 'all', limit: PAGE })) as { rows: { id: string }[] }
  ).rows.map((r) => r.id)
  const baselineStmt = db.sqlite.prepare(
    `SELECT t.id, t.subject, t.account_id, t.status, t.last_message_at, t.customer_address, r.data
       FROM mail_tickets t LEFT JOIN replica_entities r ON r.entity = 'ticket' AND r.id = t.id
      WHERE t.id IN (${pageIds.map(() => '?').join(',')})`,
  )
  const byActivity = db.sqlite.prepare(
    `SELECT t.id, t.subject, t.account_id, t.status, t.last_message_at, t.customer_address, r.data
       FROM mail_tickets t LEFT JOIN replica_entities r ON r.entity = 'ticket' AND r.id = t.id
      ORDER BY t.last_message_at DESC LIMIT ${PAGE}`,
  )
  const base: number[] = []
  const baseActivity: number[] = []
  for (let i = 0; i < runs; i++) {
    base.push(time(() => baselineStmt.all(...pageIds)))
    baseActivity.push(time(() => byActivity.all()))
  }
  const baseMs = median(base)
  rows.push([`baseline: SELECT the same ${PAGE} rows by id (+ replica row)`, ms(baseMs), 'median'])
  rows.push([
    `baseline: SELECT ${PAGE} rows ORDER BY last_message_at (index)`,
    ms(median(baseActivity)),
    'median',
  ])
  for (const [label, input] of [
    ['console:tickets all, SLA sort, first page', { queue: 'all', limit: PAGE }],
    ['console:tickets all, activity sort', { queue: 'all', sort: 'activity', limit: PAGE }],
    ['console:tickets breached, first page', { queue: 'breached', limit: PAGE }],
    ['console:tickets mine, first page', { queue: 'mine', limit: PAGE }],
  ] as const) {
    const xs: number[] = []
    for (let i = 0; i < runs; i++) xs.push(await timeAsync(() => call('console:tickets', input)))
    const m = median(xs)
    rows.push([label, ms(m), `median; ${(m / baseMs).toFixed(1)}× baseline`])
  }
  const qs: number[] = []
  for (let i = 0; i < runs; i++) qs.push(await timeAsync(() => call('console:queues', {})))
  rows.push(['console:queues (all counts)', ms(median(qs)), 'median'])

  // The server's share of opening a ticket: its messages, and the account pane's five lists.
  {
    const open: number[] = []
    const withAccount = (
      (await call('console:tickets', { queue: 'all', limit: PAGE })) as {
        rows: { id: string; accountId: string | null }[]
      }
    ).rows.filter((r) => r.accountId !== null)
    for (const r of withAccount.slice(0, 10)) {
      open.push(
        await timeAsync(() =>
          Promise.all([
            call('tickets:get', { id: r.id }),
            ...['account', 'order', 'quote', 'invoice', 'contact'].map((entity) =>
              call('replica:list', { entity, accountId: r.accountId, limit: 500 }),
            ),
          ]),
        ),
      )
    }
    rows.push([
      'ticket open, server side: tickets:get + 5 replica:list',
      ms(median(open)),
      `median of ${open.length}`,
    ])
  }

  // One new customer message on one ticket, then the next read: as the mail engine announces
  // it (db:changed naming the re-threaded ticket, then mail:synced), and without the ids.
  const inbox = db.sqlite
    .prepare("SELECT id FROM mail_folders WHERE mailbox_id = 'support' AND path = 'INBOX'")
    .pluck()
    .get() as number
  const newMessage = (n: number, ticketId: string) => {
    const r = db.sqlite
      .prepare(
        `INSERT INTO mail_messages (identity, message_id, subject, from_address, internal_date,
          direction, ticket_id) VALUES (?, ?, 'Re', 'x@y', ?, 'in', ?)`,
      )
      .run(`bench-new-${n}`, `bench-new-${n}@x`, new Date(NOW - MIN).toISOString(), ticketId)
    db.sqlite
      .prepare('INSERT INTO mail_placements (folder_id, uid, message_row_id) VALUES (?, ?, ?)')
      .run(inbox, 10_000_000 + n, Number(r.lastInsertRowid))
  }
  const delta = () => {
    const s = { ...core.queues.stats }
    return () =>
      `${core.queues.stats.ticketReads - s.ticketReads} ticket(s) re-read, ` +
      `${core.queues.stats.placementReads - s.placementReads} whole placement read(s), ` +
      `${core.queues.stats.mailReads - s.mailReads} whole mail read(s), ` +
      `${core.queues.stats.slaRecomputes - s.slaRecomputes} recomputed`
  }
  const incs: number[] = []
  let incNote = ''
  for (let i = 0; i < 5; i++) {
    const d = delta()
    newMessage(i, pageIds[PAGE - 1 - i] as string)
    incs.push(
      await timeAsync(async () => {
        core.events.emit('db:changed', {
          tables: ['mail_messages', 'mail_tickets'],
          ticketIds: [pageIds[PAGE - 1 - i] as string],
        })
        await call('console:tickets', { queue: 'all', limit: PAGE })
      }),
    )
    incNote = d()
  }
  rows.push([
    'one new message, ids announced: db:changed + next first page',
    ms(median(incs)),
    `median of 5; ${incNote}`,
  ])
  {
    const d = delta()
    const t = await timeAsync(async () => {
      core.events.emit('mail:synced', { mailboxId: 'support', newMessages: 1, tickets: TICKETS })
      await call('console:tickets', { queue: 'all', limit: PAGE })
    })
    rows.push(['then its mail:synced (placement fingerprint) + next page', ms(t), d()])
  }
  {
    const d = delta()
    newMessage(99, pageIds[0] as string)
    const t = await timeAsync(async () => {
      core.events.emit('db:changed', { tables: ['mail_messages'] })
      await call('console:tickets', { queue: 'all', limit: PAGE })
    })
    rows.push(['one new message, no ids (fallback: whole mail read + compare)', ms(t), d()])
  }
  {
    const d = delta()
    const t = await timeAsync(async () => {
      core.events.emit('db:changed', { tables: ['mail_bodies'] })
      await call('console:tickets', { queue: 'all', limit: PAGE })
    })
    rows.push(['bodies stored (db:changed mail_bodies) + next page', ms(t), d()])
  }
  // One replica pull that reassigns one ticket.
  const d2 = delta()
  db.sqlite
    .prepare(
      `UPDATE replica_entities SET version = version + 1,
         data = json_set(data, '$.assigneeId', 'agt-2') WHERE entity = 'ticket' AND id = (
           SELECT id FROM replica_entities WHERE entity = 'ticket' ORDER BY id LIMIT 1)`,
    )
    .run()
  core.events.emit('db:changed', { tables: ['replica_entities', 'replica:ticket'] })
  const pull = await timeAsync(() => call('console:tickets', { queue: 'all', limit: PAGE }))
  rows.push(['after a replica pull (one assignment): next first page', ms(pull), d2()])
  const tick = time(() => core.queues.tick())
  rows.push(['timer tick, nothing due', ms(tick), '1 run'])
  // The snapshot rewrite the first build started runs in slices between macrotasks (the
  // awaits above are microtasks): let it finish before a restart.
  {
    const w0 = performance.now()
    while (core.queues.writingSnapshot) await new Promise((r) => setTimeout(r, 1))
    rows.push([
      'snapshot rewrite after the first build (in slices)',
      ms(core.queues.stats.longestWriteMs),
      `longest slice; ${ms(performance.now() - w0)} ms until done`,
    ])
    const f0 = performance.now()
    core.queues.dispose()
    rows.push(['changed rows written at close (dispose)', ms(performance.now() - f0), '1 run'])
  }
  // A restart: a new core on the same store (escalations already recorded).
  const { core: core2, call: call2 } = benchCore()
  const warm = await timeAsync(async () => {
    await call2('console:tickets', { queue: 'all', limit: PAGE })
  })
  rows.push([
    'same process, new core: first page (served from the snapshot)',
    ms(warm),
    `1 run; building in the background: ${core2.queues.building}`,
  ])
  await core2.queues.whenBuilt()
  core2.queues.dispose()
  // Fresh processes: on this store (snapshot left by the runs above), then on a copy the
  // console never opened.
  const never = join(dir, 'never-opened.sqlite')
  db.sqlite.prepare('VACUUM INTO ?').run(never)
  {
    const copy = openDatabase(never)
    copy.sqlite.exec('DELETE FROM console_snapshot; DELETE FROM console_snapshot_meta;')
    copy.sqlite.exec('DELETE FROM console_escalations')
    copy.close()
  }
  for (const [label, path] of [
    ['fresh process, existing store (snapshot)', dbPath],
    ['fresh process, store never opened by the console', never],
  ] as const) {
    const r = coldProcess(path)
    rows.push([
      `${label}: first page`,
      ms(r.firstPage),
      `${ms(r.sinceStart)} ms from process start; ${r.fromSnapshot ? 'from the snapshot' : 'built first'}`,
    ])
    rows.push([`${label}: console:queues`, ms(r.queues), 'right after the first page'])
    if (r.fromSnapshot)
      rows.push([
        `${label}: background build until the switch`,
        ms(r.build),
        `${r.buildSlices} slices, longest ${ms(r.longestSlice)} ms; event loop's longest stall ${ms(r.longestStall)} ms`,
      ])
    rows.push([
      `${label}: first page once built`,
      ms(r.firstPageBuilt),
      `then the snapshot rewrite: ${ms(r.rewrite)} ms in slices, longest ${ms(r.longestWrite)} ms`,
    ])
  }

  const w = Math.max(...rows.map((r) => r[0].length))
  process.stdout.write(
    `console queues: ${TICKETS.toLocaleString('en')} tickets, seeded in ${ms(seedMs)} ms; ` +
      `${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}\n\n`,
  )
  process.stdout.write(`${'measure'.padEnd(w)}  ${'ms'.padStart(8)}  note\n`)
  for (const [label, v, note] of rows)
    process.stdout.write(`${label.padEnd(w)}  ${v.padStart(8)}  ${note}\n`)
  const mem = process.memoryUsage()
  process.stdout.write(`\nRSS ${(mem.rss / 2 ** 20).toFixed(0)} MiB\n`)
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
    process.exitCode = 1
  })
  .finally(() => {
    db.close()
    if (!COLD) rmSync(dir, { recursive: true, force: true })
  })
