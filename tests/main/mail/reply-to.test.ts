import { afterEach, describe, expect, it } from 'vitest'
import { importAccounts } from '../../../src/main/mail/accounts'
import { rebuildTickets } from '../../../src/main/mail/tickets'
import { makeTestCore } from '../../helpers/core'
import { envelope, seedMailbox, store } from './fixtures'

describe('Reply-To and the customer account', () => {
  let dispose: (() => void) | null = null
  afterEach(() => dispose?.())

  function ticketsOf(
    messages: { from: string; replyTo?: string[]; subject: string }[],
  ): { subject: string; accountId: string | null; match: string | null; customer: string }[] {
    const core = makeTestCore()
    dispose = () => core.dispose()
    importAccounts(core.db, [
      {
        id: 'acme',
        name: 'ACME GmbH',
        domains: ['acme.example'],
        contacts: [{ email: 'anna@acme.example', name: 'Anna', role: 'buyer' }],
      },
      { id: 'brix', name: 'Brix AG', domains: ['brix.example'], contacts: [] },
    ])
    const s = seedMailbox(core.db)
    store(
      s,
      'INBOX',
      messages.map((m, i) =>
        envelope({
          messageId: `m${i}@example`,
          subject: m.subject,
          from: { name: null, address: m.from },
          replyTo: (m.replyTo ?? []).map((address) => ({ name: null, address })),
          internalDate: `2026-11-0${i + 1}T09:00:00.000Z`,
        }),
      ),
    )
    rebuildTickets(core.db)
    return core.db.sqlite
      .prepare(
        'SELECT subject, account_id AS accountId, account_match AS match, customer_address AS customer FROM mail_tickets ORDER BY subject',
      )
      .all() as {
      subject: string
      accountId: string | null
      match: string | null
      customer: string
    }[]
  }

  it("maps a portal's no-reply mail to the buyer it names; a known sender keeps precedence", () => {
    expect(
      ticketsOf([
        // A purchasing portal: its own address is nobody's; the buyer is in Reply-To.
        {
          subject: 'A portal order',
          from: 'no-reply@portal.example',
          replyTo: ['Anna@ACME.example'],
        },
        // Reply-To to a team inbox of another company: the known contact still decides.
        { subject: 'B contact first', from: 'anna@acme.example', replyTo: ['ap@brix.example'] },
        // No contact anywhere: the sender's domain before the Reply-To's.
        { subject: 'C domain first', from: 'max@acme.example', replyTo: ['ap@brix.example'] },
        // A free-mail sender with the company address as Reply-To.
        { subject: 'D free mail', from: 'max.b@gmail.com', replyTo: ['max@brix.example'] },
        // Nothing known: Triage, under the sender.
        { subject: 'E unknown', from: 'info@unknown.example', replyTo: ['x@elsewhere.example'] },
      ]),
    ).toEqual([
      {
        subject: 'A portal order',
        accountId: 'acme',
        match: 'contact',
        customer: 'anna@acme.example',
      },
      {
        subject: 'B contact first',
        accountId: 'acme',
        match: 'contact',
        customer: 'anna@acme.example',
      },
      {
        subject: 'C domain first',
        accountId: 'acme',
        match: 'domain',
        customer: 'max@acme.example',
      },
      { subject: 'D free mail', accountId: 'brix', match: 'domain', customer: 'max@brix.example' },
      { subject: 'E unknown', accountId: null, match: null, customer: 'info@unknown.example' },
    ])
  })
})
