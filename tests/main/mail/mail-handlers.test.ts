import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch, type Caller } from '../../../src/main/core/dispatch'
import { rebuildTickets } from '../../../src/main/mail/tickets'
import { createHandlers } from '../../../src/main/services/handlers'
import type {
  OutboxEntry,
  SearchHit,
  TicketDetail,
  TicketSummary,
} from '../../../src/shared/contract'
import { makeTestCore } from '../../helpers/core'
import { envelope, seedMailbox, store } from './fixtures'

const caller: Caller = { transport: 'ipc', trusted: true }

describe('mail contract calls', () => {
  let core: ReturnType<typeof makeTestCore>
  beforeEach(() => {
    core = makeTestCore()
    const s = seedMailbox(core.db)
    const [q1] = store(s, 'INBOX', [
      envelope({ messageId: 'q1@acme.example', subject: 'Pallet damaged on arrival' }),
    ])
    store(s, 'Sent', [
      envelope({
        messageId: 'r1@kontor.test',
        subject: 'Re: Pallet damaged on arrival',
        from: { name: 'Support', address: 'support@kontor.test' },
        inReplyTo: ['q1@acme.example'],
        references: ['q1@acme.example'],
        internalDate: '2026-11-02T11:00:00.000Z',
      }),
    ])
    s.storeBodies([
      {
        id: q1 as number,
        body: {
          text: 'The pallet arrived broken.',
          html: null,
          attachments: [],
          parseError: null,
          raw: null,
          truncated: false,
        },
      },
    ])
    rebuildTickets(core.db)
  })
  afterEach(() => core.dispose())

  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const res = await dispatch(createHandlers(core), name, input, caller)
    if (!res.ok) throw Object.assign(new Error(res.error.message), res.error)
    return res.data as T
  }

  it('lists tickets, opens one with its join reasons, and searches', async () => {
    const list = await call<TicketSummary[]>('tickets:list', {})
    expect(list).toHaveLength(1)
    const t = list[0] as TicketSummary
    expect(t).toMatchObject({
      subject: 'Pallet damaged on arrival',
      messageCount: 2,
      status: 'waiting',
      accountId: null,
    })
    const detail = await call<TicketDetail>('tickets:get', { id: t.id })
    expect(detail.messages.map((m) => [m.messageId, m.direction, m.joinReason, m.folders])).toEqual(
      [
        ['q1@acme.example', 'in', 'root', ['INBOX']],
        ['r1@kontor.test', 'out', 'references', ['Sent']],
      ],
    )
    expect(detail.messages[0]?.text).toBe('The pallet arrived broken.')
    const hits = await call<SearchHit[]>('mail:search', { query: 'broken' })
    expect(hits.map((h) => h.ticketId)).toEqual([t.id])
    expect(await call<SearchHit[]>('mail:search', { query: '"(' })).toEqual([])
    await expect(call('tickets:get', { id: 'nope' })).rejects.toMatchObject({ code: 'E_NOT_FOUND' })
  })

  it('queues a reply with fixed threading headers, refuses header injection, lists the outbox', async () => {
    const [t] = await call<TicketSummary[]>('tickets:list', {})
    const ticketId = (t as TicketSummary).id
    const events: string[] = []
    core.events.onAny((name) => events.push(name))
    const queued = await call<OutboxEntry>('mail:reply', {
      ticketId,
      mailboxId: 'support',
      to: ['Buyer <buyer@acme.example>'],
      subject: 'Re: Pallet damaged on arrival',
      text: 'We send a replacement.',
    })
    expect(queued).toMatchObject({ state: 'queued', ticketId, attempts: 0 })
    expect(queued.messageId).toMatch(/^<[0-9a-f-]{36}@kontor\.test>$/)
    expect(events).toContain('mail:outboxChanged')
    const raw = (
      core.db.sqlite.prepare('SELECT raw FROM mail_outbox').get() as { raw: Buffer }
    ).raw.toString()
    expect(raw).toContain('In-Reply-To: <r1@kontor.test>')
    expect(raw).toMatch(/References: <q1@acme.example> <r1@kontor.test>/)
    await expect(
      call('mail:reply', {
        ticketId,
        mailboxId: 'support',
        to: ['buyer@acme.example'],
        subject: 'x\r\nBcc: a@evil.example',
        text: 'x',
      }),
    ).rejects.toMatchObject({ code: 'E_INVALID_INPUT' })
    await expect(
      call('mail:reply', {
        ticketId,
        mailboxId: 'support',
        to: ['buyer@acme.example\nBcc: a@evil.example'],
        subject: 'x',
        text: 'x',
      }),
    ).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
    })
    expect(await call<OutboxEntry[]>('mail:outbox', {})).toHaveLength(1)
    await expect(
      call('mail:decideReply', { id: queued.id, action: 'resend' }),
    ).rejects.toMatchObject({ code: 'E_CONFLICT' })
    expect(
      (await call<OutboxEntry>('mail:decideReply', { id: queued.id, action: 'discard' })).state,
    ).toBe('failed')
  })
})
