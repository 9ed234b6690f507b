import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core/core'
import { dispatch, type Handlers } from '../../../src/main/core/dispatch'
import type { CallInput, CallName } from '../../../src/shared/contract'
import { createHandlers } from '../../../src/main/services/handlers'
import { ORDER_TYPES_SETTING } from '../../../src/main/services/team-handlers'
import { SettingsStore } from '../../../src/main/services/settings'
import { addAgent } from '../../../src/server/agents'
import { accounts } from '../../../src/server/db/schema'
import { fixedClock } from '../../../src/shared/clock'
import { DEFAULT_ORDER_TYPES } from '../../../src/shared/sync/mutations'
import { sql } from 'drizzle-orm'
import { callData, makeTestCore } from '../../helpers/core'
import { startSyncServer, type RunningSyncServer } from '../../helpers/sync-server'
import { NOW } from '../../server/fixture'

const caller = { transport: 'web', trusted: true } as const

/** Call through the one wrapper and unwrap a successful answer. */
const data = <K extends CallName>(handlers: Handlers, name: K, input: CallInput<K>) =>
  callData(handlers, name, input, caller)

describe('team calls through the contract', () => {
  let server: RunningSyncServer

  beforeAll(async () => {
    server = await startSyncServer()
    await addAgent(
      server.store.db,
      {
        id: 'agentN2',
        name: 'Nils North',
        email: 'nils@kontor.test',
        role: 'agent',
        team: 'north',
        accounts: ['A1'],
      },
      NOW,
    )
    await addAgent(
      server.store.db,
      { id: 'leadN', name: 'Ana Lead', email: 'ana@kontor.test', role: 'team_lead', team: 'north' },
      NOW,
    )
    // A1's rep sits in South: named in the directory because A1 is in scope.
    await server.store.db
      .update(accounts)
      .set({ repAgentId: 'agentS' })
      .where(sql`${accounts.id} = 'A1'`)
  }, 120_000)
  afterAll(async () => {
    await server?.stop()
  })

  const coreFor = (base: ReturnType<typeof makeTestCore>, token: string) =>
    createCore({
      db: base.db,
      clock: fixedClock(NOW),
      version: 'test',
      migrationsFolder: base.migrationsFolder,
      server: { url: server.url, token },
    })

  it('without a sync server: no team, no agents, the default order types', async () => {
    const base = makeTestCore()
    try {
      const handlers = createHandlers(base)
      expect(await dispatch(handlers, 'team:me', {}, caller)).toEqual({
        ok: true,
        data: { configured: false, agent: null, team: null },
      })
      expect(await dispatch(handlers, 'team:agents', {}, caller)).toEqual({ ok: true, data: [] })
      const types = await dispatch(handlers, 'team:orderTypes', {}, caller)
      expect(types).toEqual({ ok: true, data: DEFAULT_ORDER_TYPES })
      expect(DEFAULT_ORDER_TYPES.map((t) => t.id)).toEqual([
        'quote_request',
        'order_change',
        'delivery',
        'invoice_dispute',
        'stock_question',
        'return_rma',
        'other',
      ])
    } finally {
      base.dispose()
    }
  })

  it('me, my teammates first, the rep by name; a ticket pending until the server confirms, then rejected with the reason', async () => {
    const base = makeTestCore(NOW.toISOString())
    try {
      const core = coreFor(base, server.tokens.agentN)
      const handlers = createHandlers(core)
      const before = await dispatch(handlers, 'team:me', {}, caller)
      expect(before).toEqual({ ok: true, data: { configured: true, agent: null, team: null } })
      await core.sync?.syncOnce()

      const me = await dispatch(handlers, 'team:me', {}, caller)
      expect(me).toMatchObject({
        ok: true,
        data: {
          agent: { id: 'agentN', name: 'Nora North', me: true, teamId: 'north' },
          team: { id: 'north', name: 'north' },
        },
      })
      const agents = await data(handlers, 'team:agents', {})
      expect(agents.map((a) => [a.id, a.me, a.teammate])).toEqual([
        ['agentN', true, false],
        ['leadN', false, true],
        ['agentN2', false, true],
        ['agentS', false, false],
      ])
      expect(agents.find((a) => a.id === 'agentS')).toMatchObject({
        name: 'Sam South',
        teamName: 'south',
      })

      const ticket = { ticketId: 'T-team-1', accountId: 'A1' }
      const fresh = await dispatch(handlers, 'team:ticket', ticket, caller)
      expect(fresh).toEqual({
        ok: true,
        data: {
          ...ticket,
          assigneeId: null,
          assigneeName: null,
          status: 'open',
          reopenedAt: null,
          pauseReason: null,
          orderType: null,
          version: 0,
          rep: { id: 'agentS', name: 'Sam South' },
          pending: [],
          rejected: [],
        },
      })

      // Three changes queued: pending until pushed and pulled back.
      for (const [name, args] of [
        ['ticket.assign', { assigneeId: 'agentN2' }],
        ['ticket.setStatus', { status: 'paused', pauseReason: 'waiting_on_customer' }],
        ['ticket.setOrderType', { orderType: 'quote_request' }],
      ] as const)
        expect(
          await dispatch(handlers, 'sync:mutate', { name, args: { ...ticket, ...args } }, caller),
        ).toMatchObject({ ok: true })
      const pending = await data(handlers, 'team:ticket', ticket)
      expect(pending.pending.map((p) => p.name)).toEqual([
        'ticket.assign',
        'ticket.setStatus',
        'ticket.setOrderType',
      ])
      expect(pending.pending[0]?.args).toMatchObject({ assigneeId: 'agentN2' })
      expect(pending.assigneeId).toBeNull()

      await core.sync?.syncOnce()
      const confirmed = await dispatch(handlers, 'team:ticket', ticket, caller)
      expect(confirmed).toMatchObject({
        ok: true,
        data: {
          assigneeId: 'agentN2',
          assigneeName: 'Nils North',
          status: 'paused',
          pauseReason: 'waiting_on_customer',
          orderType: 'quote_request',
          version: 3,
          pending: [],
          rejected: [],
        },
      })

      // An agent outside the directory: rejected by the server, shown with its reason.
      await dispatch(
        handlers,
        'sync:mutate',
        { name: 'ticket.assign', args: { ...ticket, assigneeId: 'admin' } },
        caller,
      )
      await core.sync?.syncOnce()
      const rejected = await data(handlers, 'team:ticket', ticket)
      expect(rejected.assigneeId).toBe('agentN2')
      expect(rejected.rejected).toHaveLength(1)
      expect(rejected.rejected[0]?.error).toMatchObject({
        code: 'E_NOT_FOUND',
        message: 'agent admin not found',
      })
    } finally {
      base.dispose()
    }
  })

  it('offers the configured order types, and ignores a malformed configuration', async () => {
    const base = makeTestCore()
    try {
      const handlers = createHandlers(base)
      const settings = new SettingsStore(base.db, base.clock)
      const mine = [
        { id: 'spare_parts', label: 'Spare parts' },
        { id: 'other', label: 'Other' },
      ]
      settings.set(ORDER_TYPES_SETTING, mine)
      expect(await dispatch(handlers, 'team:orderTypes', {}, caller)).toEqual({
        ok: true,
        data: mine,
      })
      settings.set(ORDER_TYPES_SETTING, [{ id: 'Spare Parts!', label: '' }])
      expect(await dispatch(handlers, 'team:orderTypes', {}, caller)).toEqual({
        ok: true,
        data: DEFAULT_ORDER_TYPES,
      })
      expect(
        await dispatch(handlers, 'team:ticket', { ticketId: 'bad id', accountId: 'A1' }, caller),
      ).toMatchObject({ ok: false, error: { code: 'E_INVALID_INPUT' } })
    } finally {
      base.dispose()
    }
  })
})
