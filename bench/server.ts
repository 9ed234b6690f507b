/**
 * `npm run bench:server`: push throughput and pull latency of the sync server for an agent
 * whose scope is 200 accounts × 50 orders, on PGlite and on a real PostgreSQL, over HTTP on
 * loopback. Prints one table.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { addAgent, buildServer, importRows, openStore, type Store } from '../src/server'
import { startPostgres } from '../tests/helpers/postgres'

const ACCOUNTS = 200
const ORDERS_PER_ACCOUNT = 50
const PUSH_MUTATIONS = 2000
const BATCH = 100
const NOW = new Date('2026-03-02T10:00:00Z')

interface Result {
  store: string
  seedS: number
  pushPerS: number
  pushBatchP50Ms: number
  initialSyncMs: number
  initialPages: number
  initialChanges: number
  pullP50Ms: number
  pullP95Ms: number
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0
}

async function seed(store: Store): Promise<string> {
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
    id: `B${i}`,
    name: `Bench Account ${i}`,
    tier: 'standard',
    region: 'EMEA',
    timeZone: 'Europe/Berlin',
    currency: 'EUR',
    creditLimit: 1_000_000_000,
    creditUsed: 0,
    paymentTermsDays: 30,
  }))
  await importRows(store.db, 'accounts', accounts, 'bench', NOW)
  const orders = accounts.flatMap((a) =>
    Array.from({ length: ORDERS_PER_ACCOUNT }, (_, j) => ({
      id: `O-${a.id}-${j}`,
      accountId: a.id,
      number: `SO-${a.id}-${j}`,
      status: 'open',
      orderedAt: '2026-02-01T09:00:00Z',
      currency: 'EUR',
      lines: [
        { lineId: 'L1', sku: 'SKU-1', qty: 10, unitPrice: 1000 },
        { lineId: 'L2', sku: 'SKU-2', qty: 4, unitPrice: 2500 },
      ],
    })),
  )
  for (let i = 0; i < orders.length; i += 5000)
    await importRows(store.db, 'orders', orders.slice(i, i + 5000), 'bench', NOW)
  const { token } = await addAgent(
    store.db,
    {
      name: 'Bench Agent',
      email: 'bench@kontor.test',
      role: 'agent',
      accounts: accounts.map((a) => a.id),
    },
    NOW,
  )
  return token
}

async function run(label: string, store: Store): Promise<Result> {
  let t = performance.now()
  const token = await seed(store)
  const seedS = (performance.now() - t) / 1000
  const app = await buildServer({ store, now: () => NOW, rateBurst: 1e9, ratePerSecond: 1e9 })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const post = async (path: string, body: unknown) => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return res.json() as Promise<Record<string, unknown>>
  }
  try {
    // Initial sync of a fresh replica: every page until hasMore is false.
    t = performance.now()
    let cursor = '0'
    let pages = 0
    let changes = 0
    for (;;) {
      const page = await post('/v1/pull', { clientId: 'bench-client', cursor })
      pages++
      changes += (page.changes as unknown[]).length
      cursor = page.cursor as string
      if (!page.hasMore) break
    }
    const initialSyncMs = performance.now() - t

    // Push: distinct orders (each at version 1), one line quantity each, in batches of 100.
    const batchTimes: number[] = []
    t = performance.now()
    for (let i = 0; i < PUSH_MUTATIONS; i += BATCH) {
      const mutations = Array.from({ length: BATCH }, (_, k) => {
        const n = i + k
        return {
          id: n + 1,
          name: 'order.changeLines',
          baseVersion: 1,
          args: {
            orderId: `O-B${n % ACCOUNTS}-${Math.floor(n / ACCOUNTS)}`,
            changes: [{ lineId: 'L1', qty: 11 }],
          },
        }
      })
      const b = performance.now()
      const out = await post('/v1/push', { clientId: 'bench-pusher', mutations })
      batchTimes.push(performance.now() - b)
      const rejected = (out.results as { status: string }[]).filter(
        (r) => r.status !== 'applied',
      ).length
      if (rejected) throw new Error(`${rejected} mutations rejected`)
    }
    const pushPerS = PUSH_MUTATIONS / ((performance.now() - t) / 1000)

    // Incremental pulls: catch up on the pushed changes, then steady-state pulls with a few new changes each.
    const pullTimes: number[] = []
    for (let i = 0; i < 40; i++) {
      if (i >= 5) {
        await post('/v1/push', {
          clientId: 'bench-pusher',
          mutations: [
            {
              id: PUSH_MUTATIONS + i,
              name: 'ticket.setStatus',
              args: { ticketId: `T-${i}`, accountId: `B${i}`, status: 'pending' },
            },
          ],
        })
      }
      const p = performance.now()
      const page = await post('/v1/pull', { clientId: 'bench-client', cursor })
      pullTimes.push(performance.now() - p)
      cursor = page.cursor as string
    }
    return {
      store: label,
      seedS,
      pushPerS,
      pushBatchP50Ms: pct(batchTimes, 50),
      initialSyncMs,
      initialPages: pages,
      initialChanges: changes,
      pullP50Ms: pct(pullTimes.slice(5), 50),
      pullP95Ms: pct(pullTimes.slice(5), 95),
    }
  } finally {
    await app.close()
  }
}

async function main(): Promise<void> {
  const results: Result[] = []
  const dir = mkdtempSync(join(tmpdir(), 'kontor-bench-pglite-'))
  const pglite = await openStore({ dataDir: dir })
  try {
    results.push(await run('PGlite (data dir)', pglite))
  } finally {
    await pglite.close()
    rmSync(dir, { recursive: true, force: true })
  }
  const server = await startPostgres()
  const pgStore = await openStore({ databaseUrl: server.url })
  try {
    results.push(await run(server.version.split(' (')[0] ?? 'PostgreSQL', pgStore))
  } finally {
    await pgStore.close()
    await server.stop()
  }
  const f = (n: number, d = 0) => n.toFixed(d)
  const table = results.map((r) => ({
    store: r.store,
    'seed (s)': f(r.seedS, 1),
    'push (mutations/s)': f(r.pushPerS),
    'push batch p50 (ms)': f(r.pushBatchP50Ms),
    'initial sync (ms)': f(r.initialSyncMs),
    'initial pages': String(r.initialPages),
    'initial changes': String(r.initialChanges),
    'pull p50 (ms)': f(r.pullP50Ms, 1),
    'pull p95 (ms)': f(r.pullP95Ms, 1),
  }))
  const cols = Object.keys(table[0] ?? {}) as (keyof (typeof table)[number])[]
  const width = (c: (typeof cols)[number]) =>
    Math.max(c.length, ...table.map((row) => row[c].length))
  const line = (cells: string[]) => '| ' + cells.join(' | ') + ' |\n'
  let out = `\nSync server: scope of ${ACCOUNTS} accounts x ${ORDERS_PER_ACCOUNT} orders; ${PUSH_MUTATIONS} pushed mutations in batches of ${BATCH}; HTTP on loopback\n\n`
  out += line(cols.map((c) => c.padEnd(width(c))))
  out += line(cols.map((c) => '-'.repeat(width(c))))
  for (const row of table)
    out += line(
      cols.map((c) => (c === 'store' ? row[c].padEnd(width(c)) : row[c].padStart(width(c)))),
    )
  process.stdout.write(out)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
