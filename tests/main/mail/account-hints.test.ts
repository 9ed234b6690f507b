import { afterEach, describe, expect, it } from 'vitest'
import { HINT_QUERIES, accountHints } from '../../../src/main/mail/account-hints'
import { rebuildTickets } from '../../../src/main/mail/tickets'
import { makeTestCore } from '../../helpers/core'
import { body, envelope, seedMailbox, store } from './fixtures'

describe('account hints for a Triage ticket', () => {
  let dispose: (() => void) | null = null
  afterEach(() => dispose?.())

  function setup() {
    const core = makeTestCore()
    dispose = () => core.dispose()
    const put = core.db.sqlite.prepare(
      `INSERT INTO replica_entities (entity, id, account_id, version, data, pulled_at)
       VALUES (?, ?, ?, 1, ?, '2026-11-27T09:00:00Z')`,
    )
    const entity = (kind: string, id: string, accountId: string, data: object) =>
      put.run(kind, id, accountId, JSON.stringify({ id, accountId, ...data }))
    entity('account', 'brandt', 'brandt', { name: 'Brandt Logistik GmbH' })
    entity('account', 'falk', 'falk', { name: 'Falk Gebäudetechnik GmbH' })
    entity('account', 'alpen', 'alpen', { name: 'Alpentech AG' })
    entity('order', 'o1', 'brandt', { number: 'SO-400087' })
    entity('quote', 'q1', 'falk', { number: 'Q-2026-0456' })
    entity('invoice', 'i1', 'falk', { number: 'INV-2026-07890' })
    entity('contact', 'c1', 'brandt', {
      name: 'Sven Hartwig',
      email: 'sven.hartwig@brandt.example',
    })
    entity('contact', 'c2', 'alpen', { name: 'Sven', email: 'sven@alpen.example' })
    return core
  }

  it('names the accounts whose order, quote or invoice numbers and contacts the mail mentions', () => {
    const core = setup()
    const s = seedMailbox(core.db)
    const [first] = store(s, 'INBOX', [
      envelope({
        messageId: 'private@gmx.example',
        subject: 'Dringend: Bestellung PO-2026-01087 (Ihr Auftrag so-400087)',
        from: { name: 'Sven Hartwig', address: 'sven.hartwig.1975@gmx.example' },
        internalDate: '2026-11-25T13:00:00.000Z',
      }),
      envelope({
        messageId: 'private-2@gmx.example',
        inReplyTo: ['private@gmx.example'],
        references: ['private@gmx.example'],
        subject: 'AW: Dringend',
        from: { name: 'sven hartwig', address: 'sven.hartwig.1975@gmx.example' },
        internalDate: '2026-11-25T14:00:00.000Z',
      }),
    ])
    s.storeBodies([{ id: first as number, body: body('Zum Angebot Q-2026-0456 bitte auch.') }])
    rebuildTickets(core.db)
    const ticket = core.db.sqlite.prepare('SELECT id FROM mail_tickets').get() as { id: string }
    expect(accountHints(core.db, ticket.id)).toEqual([
      {
        accountId: 'brandt',
        accountName: 'Brandt Logistik GmbH',
        reasons: ['order SO-400087', 'contact Sven Hartwig'],
      },
      {
        accountId: 'falk',
        accountName: 'Falk Gebäudetechnik GmbH',
        reasons: ['quote Q-2026-0456'],
      },
    ])
  })

  it('gives none for an unknown sender, our own mail and automatic replies', () => {
    const core = setup()
    const s = seedMailbox(core.db)
    store(s, 'INBOX', [
      envelope({
        messageId: 'new@prospect.example',
        subject: 'Opening an account with you',
        from: { name: 'Owen Price', address: 'owen@prospect.example' },
        internalDate: '2026-11-25T13:00:00.000Z',
      }),
      envelope({
        messageId: 'ooo@prospect.example',
        references: ['new@prospect.example'],
        subject: 'Out of office: invoice INV-2026-07890',
        from: { name: 'Sven Hartwig', address: 'ooo@prospect.example' },
        autoReply: true,
        internalDate: '2026-11-25T14:00:00.000Z',
      }),
    ])
    store(s, 'Sent', [
      envelope({
        messageId: 'ours@kontor.test',
        references: ['new@prospect.example'],
        subject: 'Re: Opening an account — your order SO-400087',
        from: { name: 'Sven Hartwig', address: 'support@kontor.test' },
        internalDate: '2026-11-25T15:00:00.000Z',
      }),
    ])
    rebuildTickets(core.db)
    const ids = core.db.sqlite.prepare('SELECT id FROM mail_tickets').all() as { id: string }[]
    expect(ids).toHaveLength(1)
    expect(accountHints(core.db, (ids[0] as { id: string }).id)).toEqual([])
    expect(accountHints(core.db, 'no-such-ticket')).toEqual([])
  })

  it('looks numbers and names up by index, not by a scan of the replica', () => {
    const core = setup()
    const plan = (sql: string, ...args: unknown[]) =>
      (
        core.db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]
      ).map((r) => r.detail)
    expect(plan(HINT_QUERIES.byNumber, 'order', 'SO-1').join()).toContain(
      'USING INDEX replica_entities_number',
    )
    expect(plan(HINT_QUERIES.contactByName, 'sven hartwig').join()).toContain(
      'USING INDEX replica_entities_contact_name',
    )
  })
})
