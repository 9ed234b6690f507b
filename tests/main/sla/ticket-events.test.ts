import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Handlers } from '../../../src/main/core/dispatch'
import { createHandlers } from '../../../src/main/services/handlers'
import { callData, makeTestCore } from '../../helpers/core'
import {
  followUp,
  putReplica,
  rebuildTickets,
  seedMailboxes,
  thread,
  ticketId,
} from '../console/fixtures'

describe('a solved ticket the customer writes to again, one ticket at a time', () => {
  let core: ReturnType<typeof makeTestCore>
  let handlers: Handlers
  let store: ReturnType<typeof seedMailboxes>
  let account: string
  let triage: string

  beforeEach(() => {
    core = makeTestCore()
    handlers = createHandlers(core)
    store = seedMailboxes(core.db)
    thread(store, {
      id: 'k1',
      from: 'buyer@acme.example',
      subject: 'Pallet damaged',
      at: '2026-11-02T10:00:00Z',
      replyAt: '2026-11-02T10:30:00Z',
    })
    thread(store, {
      id: 'k2',
      from: 'someone@private.example',
      subject: 'Catalogue request',
      at: '2026-11-02T09:00:00Z',
    })
    rebuildTickets(core.db)
    account = ticketId(core.db, 'Pallet damaged')
    triage = ticketId(core.db, 'Catalogue request')
    putReplica(core.db, 'ticket', account, 'acc-acme', {
      accountId: 'acc-acme',
      status: 'resolved',
      statusHistory: [{ at: '2026-11-02T11:00:00Z', status: 'resolved', pauseReason: null }],
    })
    putReplica(core.db, 'triage', triage, null, {
      status: 'closed',
      reason: 'handled_elsewhere',
      statusHistory: [
        { at: '2026-11-02T11:00:00Z', status: 'closed', reason: 'handled_elsewhere' },
      ],
    })
  })
  afterEach(() => core.dispose())

  it('team:ticket says open, since when, until it is resolved again', async () => {
    const input = { ticketId: account, accountId: 'acc-acme' }
    expect(await callData(handlers, 'team:ticket', input)).toMatchObject({
      status: 'resolved',
      reopenedAt: null,
    })
    followUp(store, {
      id: 'k1b',
      of: 'k1',
      from: 'buyer@acme.example',
      at: '2026-11-02T12:00:00Z',
    })
    rebuildTickets(core.db)
    expect(await callData(handlers, 'team:ticket', input)).toMatchObject({
      status: 'open',
      reopenedAt: '2026-11-02T12:00:00.000Z',
    })
    putReplica(
      core.db,
      'ticket',
      account,
      'acc-acme',
      {
        accountId: 'acc-acme',
        status: 'resolved',
        statusHistory: [
          { at: '2026-11-02T11:00:00Z', status: 'resolved', pauseReason: null },
          { at: '2026-11-02T12:30:00Z', status: 'resolved', pauseReason: null },
        ],
      },
      2,
    )
    expect(await callData(handlers, 'team:ticket', input)).toMatchObject({
      status: 'resolved',
      reopenedAt: null,
    })
  })

  it('tickets:triage: handled elsewhere reopens when the sender writes again, spam stays closed', async () => {
    followUp(store, {
      id: 'k2b',
      of: 'k2',
      from: 'someone@private.example',
      at: '2026-11-02T12:00:00Z',
    })
    rebuildTickets(core.db)
    expect(await callData(handlers, 'tickets:triage', { id: triage })).toMatchObject({
      status: 'open',
      reason: 'handled_elsewhere',
      reopenedAt: '2026-11-02T12:00:00.000Z',
    })
    putReplica(
      core.db,
      'triage',
      triage,
      null,
      {
        status: 'closed',
        reason: 'spam',
        statusHistory: [{ at: '2026-11-02T11:00:00Z', status: 'closed', reason: 'spam' }],
      },
      2,
    )
    expect(await callData(handlers, 'tickets:triage', { id: triage })).toMatchObject({
      status: 'closed',
      reason: 'spam',
      reopenedAt: null,
    })
  })
})
