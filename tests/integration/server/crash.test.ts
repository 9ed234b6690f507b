/**
 * Exactly once across crashes: the server process is killed with SIGKILL while a push batch
 * is in flight (before, during or after its commit, depending on timing), restarted, and the
 * client pushes the same batch again. Every mutation must be applied exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { sql } from 'drizzle-orm'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findProjectRoot } from '../../../src/main/paths'
import { addAgent, importRows, openStore, verifyAudit } from '../../../src/server'
import { rows } from '../../../src/server/db/store'
import { freePort, startPostgres, type PostgresServer } from '../../helpers/postgres'

const root = findProjectRoot(__dirname)
const NOW = new Date('2026-03-02T10:00:00Z')

async function startServer(url: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort()
  const child = spawn(
    process.execPath,
    [
      join(root, 'bin/kontor.js'),
      'serve',
      '--port',
      String(port),
      '--database-url',
      url,
      '--log-level',
      'error',
    ],
    {
      stdio: 'ignore',
    },
  )
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (
      await fetch(`${base}/v1/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, base }
    await new Promise((r) => setTimeout(r, 100))
  }
  child.kill('SIGKILL')
  throw new Error('server did not start')
}

async function kill9(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGKILL')
  await exited
}

describe('push survives kill -9 of the server', () => {
  let pg: PostgresServer
  let token: string
  beforeAll(async () => {
    pg = await startPostgres()
    const store = await openStore({ databaseUrl: pg.url })
    await importRows(
      store.db,
      'accounts',
      [
        {
          id: 'ACME',
          name: 'Acme',
          tier: 'key',
          region: 'EMEA',
          timeZone: 'UTC',
          currency: 'EUR',
          creditLimit: 1000,
          creditUsed: 0,
          paymentTermsDays: 30,
        },
      ],
      'test',
      NOW,
    )
    token = (
      await addAgent(
        store.db,
        { name: 'Mia', email: 'mia@kontor.test', role: 'agent', accounts: ['ACME'] },
        NOW,
      )
    ).token
    await store.close()
  })
  afterAll(async () => {
    await pg?.stop()
  })

  it('applies every mutation exactly once when the server dies mid-push and the batch is pushed again', async () => {
    const batch = Array.from({ length: 100 }, (_, i) => ({
      id: i + 1,
      name: 'ticket.setOrderType',
      args: { ticketId: `T-${i}`, accountId: 'ACME', orderType: 'rush' },
    }))
    const body = JSON.stringify({ clientId: 'crash-client', mutations: batch })
    const send = (base: string) =>
      fetch(`${base}/v1/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      })
    const outcomes: string[] = []
    for (const delay of [5, 60, 250, 1500]) {
      const { child, base } = await startServer(pg.url)
      const inFlight = send(base).then(
        (r) => `answered ${r.status}`,
        () => 'connection dropped',
      )
      await new Promise((r) => setTimeout(r, delay))
      await kill9(child)
      outcomes.push(`${delay}ms: ${await inFlight}`)
    }
    console.warn(`kill -9 outcomes: ${outcomes.join('; ')}`)

    const { child, base } = await startServer(pg.url)
    try {
      const res = await send(base)
      expect(res.status).toBe(200)
      const out = (await res.json()) as { lastMutationId: number; results: { status: string }[] }
      expect(out.lastMutationId).toBe(100)
      expect(out.results.every((r) => r.status === 'applied')).toBe(true)
    } finally {
      await kill9(child)
    }
    const store = await openStore({ databaseUrl: pg.url })
    try {
      const [t] = await rows<{ n: string; maxv: number }>(
        store.db,
        sql`select count(*)::text as n, max(version) as maxv from tickets`,
      )
      expect(Number(t?.n)).toBe(100)
      expect(t?.maxv).toBe(1) // a second application would have made version 2
      const [a] = await rows<{ n: string }>(
        store.db,
        sql`select count(*)::text as n from audit where client_id = 'crash-client'`,
      )
      expect(Number(a?.n)).toBe(100)
      expect((await verifyAudit(store.db)).ok).toBe(true)
    } finally {
      await store.close()
    }
  })
})
