import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core/core'
import { dispatch } from '../../../src/main/core/dispatch'
import { createHandlers } from '../../../src/main/services/handlers'
import { fixedClock } from '../../../src/shared/clock'
import type { ReplicaEntityInfo } from '../../../src/shared/contract'
import { makeTestCore } from '../../helpers/core'
import { startSyncServer, type RunningSyncServer } from '../../helpers/sync-server'
import { NOW } from '../../server/fixture'

const caller = { transport: 'web', trusted: true } as const

describe('sync calls through the contract', () => {
  let server: RunningSyncServer
  let url: string
  let tokens: RunningSyncServer['tokens']

  beforeAll(async () => {
    server = await startSyncServer()
    url = server.url
    tokens = server.tokens
  }, 120_000)
  afterAll(async () => {
    await server?.stop()
  })

  it('says when no sync server is configured', async () => {
    const base = makeTestCore()
    try {
      const handlers = createHandlers(base)
      expect(await dispatch(handlers, 'sync:status', {}, caller)).toMatchObject({
        ok: true,
        data: { configured: false },
      })
      expect(
        await dispatch(handlers, 'sync:mutate', { name: 'ticket.assign', args: {} }, caller),
      ).toMatchObject({ ok: false, error: { code: 'E_OFFLINE' } })
    } finally {
      base.dispose()
    }
  })

  it('queues a change, syncs, lists the replica and emits status and change events', async () => {
    const base = makeTestCore(NOW.toISOString())
    try {
      const core = createCore({
        db: base.db,
        clock: fixedClock(NOW),
        version: 'test',
        migrationsFolder: base.migrationsFolder,
        server: { url, token: tokens.agentN },
      })
      const handlers = createHandlers(core)
      const events: string[] = []
      core.events.onAny((name) => events.push(name))

      const bad = await dispatch(
        handlers,
        'sync:mutate',
        { name: 'ticket.setStatus', args: { ticketId: 'h-1', accountId: 'A1', status: 'paused' } },
        caller,
      )
      expect(bad).toMatchObject({ ok: false, error: { code: 'E_INVALID_INPUT' } })
      const unknown = await dispatch(
        handlers,
        'sync:mutate',
        { name: 'quote.delete', args: {} },
        caller,
      )
      expect(unknown).toMatchObject({ ok: false, error: { code: 'E_INVALID_INPUT' } })

      const queued = await dispatch(
        handlers,
        'sync:mutate',
        { name: 'ticket.assign', args: { ticketId: 'h-1', accountId: 'A1', assigneeId: 'agentN' } },
        caller,
      )
      expect(queued).toMatchObject({ ok: true, data: { id: 1 } })
      expect(await dispatch(handlers, 'sync:outbox', { status: 'pending' }, caller)).toMatchObject({
        ok: true,
        data: [{ id: 1, name: 'ticket.assign', entityId: 'h-1' }],
      })

      expect(await dispatch(handlers, 'sync:now', {}, caller)).toMatchObject({
        ok: true,
        data: { configured: true, state: 'idle', pending: 0 },
      })
      const accounts = await dispatch(handlers, 'replica:list', { entity: 'account' }, caller)
      expect(accounts.ok && (accounts.data as ReplicaEntityInfo[]).map((a) => a.id).sort()).toEqual(
        ['A1', 'A1S'],
      )
      const orders = await dispatch(
        handlers,
        'replica:list',
        { entity: 'order', accountId: 'A1' },
        caller,
      )
      expect(orders.ok && (orders.data as ReplicaEntityInfo[]).map((o) => o.id)).toEqual(['O-A1'])
      expect(events).toContain('sync:statusChanged')
      expect(events).toContain('db:changed')
    } finally {
      base.dispose()
    }
  })
})
