/**
 * Console queue benchmark (run with `tsx bench/console.ts`): prints a table; asserts nothing.
 *
 * 50,000 tickets (about 3 messages each, in two shared mailboxes) written straight into a
 * migrated local store, with a server replica of 500 accounts on five time zones, 40 agents
 * and ticket metadata for 60% of the tickets (assignees, pauses, solves). Measured in this
 * process, through the one dispatch wrapper (zod parse included):
 * - the first `console:tickets` (cold: reads every input, builds the SLA tracker);
 * - `console:tickets`, first page of 50, sorted by SLA and by activity (median of runs),
 *   against the baseline: a plain indexed `SELECT` of the same 50 rows (ticket, and its
 *   replica row) in the same process;
 * - `console:queues` (all counts);
 * - after one new customer message (`db:changed` on mail tables): the next first page
 *   (re-reads the mail tables, recomputes one ticket);
 * - after a replica pull that changed one ticket: the next first page (re-reads the
 *   replica's versions, rebuilds that ticket only);
 * - one timer tick with nothing due.
 */
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

const TICKETS = 50_000
const ACCOUNTS = 500
const AGENTS = 40
const PAGE = 50
const NOW = Date.parse('2026-11-27T12:00:00Z')
const MIN = 60_000

/** Deterministic PRNG (mulberry32) so every run measures the same store. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const dir = mkdtempSync(join(tmpdir(), 'kontor-bench-console-'))
const db = openDatabase(join(dir, 'kontor.sqlite'))
migrateDatabase(db, clientMigrationsFolder())
const clock = fixedClock(NOW)

function seed(): void {
  const rnd = prng(42)
  const s = db.sqlite
  const created = new Date(NOW).toISOString()
  const folderIds: Record<string, number> = {}
  for (const box of ['support', 'billing']) {
    s.prepare(
      `INSERT INTO mail_mailboxes (id, address, display_name, imap_host, imap_port, imap_security,
        imap_user, folders, created_at) VALUES (?, ?, ?, '127.0.0.1', 1, 'plain', ?, '["INBOX","Sent"]', ?)`,
    ).run(box, `${box}@kontor.test`, box, box, created)
    for (const [path, role] of [
      ['INBOX', 'inbox'],
      ['Sent', 'sent'],
    ] as const) {
      const r = s
        .prepare('INSERT INTO mail_folders (mailbox_id, path, role) VALUES (?, ?, ?)')
        .run(box, path, role)
      folderIds[`${box}/${path}`] = Number(r.lastInsertRowid)
    }
  }
  const zones = [
    'Europe/Berlin',
    'Europe/London',
    'America/Chicago',
    'America/New_York',
    'Europe/Vienna',
  ]
  const tiers = ['strategic', 'key', 'standard', 'standard']
  const replica = s.prepare(
    `INSERT INTO replica_entities (entity, id, account_id, version, data, pulled_at)
     VALUES (?, ?, ?, 1, ?, ?)`,
  )
  const msg = s.prepare(
    `INSERT INTO mail_messages (identity, message_id, subject, from_address, internal_date,
       direction, ticket_id, join_reason) VALUES (?, ?, ?, ?, ?, ?, ?, 'references')`,
  )
  const place = s.prepare(
    'INSERT INTO mail_placements (folder_id, uid, message_row_id) VALUES (?, ?, ?)',
  )
  const ticket = s.prepare(
    `INSERT INTO mail_tickets (id, root_message_id, subject, account_id, account_match, status,
       message_count, first_customer_message_at, last_message_at, last_customer_message_at,
       customer_address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  let uid = 0
  s.transaction(() => {
    for (let a = 0; a < ACCOUNTS; a++) {
      const data = {
        id: `acc-${a}`,
        name: `Account ${a} GmbH`,
        tier: tiers[a % tiers.length],
        region: 'r',
        timeZone: zones[a % zones.length],
      }
      replica.run('account', data.id, data.id, JSON.stringify(data), created)
    }
    for (let g = 0; g < AGENTS; g++)
      replica.run('agent', `agt-${g}`, null, JSON.stringify({ name: `Agent ${g}` }), created)
    for (let t = 0; t < TICKETS; t++) {
      const id = `t_${t.toString(16).padStart(24, '0')}`
      const box = rnd() < 0.7 ? 'support' : 'billing'
      const accountId = rnd() < 0.8 ? `acc-${Math.floor(rnd() * ACCOUNTS)}` : null
      const customer = accountId ? `buyer${t}@${accountId}.example` : `someone${t}@gmail.com`
      let at = NOW - Math.floor(rnd() * 10 * 24 * 60) * MIN
      const first = at
      let last = at
      let lastCustomer = at
      let direction = 'in'
      const n = 1 + Math.floor(rnd() * 4)
      for (let m = 0; m < n; m++) {
        direction = m === 0 ? 'in' : rnd() < 0.6 ? 'out' : 'in'
        const dateIso = new Date(at).toISOString()
        const r = msg.run(
          `${id}-${m}`,
          `${id}-${m}@bench.example`,
          'Order question',
          direction === 'in' ? customer : `${box}@kontor.test`,
          dateIso,
          direction,
          id,
        )
        place.run(
          folderIds[`${box}/${direction === 'in' ? 'INBOX' : 'Sent'}`] as number,
          ++uid,
          Number(r.lastInsertRowid),
        )
        last = at
        if (direction === 'in') lastCustomer = at
        at = Math.min(NOW, at + Math.floor(rnd() * 600) * MIN)
      }
      ticket.run(
        id,
        `${id}-0@bench.example`,
        `Order question ${t}`,
        accountId,
        accountId ? 'domain' : null,
        direction === 'out' ? 'waiting' : 'open',
        n,
        new Date(first).toISOString(),
        new Date(last).toISOString(),
        new Date(lastCustomer).toISOString(),
        customer,
      )
      if (accountId && rnd() < 0.75) {
        const roll = rnd()
        const status = roll < 0.7 ? 'open' : roll < 0.85 ? 'paused' : 'resolved'
        const data = {
          id,
          accountId,
          assigneeId: `agt-${Math.floor(rnd() * AGENTS)}`,
          status,
          pauseReason: status === 'paused' ? 'awaiting_customer' : null,
          orderType: 'standard',
          updatedAt: new Date(last + 5 * MIN).toISOString(),
        }
        replica.run('ticket', id, accountId, JSON.stringify(data), created)
      }
    }
  })()
  s.prepare("INSERT INTO sync_state (key, value) VALUES ('agentId', 'agt-1')").run()
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

async function main(): Promise<void> {
  const seedMs = time(seed)
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
  const rows: [string, string, string][] = []
  const runs = 30

  const cold = await timeAsync(() => call('console:tickets', { queue: 'all', limit: PAGE }))
  const recorded = (
    db.sqlite.prepare('SELECT count(*) AS n FROM console_escalations').get() as { n: number }
  ).n
  rows.push([
    'console:tickets first page, cold (reads inputs, builds tracker)',
    ms(cold),
    `1 run; ${core.queues.stats.slaRecomputes} tickets tracked, ${recorded} escalations recorded`,
  ])

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

  // One new customer message on one ticket, then the next read.
  const target = pageIds[PAGE - 1] as string
  const recomputesBefore = core.queues.stats.slaRecomputes
  db.sqlite
    .prepare(
      `INSERT INTO mail_messages (identity, message_id, subject, from_address, internal_date,
        direction, ticket_id) VALUES ('bench-new', 'bench-new@x', 'Re', 'x@y', ?, 'in', ?)`,
    )
    .run(new Date(NOW - MIN).toISOString(), target)
  core.events.emit('db:changed', { tables: ['mail_messages'] })
  const inc = await timeAsync(() => call('console:tickets', { queue: 'all', limit: PAGE }))
  rows.push([
    'after one new message: next first page (re-read + recompute)',
    ms(inc),
    `${core.queues.stats.slaRecomputes - recomputesBefore} ticket(s) recomputed`,
  ])
  // One replica pull that reassigns one ticket.
  const before2 = core.queues.stats.slaRecomputes
  db.sqlite
    .prepare(
      `UPDATE replica_entities SET version = version + 1,
         data = json_set(data, '$.assigneeId', 'agt-2') WHERE entity = 'ticket' AND id = (
           SELECT id FROM replica_entities WHERE entity = 'ticket' ORDER BY id LIMIT 1)`,
    )
    .run()
  core.events.emit('db:changed', { tables: ['replica_entities', 'replica:ticket'] })
  const pull = await timeAsync(() => call('console:tickets', { queue: 'all', limit: PAGE }))
  rows.push([
    'after a replica pull (one assignment): next first page',
    ms(pull),
    `${core.queues.stats.slaRecomputes - before2} ticket(s) recomputed`,
  ])
  const tick = time(() => core.queues.tick())
  rows.push(['timer tick, nothing due', ms(tick), '1 run'])

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
  core.queues.dispose()
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
    process.exitCode = 1
  })
  .finally(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })
