import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getTicket, listTickets } from '../../../src/main/mail/queries'
import { rebuildTickets } from '../../../src/main/mail/tickets'
import { makeTestCore } from '../../helpers/core'
import { envelope, seedMailbox, store } from './fixtures'

describe('ticket queries: the account name beside the id', () => {
  let core: ReturnType<typeof makeTestCore>
  beforeEach(() => {
    core = makeTestCore()
    core.db.sqlite
      .prepare('INSERT INTO local_accounts (id, name, domains) VALUES (?, ?, ?)')
      .run('acc-acme', 'Acme (local import)', JSON.stringify(['acme.example']))
    const s = seedMailbox(core.db)
    store(s, 'INBOX', [
      envelope({ messageId: 'q1@acme.example', subject: 'Pallet damaged on arrival' }),
      envelope({
        messageId: 'q2@nowhere.example',
        subject: 'Who are we?',
        from: { name: 'Stranger', address: 'x@nowhere.example' },
      }),
    ])
    rebuildTickets(core.db)
  })
  afterEach(() => core.dispose())

  const byAccount = () =>
    Object.fromEntries(listTickets(core.db).map((t) => [t.accountId ?? 'triage', t.accountName]))

  it('names the account from the local import, and the synced account wins over it', () => {
    expect(byAccount()).toEqual({ 'acc-acme': 'Acme (local import)', triage: null })
    core.db.sqlite
      .prepare(
        `INSERT INTO replica_entities (entity, id, account_id, version, data, pulled_at)
         VALUES ('account', 'acc-acme', 'acc-acme', 1, ?, '2026-11-27T08:00:00Z')`,
      )
      .run(JSON.stringify({ id: 'acc-acme', name: 'Acme Industrie AG', tier: 'gold' }))
    expect(byAccount()).toEqual({ 'acc-acme': 'Acme Industrie AG', triage: null })
    const t = listTickets(core.db).find((x) => x.accountId === 'acc-acme')
    expect(getTicket(core.db, t?.id ?? '')?.ticket).toMatchObject({
      accountId: 'acc-acme',
      accountName: 'Acme Industrie AG',
    })
  })
})
