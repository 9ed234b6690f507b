import { afterEach, describe, expect, it } from 'vitest'
import { getTicket } from '../../../src/main/mail/queries'
import { rebuildTickets } from '../../../src/main/mail/tickets'
import { loadMailSlaEvents } from '../../../src/main/sla/ticket-events'
import { makeTestCore } from '../../helpers/core'
import { envelope, seedMailbox, store } from './fixtures'

describe('automatic replies', () => {
  let dispose: (() => void) | null = null
  afterEach(() => dispose?.())

  function thread(autoReplyFrom: 'customer' | 'us') {
    const core = makeTestCore()
    dispose = () => core.dispose()
    const s = seedMailbox(core.db)
    const customer = { name: 'Buyer', address: 'buyer@acme.example' }
    const us = { name: 'Support', address: 'support@kontor.test' }
    store(s, 'INBOX', [
      envelope({
        messageId: 'q@acme.example',
        subject: 'Stock for SKU 100-200',
        internalDate: '2026-11-02T09:00:00.000Z',
      }),
    ])
    if (autoReplyFrom === 'customer') {
      store(s, 'Sent', [
        envelope({
          messageId: 'a@kontor.test',
          subject: 'Re: Stock for SKU 100-200',
          inReplyTo: ['q@acme.example'],
          references: ['q@acme.example'],
          from: us,
          to: [customer],
          internalDate: '2026-11-02T10:00:00.000Z',
        }),
      ])
    }
    store(s, 'INBOX', [
      envelope({
        messageId: 'oof@example.net',
        subject: 'Automatic reply: Re: Stock for SKU 100-200',
        inReplyTo: [autoReplyFrom === 'customer' ? 'a@kontor.test' : 'q@acme.example'],
        references: ['q@acme.example'],
        from: autoReplyFrom === 'customer' ? customer : us,
        to: autoReplyFrom === 'customer' ? [us] : [customer],
        internalDate: '2026-11-02T10:01:00.000Z',
        autoReply: true,
      }),
    ])
    rebuildTickets(core.db)
    const [ticket] = core.db.sqlite
      .prepare(
        'SELECT id, status, message_count AS count, last_customer_message_at AS lastCustomer FROM mail_tickets',
      )
      .all() as { id: string; status: string; count: number; lastCustomer: string }[]
    if (!ticket) throw new Error('no ticket')
    return { core, ticket }
  }

  it("a customer's out-of-office notice does not reopen a ticket we answered", () => {
    const { core, ticket } = thread('customer')
    expect(ticket).toMatchObject({
      status: 'waiting',
      count: 3,
      lastCustomer: '2026-11-02T09:00:00.000Z',
    })
    // No SLA event: the notice starts no clock.
    expect(
      loadMailSlaEvents(core.db, [ticket.id])
        .get(ticket.id)
        ?.map((e) => e.type),
    ).toEqual(['customer_message', 'agent_reply'])
    const detail = getTicket(core.db, ticket.id)
    expect(detail?.messages.map((m) => m.autoReply)).toEqual([false, false, true])
  })

  it('an acknowledgement sent automatically from our side is not a first response', () => {
    const { core, ticket } = thread('us')
    expect(ticket.status).toBe('open')
    expect(
      loadMailSlaEvents(core.db, [ticket.id])
        .get(ticket.id)
        ?.map((e) => e.type),
    ).toEqual(['customer_message'])
  })
})
