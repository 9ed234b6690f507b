import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { QueueService } from '../../../src/main/console/queue-service'
import { importAccounts } from '../../../src/main/mail/accounts'
import { dispatch, type Caller } from '../../../src/main/core/dispatch'
import { createHandlers } from '../../../src/main/services/handlers'
import { fixedClock } from '../../../src/shared/clock'
import type { EscalationInfo, QueueInfo, QueueRow } from '../../../src/shared/contract'
import { makeTestCore } from '../../helpers/core'
import {
  followUp,
  putReplica,
  rebuildTickets,
  seedMailboxes,
  setAgent,
  thread,
  ticketId,
} from './fixtures'

const T = (hhmm: string, day = '2026-11-02') => Date.parse(`${day}T${hhmm}:00Z`)
const iso = (ms: number) => new Date(ms).toISOString()

describe('QueueService', () => {
  let core: ReturnType<typeof makeTestCore>
  let clock: ReturnType<typeof fixedClock>
  let service: QueueService
  let ids: { t1: string; t2: string; t3: string; t4: string }
  let changed: (string[] | undefined)[]
  let escalated: EscalationInfo[][]
  let store: ReturnType<typeof seedMailboxes>

  const open = () => {
    const s = new QueueService({ db: core.db, clock, events: core.events, log: core.log })
    return s
  }
  const counts = (s = service) =>
    Object.fromEntries(s.queues().queues.map((q) => [q.id, q.count])) as Record<string, number>
  const rowIds = (queue: string, sort?: 'sla' | 'activity') =>
    service.tickets({ queue, sort }).rows.map((r) => r.id)

  beforeEach(() => {
    core = makeTestCore()
    clock = fixedClock('2026-11-02T11:00:00Z')
    store = seedMailboxes(core.db)
    // T1: a strategic account's buyer, unanswered (tier 1 on Berlin's business week).
    thread(store, {
      id: 't1',
      from: 'buyer@acme.example',
      subject: 'Pallet damaged',
      at: '2026-11-02T10:00:00Z',
    })
    // T2: nobody's account (Triage), answered; billing@ received it.
    thread(store, {
      id: 't2',
      from: 'ap@globex.example',
      subject: 'Invoice copy',
      at: '2026-11-02T09:00:00Z',
      mailbox: 'billing',
      replyAt: '2026-11-02T09:30:00Z',
    })
    // T3: a standard account in Chicago, answered, paused waiting on the customer.
    thread(store, {
      id: 't3',
      from: 'purchasing@initech.example',
      subject: 'Quote for 500 units',
      at: '2026-11-02T08:30:00Z',
      replyAt: '2026-11-02T10:30:00Z',
    })
    // T4: solved last week.
    thread(store, {
      id: 't4',
      from: 'x@umbrella.example',
      subject: 'Old question',
      at: '2026-10-30T10:00:00Z',
    })
    rebuildTickets(core.db)
    ids = {
      t1: ticketId(core.db, 'Pallet damaged'),
      t2: ticketId(core.db, 'Invoice copy'),
      t3: ticketId(core.db, 'Quote for 500 units'),
      t4: ticketId(core.db, 'Old question'),
    }
    putReplica(core.db, 'account', 'acc-acme', 'acc-acme', {
      name: 'Acme GmbH',
      tier: 'strategic',
      region: 'emea-dach',
      timeZone: 'Europe/Berlin',
    })
    putReplica(core.db, 'account', 'acc-init', 'acc-init', {
      name: 'Initech',
      tier: 'standard',
      region: 'na',
      timeZone: 'America/Chicago',
    })
    putReplica(core.db, 'agent', 'agt-1', null, { name: 'Ana Berg' })
    putReplica(core.db, 'ticket', ids.t1, 'acc-acme', {
      accountId: 'acc-acme',
      assigneeId: 'agt-1',
      status: 'open',
      orderType: 'rush',
      updatedAt: '2026-11-02T10:05:00Z',
    })
    putReplica(core.db, 'ticket', ids.t3, 'acc-init', {
      accountId: 'acc-init',
      assigneeId: null,
      status: 'paused',
      pauseReason: 'waiting_on_customer',
      updatedAt: '2026-11-02T09:00:00Z',
    })
    putReplica(core.db, 'ticket', ids.t4, 'acc-umb', {
      accountId: 'acc-umb',
      status: 'resolved',
      updatedAt: '2026-10-30T12:00:00Z',
    })
    setAgent(core.db, 'agt-1')
    changed = []
    escalated = []
    core.events.on('console:changed', (p) => changed.push(p.ticketIds))
    core.events.on('console:escalated', (p) => escalated.push(p.escalations))
    service = open()
  })
  afterEach(() => {
    service.dispose()
    core.dispose()
  })

  it('puts tickets in their queues with counts', () => {
    expect(counts()).toEqual({
      all: 3,
      mine: 1,
      'mailbox:billing': 1,
      'mailbox:support': 3,
      triage: 1,
      at_risk: 0,
      breached: 0,
      waiting: 1,
      solved: 1,
    })
    const { queues } = service.queues()
    expect(queues.map((q) => q.label)).toEqual([
      'All open',
      'My tickets',
      'Billing',
      'Support',
      'Triage',
      'At risk',
      'Breached',
      'Waiting',
      'Solved',
    ])
    expect((queues.find((q) => q.id === 'waiting') as QueueInfo).reasons).toEqual([
      { reason: 'waiting_on_customer', count: 1 },
      { reason: 'waiting_on_po_approval', count: 0 },
      { reason: 'waiting_on_erp_backorder', count: 0 },
      { reason: 'waiting_on_supplier', count: 0 },
    ])
    expect(rowIds('mine')).toEqual([ids.t1])
    expect(rowIds('triage')).toEqual([ids.t2])
    expect(rowIds('mailbox:billing')).toEqual([ids.t2])
    expect(rowIds('solved')).toEqual([ids.t4])
    expect(service.tickets({ queue: 'waiting', reason: 'waiting_on_customer' }).total).toBe(1)
    expect(service.tickets({ queue: 'waiting', reason: 'waiting_on_supplier' }).total).toBe(0)
  })

  it('joins the replica into rows: account, tier, assignee, order type, live SLA figure', () => {
    const rows = service.tickets({ queue: 'all' }).rows
    const t1 = rows.find((r) => r.id === ids.t1) as QueueRow
    expect(t1).toEqual({
      id: ids.t1,
      subject: 'Pallet damaged',
      accountId: 'acc-acme',
      accountName: 'Acme GmbH',
      tier: 1,
      assigneeId: 'agt-1',
      assigneeName: 'Ana Berg',
      orderType: 'rush',
      status: 'open',
      pauseReason: null,
      customerAddress: 'buyer@acme.example',
      lastMessageAt: '2026-11-02T10:00:00.000Z',
      // Tier 1: 120 business minutes on Mon–Fri 08–17 Berlin from 11:00 local.
      sla: {
        metric: 'firstResponse',
        state: 'running',
        dueAt: T('12:00'),
        atRiskAt: T('11:30'),
        remainingMinutes: 60,
      },
    })
    const t2 = rows.find((r) => r.id === ids.t2) as QueueRow
    // No account: the default policy (tier 2, UTC business week); first response met, so
    // resolution (1,920 min from Mon 09:00) is what matters.
    expect(t2).toMatchObject({ accountId: null, accountName: null, tier: null, status: 'waiting' })
    expect(t2.sla).toMatchObject({
      metric: 'resolution',
      state: 'running',
      dueAt: T('14:00', '2026-11-05'),
    })
    const t3 = rows.find((r) => r.id === ids.t3) as QueueRow
    // Paused before Chicago's business day began: the whole 4,800 minutes are left.
    expect(t3).toMatchObject({ tier: 3, status: 'paused', pauseReason: 'waiting_on_customer' })
    expect(t3.sla).toMatchObject({ metric: 'resolution', state: 'paused', remainingMinutes: 4800 })
    const t4 = service.tickets({ queue: 'solved' }).rows[0] as QueueRow
    expect(t4).toMatchObject({ status: 'resolved', tier: null })
    expect(t4.sla).toMatchObject({ metric: 'resolution', state: 'met' })
  })

  it('sorts by SLA due time (paused next, no SLA last) or by last activity, and pages', () => {
    expect(rowIds('all')).toEqual([ids.t1, ids.t2, ids.t3])
    expect(rowIds('all', 'activity')).toEqual([ids.t3, ids.t1, ids.t2])
    const page = service.tickets({ queue: 'all', offset: 1, limit: 1 })
    expect(page.total).toBe(3)
    expect(page.rows.map((r) => r.id)).toEqual([ids.t2])
  })

  it('moves a ticket to At risk and Breached by time alone, and escalates each once', () => {
    service.queues()
    expect(changed).toEqual([])
    expect(escalated).toEqual([])
    clock.set('2026-11-02T11:29:59Z')
    expect(counts().at_risk).toBe(0)
    clock.set('2026-11-02T11:30:00Z')
    service.tick()
    expect(changed).toEqual([[ids.t1]])
    expect(rowIds('at_risk')).toEqual([ids.t1])
    expect(escalated).toEqual([
      [
        {
          key: `${ids.t1}/firstResponse/${T('10:00')}/at_risk`,
          ticketId: ids.t1,
          metric: 'firstResponse',
          kind: 'at_risk',
          at: T('11:30'),
          notify: 'assignee',
          flagTicket: false,
        },
      ],
    ])
    clock.set('2026-11-02T12:00:00Z')
    expect(rowIds('breached')).toEqual([ids.t1])
    expect(counts()).toMatchObject({ at_risk: 0, breached: 1 })
    expect(escalated.flat().map((e) => [e.kind, e.at])).toEqual([
      ['at_risk', T('11:30')],
      ['breached', T('12:00')],
    ])
    const row = service.tickets({ queue: 'breached' }).rows[0] as QueueRow
    expect(row.sla).toMatchObject({ metric: 'firstResponse', state: 'breached', dueAt: T('12:00') })
    // Reading again, or restarting, records nothing new.
    clock.set('2026-11-02T12:05:00Z')
    service.queues()
    service.dispose()
    service = open()
    service.queues()
    expect(escalated).toHaveLength(2)
    expect(
      core.db.sqlite.prepare('SELECT kind FROM console_escalations ORDER BY at').all(),
    ).toEqual([{ kind: 'at_risk' }, { kind: 'breached' }])
  })

  it('records the backlog found at the first build without announcing it', () => {
    service.dispose()
    clock.set('2026-11-02T12:30:00Z')
    service = open()
    expect(rowIds('breached')).toEqual([ids.t1])
    expect(escalated).toEqual([])
    expect(
      core.db.sqlite
        .prepare('SELECT ticket_id AS t, kind FROM console_escalations ORDER BY at')
        .all(),
      // Already breached: the at-risk warning that was never recorded is not made up late.
    ).toEqual([{ t: ids.t1, kind: 'breached' }])
    // Later escalations are announced: by Wed 15:00 T1's resolution (tier 1, 960 minutes
    // from Mon 11:00 Berlin) breached at Wed 09:00 Berlin, and T2's resolution (tier 2,
    // 1,920 minutes from Mon 09:00 on the UTC business week) turned at risk with 480 left.
    clock.set('2026-11-04T15:00:00Z')
    service.tick()
    expect(escalated.flat().map((e) => [e.ticketId, e.metric, e.kind, e.at])).toEqual([
      [ids.t1, 'resolution', 'breached', T('08:00', '2026-11-04')],
      [ids.t2, 'resolution', 'at_risk', T('15:00', '2026-11-04')],
    ])
  })

  it('schedules its timer for the next state change', () => {
    service.queues()
    // T1 turns at risk at 11:30, the earliest change among open tickets.
    expect(service.nextChangeAt()).toBe(T('11:30'))
  })

  it('a late reply takes a ticket out of Breached; its escalation stays recorded', () => {
    clock.set('2026-11-02T12:10:00Z')
    expect(rowIds('breached')).toEqual([ids.t1])
    store.storeEnvelopes(store.folder('support', 'Sent'), '1', [
      {
        uid: 9001,
        flags: [],
        modseq: null,
        messageId: 're-t1@kontor.test',
        inReplyTo: ['t1@customer.example'],
        references: ['t1@customer.example'],
        subject: 'Re: Pallet damaged',
        from: { name: 'Support', address: 'support@kontor.test' },
        to: [{ name: null, address: 'buyer@acme.example' }],
        cc: [],
        sentAt: '2026-11-02T12:10:00Z',
        internalDate: '2026-11-02T12:10:00.000Z',
        size: 100,
        hasAttachments: false,
      },
    ])
    rebuildTickets(core.db)
    const before = escalated.length
    core.events.emit('db:changed', { tables: ['mail_messages', 'mail_tickets'] })
    expect(counts().breached).toBe(0)
    const row = service.tickets({ queue: 'all' }).rows.find((r) => r.id === ids.t1) as QueueRow
    expect(row.sla).toMatchObject({ metric: 'resolution', state: 'running' })
    expect(escalated).toHaveLength(before)
  })

  it('recomputes only the tickets whose inputs changed', () => {
    service.queues()
    const base = { ...service.stats }
    expect(base.slaRecomputes).toBe(3)
    // An assignment is not an SLA input: the row changes, the clocks are not recomputed.
    putReplica(
      core.db,
      'ticket',
      ids.t1,
      'acc-acme',
      {
        accountId: 'acc-acme',
        assigneeId: null,
        status: 'open',
        updatedAt: '2026-11-02T10:50:00Z',
      },
      2,
    )
    core.events.emit('db:changed', { tables: ['replica_entities', 'replica:ticket'] })
    expect(counts().mine).toBe(0)
    expect(changed).toEqual([[ids.t1]])
    expect(service.stats.slaRecomputes).toBe(base.slaRecomputes)
    // A replica pull re-reads the replica only, not the mail.
    expect(service.stats.mailReads).toBe(base.mailReads)
    // A follow-up from the customer: only that ticket's clocks are recomputed, although the
    // mail engine rewrote every ticket row.
    clock.set('2026-11-02T11:10:00Z')
    followUp(store, { id: 't2b', of: 't2', from: 'ap@globex.example', at: '2026-11-02T11:05:00Z' })
    rebuildTickets(core.db)
    core.events.emit('mail:synced', { mailboxId: 'billing', newMessages: 1, tickets: 4 })
    service.queues()
    expect(changed).toEqual([[ids.t1], [ids.t2]])
    expect(service.stats.slaRecomputes).toBe(base.slaRecomputes + 1)
    const t2 = service.tickets({ queue: 'triage' }).rows[0] as QueueRow
    // The follow-up opened a next-response cycle (tier 2: 480 minutes from 11:05).
    expect(t2.sla).toMatchObject({
      metric: 'nextResponse',
      state: 'running',
      dueAt: T('10:05', '2026-11-03'),
    })
    // Tables that feed no row change nothing.
    core.events.emit('db:changed', { tables: ['sync_outbox'] })
    service.queues()
    expect(service.stats.reads).toBe(base.reads + 2)
  })

  it('follows mail moves between mailboxes and locally imported accounts', () => {
    expect(rowIds('mailbox:billing')).toEqual([ids.t2])
    // The same message also lands in billing@ (one message, two placements).
    thread(store, {
      id: 't1',
      from: 'buyer@acme.example',
      subject: 'Pallet damaged',
      at: '2026-11-02T10:00:00Z',
      mailbox: 'billing',
    })
    importAccounts(core.db, [
      { id: 'loc-globex', name: 'Globex Ltd', domains: ['globex.example'], contacts: [] },
    ])
    rebuildTickets(core.db)
    core.events.emit('db:changed', { tables: ['mail_placements', 'local_accounts'] })
    expect(rowIds('mailbox:billing')).toEqual([ids.t1, ids.t2])
    expect(counts().triage).toBe(0)
    const t2 = service.tickets({ queue: 'all' }).rows.find((r) => r.id === ids.t2) as QueueRow
    expect(t2).toMatchObject({ accountId: 'loc-globex', accountName: 'Globex Ltd', tier: null })
    expect(changed).toEqual([[ids.t1, ids.t2].sort()])
  })

  it('pauses and solves from the replica status, and an empty replica means the default policy', () => {
    core.db.sqlite.prepare('DELETE FROM replica_entities').run()
    core.events.emit('db:changed', { tables: ['replica_entities'] })
    expect(counts()).toMatchObject({ all: 4, mine: 0, triage: 4, waiting: 0, solved: 0 })
    const rows = service.tickets({ queue: 'all' }).rows
    expect(rows.every((r) => r.tier === null && r.assigneeId === null)).toBe(true)
    // T1 on the default policy: tier 2, 240 minutes on the UTC business week from 10:00.
    expect(rows.find((r) => r.id === ids.t1)?.sla).toMatchObject({ dueAt: T('14:00') })
    // Pause T1 with a status history: paused since 10:30, waiting on the supplier.
    putReplica(core.db, 'ticket', ids.t1, null, {
      accountId: null,
      status: 'paused',
      pauseReason: 'waiting_on_supplier',
      updatedAt: '2026-11-02T10:30:00Z',
      statusHistory: [
        { at: '2026-11-02T10:30:00Z', status: 'paused', pauseReason: 'waiting_on_supplier' },
      ],
    })
    core.events.emit('db:changed', { tables: ['replica_entities'] })
    expect(rowIds('waiting')).toEqual([ids.t1])
    expect(service.queues().queues.find((q) => q.id === 'waiting')?.reasons?.[3]).toEqual({
      reason: 'waiting_on_supplier',
      count: 1,
    })
    // A pause never stops first response: the row still counts down to 14:00.
    const paused = service.tickets({ queue: 'waiting' }).rows[0] as QueueRow
    expect(paused.sla).toMatchObject({
      metric: 'firstResponse',
      state: 'running',
      dueAt: T('14:00'),
    })
    expect(iso(paused.sla?.dueAt as number)).toBe('2026-11-02T14:00:00.000Z')
  })

  it('a Triage ticket closed without an account leaves Triage for Solved; reopened, it is back', () => {
    const before = counts()
    expect(rowIds('triage')).toContain(ids.t2)
    const closed = {
      at: '2026-11-02T10:45:00Z',
      status: 'closed',
      pauseReason: null,
      reason: 'spam',
      by: 'agt-1',
    }
    putReplica(core.db, 'triage', ids.t2, null, {
      status: 'closed',
      reason: 'spam',
      statusHistory: [closed],
    })
    // Triage state of a ticket that has an account does not count: the account's ticket does.
    putReplica(core.db, 'triage', ids.t1, null, {
      status: 'closed',
      reason: 'spam',
      statusHistory: [closed],
    })
    core.events.emit('db:changed', { tables: ['replica_entities', 'replica:triage'] })
    const { all = 0, triage = 0, solved = 0 } = before
    expect(counts()).toMatchObject({ all: all - 1, triage: triage - 1, solved: solved + 1 })
    expect(rowIds('triage')).not.toContain(ids.t2)
    expect(rowIds('solved')).toContain(ids.t2)
    expect(rowIds('all')).toContain(ids.t1)

    putReplica(
      core.db,
      'triage',
      ids.t2,
      null,
      {
        status: 'open',
        reason: null,
        statusHistory: [
          closed,
          { at: '2026-11-02T10:50:00Z', status: 'open', pauseReason: null, by: 'agt-1' },
        ],
      },
      2,
    )
    core.events.emit('db:changed', { tables: ['replica:triage'] })
    expect(counts()).toMatchObject(before)
    expect(rowIds('triage')).toContain(ids.t2)
  })

  it('a customer writing to a resolved ticket reopens it until an agent resolves it again', () => {
    const before = counts()
    const { all = 0, solved = 0 } = before
    clock.set('2026-11-02T11:10:00Z')
    followUp(store, { id: 't4b', of: 't4', from: 'x@umbrella.example', at: '2026-11-02T10:40:00Z' })
    rebuildTickets(core.db)
    core.events.emit('mail:synced', { mailboxId: 'support', newMessages: 1, tickets: 4 })
    expect(counts()).toMatchObject({ all: all + 1, solved: solved - 1 })
    expect(rowIds('solved')).not.toContain(ids.t4)
    const row = service.tickets({ queue: 'all' }).rows.find((r) => r.id === ids.t4)
    // The server still says resolved; the row says what the agent must do.
    expect(row).toMatchObject({ status: 'open' })
    expect(row?.sla).toMatchObject({ metric: 'nextResponse', state: 'running' })
    expect(changed.flat()).toContain(ids.t4)

    // Resolved again: a second solve in the server's history, while it still said resolved.
    putReplica(
      core.db,
      'ticket',
      ids.t4,
      'acc-umb',
      {
        accountId: 'acc-umb',
        status: 'resolved',
        updatedAt: '2026-11-02T11:00:00Z',
        statusHistory: [
          { at: '2026-10-30T12:00:00Z', status: 'resolved', pauseReason: null },
          { at: '2026-11-02T11:00:00Z', status: 'resolved', pauseReason: null },
        ],
      },
      2,
    )
    core.events.emit('db:changed', { tables: ['replica_entities', 'replica:ticket'] })
    expect(counts()).toMatchObject(before)
    expect(rowIds('solved')).toContain(ids.t4)
  })

  it('a Triage ticket closed as handled elsewhere reopens when the sender writes again; spam does not', () => {
    const closed = (reason: string) => ({
      status: 'closed',
      reason,
      statusHistory: [
        { at: '2026-11-02T10:45:00Z', status: 'closed', pauseReason: null, reason, by: 'agt-1' },
      ],
    })
    putReplica(core.db, 'triage', ids.t2, null, closed('spam'))
    core.events.emit('db:changed', { tables: ['replica:triage'] })
    const before = counts()
    expect(rowIds('solved')).toContain(ids.t2)
    clock.set('2026-11-02T11:10:00Z')
    followUp(store, { id: 't2b', of: 't2', from: 'ap@globex.example', at: '2026-11-02T11:05:00Z' })
    rebuildTickets(core.db)
    core.events.emit('mail:synced', { mailboxId: 'billing', newMessages: 1, tickets: 4 })
    expect(counts()).toMatchObject(before)
    expect(rowIds('solved')).toContain(ids.t2)

    putReplica(core.db, 'triage', ids.t2, null, closed('handled_elsewhere'), 2)
    core.events.emit('db:changed', { tables: ['replica:triage'] })
    expect(rowIds('triage')).toContain(ids.t2)
    expect(rowIds('solved')).not.toContain(ids.t2)
    expect(counts().triage).toBe((before.triage ?? 0) + 1)
  })

  it('answers through the contract, and refuses unknown queues', async () => {
    const handlers = createHandlers(core)
    const caller: Caller = { transport: 'ipc', trusted: true }
    const queues = await dispatch(handlers, 'console:queues', {}, caller)
    expect(queues).toMatchObject({
      ok: true,
      data: { computedAt: Date.parse('2026-11-27T09:00:00Z') },
    })
    const page = await dispatch(handlers, 'console:tickets', { queue: 'all', limit: 2 }, caller)
    expect(page).toMatchObject({ ok: true, data: { total: 3 } })
    expect(
      await dispatch(handlers, 'console:tickets', { queue: 'mailbox:nope' }, caller),
    ).toMatchObject({
      ok: false,
      error: { code: 'E_NOT_FOUND' },
    })
    expect(
      await dispatch(handlers, 'console:tickets', { queue: 'all', limit: 0 }, caller),
    ).toMatchObject({
      ok: false,
      error: { code: 'E_INVALID_INPUT' },
    })
    core.queues.dispose()
  })
})
