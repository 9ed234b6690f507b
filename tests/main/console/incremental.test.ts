/**
 * The queue service's narrow re-reads: a change the mail engine names by ticket id (or a
 * replica pull, an outbox change, a placement check) must leave the service exactly where a
 * cold build on the same store would be, while reading only what changed.
 */
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { QueueService, touched } from '../../../src/main/console/queue-service'
import { updateTickets } from '../../../src/main/mail/tickets'
import type { MailStore } from '../../../src/main/mail/store'
import { fixedClock } from '../../../src/shared/clock'
import { makeTestCore } from '../../helpers/core'
import {
  envelope,
  putReplica,
  rebuildTickets,
  seedMailboxes,
  setAgent,
  thread,
  ticketId,
} from './fixtures'

type Core = ReturnType<typeof makeTestCore>

const STATUSES = ['open', 'paused', 'resolved', 'open'] as const

/** What a reader sees: every queue's count and every row in both orders. */
function snapshot(s: QueueService) {
  const page = (queue: string, sort: 'sla' | 'activity') =>
    s.tickets({ queue, sort, limit: 1000 }).rows
  return {
    queues: s.queues().queues,
    sla: page('all', 'sla'),
    activity: page('all', 'activity'),
    solved: page('solved', 'sla'),
  }
}

describe('QueueService incremental updates', () => {
  let core: Core
  let clock: ReturnType<typeof fixedClock>
  let store: MailStore
  let service: QueueService
  let changed: (string[] | undefined)[]
  let uid = 50_000

  /** A sync pass as the mail engine makes it: store, re-thread, announce the changed ids. */
  const syncMail = (
    folder: ['support' | 'billing', 'INBOX' | 'Sent'],
    env: Parameters<typeof envelope>[0],
  ) => {
    store.storeEnvelopes(store.folder(folder[0], folder[1]), '1', [
      envelope({ uid: ++uid, ...env }),
    ])
    const { changedTicketIds } = updateTickets(core.db)
    core.events.emit('db:changed', {
      tables: ['mail_messages', 'mail_tickets'],
      ...(changedTicketIds ? { ticketIds: changedTicketIds } : {}),
    })
    core.events.emit('mail:synced', { mailboxId: folder[0], newMessages: 1, tickets: 0 })
  }

  beforeEach(() => {
    core = makeTestCore()
    clock = fixedClock('2026-11-02T11:00:00Z')
    store = seedMailboxes(core.db)
    for (let i = 0; i < 6; i++)
      thread(store, {
        id: `t${i}`,
        from: `buyer${i}@acme${i % 2}.example`,
        subject: `Question ${i}`,
        at: `2026-11-02T0${i + 1}:00:00Z`,
        mailbox: i % 3 === 0 ? 'billing' : 'support',
        ...(i % 2 === 0 ? { replyAt: `2026-11-02T0${i + 1}:30:00Z` } : {}),
      })
    rebuildTickets(core.db)
    putReplica(core.db, 'account', 'acc-0', 'acc-0', {
      name: 'Acme 0',
      tier: 'strategic',
      timeZone: 'Europe/Berlin',
    })
    putReplica(core.db, 'agent', 'agt-1', null, { name: 'Ana Berg' })
    setAgent(core.db, 'agt-1')
    service = new QueueService({ db: core.db, clock, events: core.events, log: core.log })
    changed = []
    core.events.on('console:changed', (p) => changed.push(p.ticketIds))
  })
  afterEach(() => {
    service.dispose()
    core.dispose()
  })

  it('a new mail re-reads just its ticket and updates its row and the counts', () => {
    const before = service.queues().queues
    const base = { ...service.stats }
    const id = ticketId(core.db, 'Question 1')
    expect(before.find((q) => q.id === 'mailbox:billing')?.count).toBe(2)
    // The customer writes again, this time to billing@.
    syncMail(['billing', 'INBOX'], {
      messageId: 'again@customer.example',
      subject: 'Re: Question 1',
      from: { name: null, address: 'buyer1@acme1.example' },
      inReplyTo: ['t1@customer.example'],
      references: ['t1@customer.example'],
      internalDate: '2026-11-02T10:55:00.000Z',
      sentAt: '2026-11-02T10:55:00Z',
    })
    const after = snapshot(service)
    expect(service.stats.mailReads).toBe(base.mailReads)
    expect(service.stats.ticketReads).toBe(base.ticketReads + 1)
    expect(service.stats.modelBuilds).toBe(base.modelBuilds + 1)
    // Its new placement was accounted for by the ticket's re-read: mail:synced finds the
    // placements' fingerprint as expected and reads nothing more.
    expect(service.stats.placementReads).toBe(base.placementReads)
    expect(changed).toEqual([[id]])
    expect(after.queues.find((q) => q.id === 'mailbox:billing')?.count).toBe(3)
    const row = after.sla.find((r) => r.id === id)
    expect(row).toMatchObject({ lastMessageAt: '2026-11-02T10:55:00.000Z' })
    // Identical to a cold build on the same store.
    const cold = new QueueService({ db: core.db, clock, events: core.events, log: core.log })
    expect(after).toEqual(snapshot(cold))
    cold.dispose()
  })

  it('ignores bodies and threading bookkeeping; reads whole only when nobody named the tickets', () => {
    expect(touched(['mail_bodies', 'mail_thread_keys', 'mail_fts'])).toMatchObject({
      mail: false,
      ticketIds: [],
      outbox: false,
    })
    expect(touched(['mail_messages'], ['a'])).toMatchObject({ mail: false, ticketIds: ['a'] })
    expect(touched(['mail_messages'])).toMatchObject({ mail: true })
    expect(touched(['mail_messages', 'local_accounts'], ['a'])).toMatchObject({ mail: true })
    expect([...touched(['replica_entities', 'replica:ticket']).replica].sort()).toEqual([
      'account',
      'agent',
      'ticket',
      'triage',
    ])
    expect([...touched(['replica:ticket']).replica]).toEqual(['ticket'])
    expect([...touched(['replica:triage']).replica]).toEqual(['triage'])
    expect([...touched(['replica:contact']).replica]).toEqual([])
    service.queues()
    const base = { ...service.stats }
    core.events.emit('db:changed', { tables: ['mail_bodies'] })
    service.queues()
    expect(service.stats).toEqual(base)
    // A sync pass with new mail but no ids announced: the mail is read whole.
    core.events.emit('mail:synced', { mailboxId: 'support', newMessages: 1, tickets: 6 })
    service.queues()
    expect(service.stats.mailReads).toBe(base.mailReads + 1)
    // One with nothing new: only the placements' fingerprint is read (unchanged here).
    core.events.emit('mail:synced', { mailboxId: 'support', newMessages: 0, tickets: 6 })
    service.queues()
    expect(service.stats.mailReads).toBe(base.mailReads + 1)
    expect(service.stats.modelBuilds).toBe(base.modelBuilds)
  })

  it('sees a placement removed without re-threading (mail:synced, no ids)', () => {
    const id = ticketId(core.db, 'Question 0')
    expect(service.tickets({ queue: 'mailbox:billing' }).rows.map((r) => r.id)).toContain(id)
    // T0's customer message is also copied into support@ INBOX, then billing@'s copy is
    // expunged: no thread changes, but T0 leaves billing@.
    const row = core.db.sqlite
      .prepare("SELECT id FROM mail_messages WHERE message_id = 't0@customer.example'")
      .pluck()
      .get() as number
    const inbox = (box: string) =>
      core.db.sqlite
        .prepare("SELECT f.id FROM mail_folders f WHERE f.mailbox_id = ? AND f.path = 'INBOX'")
        .pluck()
        .get(box) as number
    core.db.sqlite
      .prepare('INSERT INTO mail_placements (folder_id, uid, message_row_id) VALUES (?, ?, ?)')
      .run(inbox('support'), 77_777, row)
    core.db.sqlite
      .prepare('DELETE FROM mail_placements WHERE folder_id = ? AND message_row_id = ?')
      .run(inbox('billing'), row)
    const before = service.stats.placementReads
    core.events.emit('mail:synced', { mailboxId: 'billing', newMessages: 0, tickets: 6 })
    expect(service.tickets({ queue: 'mailbox:billing' }).rows.map((r) => r.id)).not.toContain(id)
    expect(service.stats.placementReads).toBe(before + 1)
    expect(changed).toEqual([[id]])
  })

  it('an accepted reply in the outbox re-reads just its ticket', () => {
    const id = ticketId(core.db, 'Question 1')
    const before = service.tickets({ queue: 'all', limit: 100 }).rows.find((r) => r.id === id)
    expect(before?.sla).toMatchObject({ metric: 'firstResponse', state: 'at_risk' })
    const base = { ...service.stats }
    core.db.sqlite
      .prepare(
        `INSERT INTO mail_outbox (id, seq, ticket_id, mailbox_id, message_id, "from", "to",
           subject, text, raw, state, created_at, updated_at, accepted_at)
         VALUES ('o1', 1, ?, 'support', 'reply-1@kontor.test', 'support@kontor.test', '[]',
           'Re', 'Hello', X'00', 'accepted', ?, ?, ?)`,
      )
      .run(id, '2026-11-02T10:40:00Z', '2026-11-02T10:40:00Z', '2026-11-02T10:40:00.000Z')
    core.events.emit('db:changed', { tables: ['mail_outbox'] })
    const after = snapshot(service)
    expect(service.stats.mailReads).toBe(base.mailReads)
    expect(service.stats.ticketReads).toBe(base.ticketReads + 1)
    expect(after.sla.find((r) => r.id === id)?.sla).toMatchObject({ metric: 'resolution' })
    const cold = new QueueService({ db: core.db, clock, events: core.events, log: core.log })
    expect(after).toEqual(snapshot(cold))
    cold.dispose()
  })

  it('equals a cold build after any sequence of mail, replica and clock changes', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('followUp' as const),
        of: fc.nat(9),
        mailbox: fc.constantFrom('support' as const, 'billing' as const),
        minutes: fc.integer({ min: 1, max: 50 }),
      }),
      fc.record({ kind: fc.constant('reply' as const), of: fc.nat(9), minutes: fc.nat(50) }),
      fc.record({ kind: fc.constant('newThread' as const), domain: fc.nat(2) }),
      fc.record({
        kind: fc.constant('replica' as const),
        of: fc.nat(9),
        status: fc.nat(3),
        assignee: fc.boolean(),
        account: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('tier' as const), tier: fc.constantFrom('key', 'standard') }),
      fc.record({ kind: fc.constant('clock' as const), minutes: fc.integer({ min: 1, max: 600 }) }),
      fc.record({ kind: fc.constant('synced' as const) }),
    )
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 12 }), (ops) => {
        const local = makeTestCore()
        const localClock = fixedClock('2026-11-02T11:00:00Z')
        const s = seedMailboxes(local.db)
        let n = 0
        let version = 1
        let accountVersion = 1
        const threads: string[] = []
        const at = () => localClock.now().getTime()
        const newThread = (domain: number) => {
          const id = `p${n++}`
          thread(s, {
            id,
            from: `b${n}@d${domain}.example`,
            subject: `Thread ${id}`,
            at: new Date(at() - 30 * 60_000).toISOString(),
          })
          threads.push(id)
        }
        for (let i = 0; i < 4; i++) newThread(i % 3)
        rebuildTickets(local.db)
        putReplica(local.db, 'account', 'acc-d0', 'acc-d0', {
          name: 'D0',
          tier: 'strategic',
          timeZone: 'Europe/Berlin',
        })
        putReplica(local.db, 'agent', 'agt-1', null, { name: 'Ana' })
        setAgent(local.db, 'agt-1')
        const live = new QueueService({
          db: local.db,
          clock: localClock,
          events: local.events,
          log: local.log,
        })
        live.queues()
        const sync = (folder: ['support' | 'billing', 'INBOX' | 'Sent'], env: object) => {
          s.storeEnvelopes(s.folder(folder[0], folder[1]), '1', [
            envelope({ uid: ++uid, messageId: null, ...env }),
          ])
          const { changedTicketIds } = updateTickets(local.db)
          local.events.emit('db:changed', {
            tables: ['mail_messages', 'mail_tickets'],
            ...(changedTicketIds ? { ticketIds: changedTicketIds } : {}),
          })
          local.events.emit('mail:synced', { mailboxId: folder[0], newMessages: 1, tickets: 0 })
        }
        const idOf = (k: number) => {
          const root = threads[k % threads.length] as string
          return ticketId(local.db, `Thread ${root}`)
        }
        try {
          for (const o of ops) {
            const root = threads[('of' in o ? o.of : 0) % threads.length] as string
            if (o.kind === 'followUp' || o.kind === 'reply') {
              localClock.set(at() + o.minutes * 60_000)
              const date = new Date(at()).toISOString()
              const outgoing = o.kind === 'reply'
              sync(outgoing ? ['support', 'Sent'] : [o.mailbox, 'INBOX'], {
                messageId: `m${n++}@x.example`,
                subject: 'Re: follow-up',
                from: outgoing
                  ? { name: null, address: 'support@kontor.test' }
                  : { name: null, address: `someone@d${n % 3}.example` },
                inReplyTo: [`${root}@customer.example`],
                references: [`${root}@customer.example`],
                internalDate: date,
                sentAt: date,
              })
            } else if (o.kind === 'newThread') {
              newThread(o.domain)
              const { changedTicketIds } = updateTickets(local.db)
              local.events.emit('db:changed', {
                tables: ['mail_messages', 'mail_tickets', 'mail_placements'],
                ...(changedTicketIds ? { ticketIds: changedTicketIds } : {}),
              })
            } else if (o.kind === 'replica') {
              const id = idOf(o.of)
              const status = STATUSES[o.status] as string
              putReplica(
                local.db,
                'ticket',
                id,
                o.account ? 'acc-d0' : null,
                {
                  accountId: o.account ? 'acc-d0' : null,
                  assigneeId: o.assignee ? 'agt-1' : null,
                  status,
                  pauseReason: status === 'paused' ? 'waiting_on_customer' : null,
                  updatedAt: new Date(at()).toISOString(),
                },
                ++version,
              )
              local.events.emit('db:changed', { tables: ['replica_entities', 'replica:ticket'] })
            } else if (o.kind === 'tier') {
              putReplica(
                local.db,
                'account',
                'acc-d0',
                'acc-d0',
                { name: 'D0', tier: o.tier, timeZone: 'Europe/Berlin' },
                ++accountVersion,
              )
              local.events.emit('db:changed', { tables: ['replica_entities', 'replica:account'] })
            } else if (o.kind === 'clock') {
              localClock.set(at() + o.minutes * 60_000)
            } else {
              local.events.emit('mail:synced', { mailboxId: 'support', newMessages: 0, tickets: 0 })
            }
            // Read between some steps, so both coalesced and separate changes are covered.
            if (n % 2 === 0) live.queues()
          }
          const got = snapshot(live)
          expect(live.stats.mailReads).toBe(1)
          const cold = new QueueService({
            db: local.db,
            clock: localClock,
            events: local.events,
            log: local.log,
          })
          expect(got).toEqual(snapshot(cold))
          cold.dispose()
        } finally {
          live.dispose()
          local.dispose()
        }
      }),
      { numRuns: 60 },
    )
  })
})
