import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { addAgent, assignAccounts, revokeAgent } from '../../../src/server/agents'
import type { Store } from '../../../src/server/db/store'
import { SyncClient } from '../../../src/main/sync/sync-client'
import { replicaEntities } from '../../../src/main/sync/schema'
import { fixedClock } from '../../../src/shared/clock'
import { makeTestCore } from '../../helpers/core'
import { startSyncServer, type RunningSyncServer } from '../../helpers/sync-server'
import { bearer, NOW } from '../../server/fixture'

/**
 * The client's sync against the real sync server (PGlite store, Fastify listening on
 * 127.0.0.1): push the outbox, pull the scope, offline and rejected changes.
 */
describe('SyncClient against the sync server', () => {
  let server: RunningSyncServer
  let store: Store
  let world: { tokens: RunningSyncServer['tokens'] }
  let app: FastifyInstance
  let url: string
  let core: ReturnType<typeof makeTestCore>

  // One server for the file (seeding PGlite is the slow part); each test gets a fresh local
  // store, and tests touch disjoint tickets and quotes.
  beforeAll(async () => {
    server = await startSyncServer()
    ;({ store, app, url } = server)
    world = { tokens: server.tokens }
  }, 120_000)
  afterAll(async () => {
    await server?.stop()
  })
  beforeEach(() => {
    core = makeTestCore(NOW.toISOString())
  })
  afterEach(() => core.dispose())

  const client = (token: string, handle = core.db) =>
    new SyncClient({ handle, clock: fixedClock(NOW), connection: { url, token } })
  const replica = (entity?: string) =>
    core.db.db
      .select()
      .from(replicaEntities)
      .all()
      .filter((r) => !entity || r.entity === entity)

  it('pulls exactly the caller scope, page by page', async () => {
    const sync = new SyncClient({
      handle: core.db,
      clock: fixedClock(NOW),
      connection: { url, token: world.tokens.agentN },
      pullPage: 2,
    })
    const status = await sync.syncOnce()
    expect(status).toMatchObject({ state: 'idle', pending: 0, lastError: null })
    const accounts = new Set(
      replica()
        .map((r) => r.accountId)
        .filter(Boolean),
    )
    expect([...accounts].sort()).toEqual(['A1', 'A1S'])
    expect(
      replica('order')
        .map((r) => r.id)
        .sort(),
    ).toEqual(['O-A1', 'O-A1S'])
  })

  it('pushes queued changes once, even when pushed again after a crash before the local commit', async () => {
    const sync = client(world.tokens.agentN)
    await sync.syncOnce()
    sync.enqueue({
      name: 'ticket.setStatus',
      args: {
        ticketId: 't-1',
        accountId: 'A1',
        status: 'paused',
        pauseReason: 'waiting_on_customer',
      },
    })
    sync.enqueue({
      name: 'ticket.addNote',
      args: { ticketId: 't-1', accountId: 'A1', noteId: 'n-1', text: 'Called the buyer' },
    })
    expect(sync.status().pending).toBe(2)

    // Push behind the client's back (as if it crashed after the server committed).
    const mutations = sync
      .outbox()
      .reverse()
      .map((e, i) => ({
        id: e.id,
        name: e.name,
        args:
          i === 0
            ? {
                ticketId: 't-1',
                accountId: 'A1',
                status: 'paused',
                pauseReason: 'waiting_on_customer',
              }
            : { ticketId: 't-1', accountId: 'A1', noteId: 'n-1', text: 'Called the buyer' },
      }))
    const first = await app.inject({
      method: 'POST',
      url: '/v1/push',
      headers: bearer(world.tokens.agentN),
      payload: { clientId: sync.clientId(), mutations },
    })
    expect(first.statusCode).toBe(200)

    const status = await sync.syncOnce()
    expect(status).toMatchObject({ state: 'idle', pending: 0, rejected: 0 })
    const ticket = await app.inject({
      method: 'GET',
      url: '/v1/tickets/t-1',
      headers: bearer(world.tokens.agentN),
    })
    const body = ticket.json() as { ticket: { status: string; notes?: unknown[] } }
    expect(body.ticket.status).toBe('paused')
    // The server keeps each status change at its own time, for the SLA clocks on every client.
    expect((body.ticket as { statusHistory?: unknown[] }).statusHistory).toEqual([
      { at: NOW.toISOString(), status: 'paused', pauseReason: 'waiting_on_customer', by: 'agentN' },
    ])
    // The note was added once although its mutation reached the server twice.
    expect(JSON.stringify(body.ticket).match(/Called the buyer/g)).toHaveLength(1)
    expect(replica('ticket').map((r) => r.id)).toContain('t-1')
  })

  it('keeps changes queued while offline and drains them in order when back', async () => {
    const offline = new SyncClient({
      handle: core.db,
      clock: fixedClock(NOW),
      connection: { url: 'http://127.0.0.1:9', token: world.tokens.agentN },
    })
    for (let i = 1; i <= 30; i++)
      offline.enqueue({
        name: 'ticket.addNote',
        args: { ticketId: 't-2', accountId: 'A1', noteId: `n-${i}`, text: `note ${i}` },
      })
    const down = await offline.syncOnce()
    expect(down).toMatchObject({ state: 'offline', pending: 30, lastError: { code: 'E_OFFLINE' } })

    const online = client(world.tokens.agentN)
    const up = await online.syncOnce()
    expect(up).toMatchObject({ state: 'idle', pending: 0 })
    const ticket = await app.inject({
      method: 'GET',
      url: '/v1/tickets/t-2',
      headers: bearer(world.tokens.agentN),
    })
    const text = JSON.stringify(ticket.json())
    for (let i = 1; i <= 30; i++) expect(text.match(new RegExp(`"note ${i}"`, 'g'))).toHaveLength(1)
  })

  it('marks an out-of-scope change rejected with the reason and goes on with the next', async () => {
    const sync = client(world.tokens.agentN)
    sync.enqueue({
      name: 'ticket.assign',
      args: { ticketId: 't-3', accountId: 'B1', assigneeId: 'agentN' },
    })
    sync.enqueue({
      name: 'ticket.assign',
      args: { ticketId: 't-4', accountId: 'A1', assigneeId: 'agentN' },
    })
    const status = await sync.syncOnce()
    expect(status).toMatchObject({ pending: 0, rejected: 1 })
    const [rejected] = sync.outbox({ status: 'rejected' })
    expect(rejected).toMatchObject({ entityId: 't-3', status: 'rejected' })
    expect(rejected?.error?.code).toBeTruthy()
    sync.dismiss(rejected?.id ?? 0)
    expect(sync.status().rejected).toBe(0)
  })

  it('a change the server finds malformed is rejected alone and never blocks the others', async () => {
    const sync = client(world.tokens.agentN)
    sync.enqueue({
      name: 'ticket.addNote',
      args: { ticketId: 'p-1', accountId: 'A1', noteId: 'p-n1', text: 'before' },
    })
    // As an older build might have queued it: its schema allowed what the server now refuses.
    core.db.sqlite
      .prepare(
        "INSERT INTO sync_outbox (name, entity, entity_id, args, status, created_at) VALUES ('ticket.addNote', 'ticket', 'p-1', ?, 'pending', ?)",
      )
      .run(
        JSON.stringify({
          ticketId: 'p-1',
          accountId: 'A1',
          noteId: 'p-n2',
          text: '',
          color: 'red',
        }),
        NOW.toISOString(),
      )
    sync.enqueue({
      name: 'ticket.addNote',
      args: { ticketId: 'p-1', accountId: 'A1', noteId: 'p-n3', text: 'after' },
    })
    const status = await sync.syncOnce()
    expect(status).toMatchObject({ state: 'idle', pending: 0, rejected: 1 })
    const [poison] = sync.outbox({ status: 'rejected' })
    expect(poison?.error?.code).toBe('E_INVALID_INPUT')
    const ticket = await app.inject({
      method: 'GET',
      url: '/v1/tickets/p-1',
      headers: bearer(world.tokens.agentN),
    })
    const text = JSON.stringify(ticket.json())
    expect(text).toContain('"before"')
    expect(text).toContain('"after"')
  })

  it('remembers the signed-in agent for "my tickets"', async () => {
    await client(world.tokens.agentN).syncOnce()
    const row = core.db.sqlite
      .prepare("SELECT value FROM sync_state WHERE key = 'agentId'")
      .get() as { value: string }
    expect(row.value).toBe('agentN')
    // A store that remembers another agent (its token was replaced) learns who signs in now.
    core.db.sqlite
      .prepare("UPDATE sync_state SET value = 'someone-else' WHERE key = 'agentId'")
      .run()
    const again = client(world.tokens.agentN)
    expect(again.agentId()).toBe('someone-else')
    await again.syncOnce()
    expect(again.agentId()).toBe('agentN')
  })

  it('refuses a malformed change before it reaches the outbox', () => {
    const sync = client(world.tokens.agentN)
    expect(() =>
      sync.enqueue({
        name: 'order.changeLines',
        args: { orderId: 'O-A1', changes: [{ lineId: 'L1', qty: -5 }] },
        baseVersion: 1,
      }),
    ).toThrow(/Invalid order.changeLines/)
    expect(() =>
      sync.enqueue({
        name: 'quote.revise',
        args: { quoteId: 'Q-A1', lines: [], validUntil: '2026-04-01' },
      }),
    ).toThrow(/Invalid quote.revise/)
    expect(sync.status().pending).toBe(0)
  })

  it('returns both versions when two clients revise the same quote offline', async () => {
    const other = makeTestCore(NOW.toISOString())
    try {
      const a = client(world.tokens.agentN)
      const b = client(world.tokens.agentN, other.db)
      await a.syncOnce()
      await b.syncOnce()
      const version = replica('quote').find((r) => r.id === 'Q-A1')?.version ?? 0
      const revise = (price: number) => ({
        name: 'quote.revise' as const,
        args: {
          quoteId: 'Q-A1',
          lines: [{ sku: 'SKU-1', qty: 3, unitPrice: price }],
          validUntil: '2026-04-30',
        },
        baseVersion: version,
      })
      a.enqueue(revise(1400))
      b.enqueue(revise(1300))
      expect(await a.syncOnce()).toMatchObject({ pending: 0, rejected: 0 })
      expect(await b.syncOnce()).toMatchObject({ pending: 0, rejected: 1 })
      const [conflict] = b.outbox({ status: 'rejected' })
      expect(conflict?.error?.code).toBe('E_CONFLICT')
      expect(conflict?.error?.conflict).toMatchObject({ entity: 'quote', entityId: 'Q-A1' })
    } finally {
      other.dispose()
    }
  })

  it('drops local data of accounts that leave the scope on the next pull', async () => {
    const changed: string[][] = []
    const sync = new SyncClient({
      handle: core.db,
      clock: fixedClock(NOW),
      connection: { url, token: world.tokens.agentS },
      onChanged: (tables) => changed.push(tables),
    })
    await sync.syncOnce()
    expect(replica().some((r) => r.accountId === 'B1')).toBe(true)
    // Re-assignment on the server: agentS no longer handles any account.
    await assignAccounts(store.db, 'agentS', [], true)
    changed.length = 0
    await sync.syncOnce()
    expect(replica().filter((r) => r.accountId)).toEqual([])
    // Their accounts and contacts are gone: tickets must be mapped again (core.ts).
    expect(changed.flat()).toEqual(
      expect.arrayContaining(['replica_entities', 'replica:account', 'replica:contact']),
    )
  })

  it('keeps the directory: teammates by name, sent again only when it changed, dropped when they leave', async () => {
    await addAgent(
      store.db,
      {
        id: 'agentN-dir',
        name: 'Nina Norden',
        email: 'nina@kontor.test',
        role: 'agent',
        team: 'north',
      },
      NOW,
    )
    // Count what each pull carries of the directory.
    const pulled: { agents: number; directory: boolean }[] = []
    const spy: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      if (String(input).endsWith('/v1/pull')) {
        const body = (await response.clone().json()) as {
          changes: { entity: string }[]
          directory?: unknown
        }
        pulled.push({
          agents: body.changes.filter((c) => c.entity === 'agent').length,
          directory: body.directory !== undefined,
        })
      }
      return response
    }
    const sync = new SyncClient({
      handle: core.db,
      clock: fixedClock(NOW),
      connection: { url, token: world.tokens.agentN },
      fetch: spy,
    })
    await sync.syncOnce()
    const names = () =>
      Object.fromEntries(
        replica('agent').map((r) => [r.id, (JSON.parse(r.data) as { name: string }).name]),
      )
    expect(names()).toMatchObject({ agentN: 'Nora North', 'agentN-dir': 'Nina Norden' })
    expect(names()).not.toHaveProperty('agentS')
    expect(replica('team').map((r) => r.id)).toEqual(['north'])
    expect(replica('agent').every((r) => r.accountId === null)).toBe(true)
    expect(pulled.at(-1)).toEqual({ agents: 2, directory: true })
    // Unchanged: not sent again.
    await sync.syncOnce()
    expect(pulled.at(-1)).toEqual({ agents: 0, directory: false })
    // A revoked teammate leaves the local directory on the next pull.
    await revokeAgent(store.db, 'agentN-dir', NOW)
    await sync.syncOnce()
    expect(pulled.at(-1)?.directory).toBe(true)
    expect(Object.keys(names())).toEqual(['agentN'])
    expect(sync.agentId()).toBe('agentN')
  })
})
