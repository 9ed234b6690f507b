import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core/core'
import { saveMailbox } from '../../../src/main/mail/mailboxes'
import { MailStore } from '../../../src/main/mail/store'
import { rebuildTickets } from '../../../src/main/mail/tickets'
import { fixedClock } from '../../../src/shared/clock'
import { tempDb } from '../../helpers/mail-db'
import { startSyncServer, type RunningSyncServer } from '../../helpers/sync-server'
import { envelope } from '../../main/mail/fixtures'

/**
 * Issue 3 §4: tickets map to accounts by the contacts the sync server provides (its replica),
 * without a local import; a pull that brings contacts maps the tickets already there.
 */
describe("tickets and the sync server's contacts", () => {
  let server: RunningSyncServer
  beforeAll(async () => {
    server = await startSyncServer()
  }, 120_000)
  afterAll(async () => {
    await server?.stop()
  })

  it('a pull maps Triage tickets to the accounts of their contacts and domains', async () => {
    const local = tempDb()
    const core = createCore({
      db: local.db,
      clock: fixedClock('2026-03-02T10:00:00Z'),
      version: 'test',
      migrationsFolder: '',
      server: { url: server.url, token: server.tokens.admin },
    })
    try {
      saveMailbox(local.db, core.clock, {
        id: 'support',
        address: 'support@kontor.test',
        imap: { host: '127.0.0.1', port: 1, security: 'plain', user: 'support' },
        folders: ['INBOX'],
      })
      const store = new MailStore(local.db, new Set(['support@kontor.test']))
      const mail = (id: string, from: string, replyTo: string[] = []) =>
        envelope({
          messageId: `${id}@example`,
          subject: id,
          from: { name: null, address: from },
          replyTo: replyTo.map((address) => ({ name: null, address })),
          internalDate: '2026-03-02T08:00:00.000Z',
        })
      store.storeEnvelopes(store.folder('support', 'INBOX'), '1', [
        mail('by-contact', 'Buyer@A1.example'),
        mail('by-domain', 'someone.else@b1.example'),
        mail('by-reply-to', 'no-reply@portal.example', ['buyer@b2.example']),
        mail('unknown', 'info@unknown.example'),
      ])
      rebuildTickets(local.db)
      const accounts = () =>
        local.db.sqlite
          .prepare(
            'SELECT subject, account_id AS accountId, account_match AS match FROM mail_tickets ORDER BY subject',
          )
          .all()
      // No replica yet: all in Triage.
      expect(accounts()).toEqual([
        { subject: 'by-contact', accountId: null, match: null },
        { subject: 'by-domain', accountId: null, match: null },
        { subject: 'by-reply-to', accountId: null, match: null },
        { subject: 'unknown', accountId: null, match: null },
      ])
      const changed: string[][] = []
      core.events.on('db:changed', (e) => changed.push(e.tables))
      await core.sync?.syncOnce()
      const mapped = [
        { subject: 'by-contact', accountId: 'A1', match: 'contact' },
        { subject: 'by-domain', accountId: 'B1', match: 'domain' },
        { subject: 'by-reply-to', accountId: 'B2', match: 'contact' },
        { subject: 'unknown', accountId: null, match: null },
      ]
      expect(accounts()).toEqual(mapped)
      // Readers of tickets hear of it.
      expect(changed.some((t) => t.includes('mail_tickets'))).toBe(true)
      // The re-thread maps them the same way.
      rebuildTickets(local.db)
      expect(accounts()).toEqual(mapped)
    } finally {
      core.close()
      local.dispose()
    }
  })

  it('an agent sorts a Triage ticket by adding its sender as a contact: every client maps it', async () => {
    const clients = [tempDb(), tempDb()]
    const cores = clients.map((local) =>
      createCore({
        db: local.db,
        clock: fixedClock('2026-03-02T10:00:00Z'),
        version: 'test',
        migrationsFolder: '',
        server: { url: server.url, token: server.tokens.admin },
      }),
    )
    try {
      for (const local of clients) {
        saveMailbox(local.db, fixedClock('2026-03-02T10:00:00Z'), {
          id: 'support',
          address: 'support@kontor.test',
          imap: { host: '127.0.0.1', port: 1, security: 'plain', user: 'support' },
          folders: ['INBOX'],
        })
        const store = new MailStore(local.db, new Set(['support@kontor.test']))
        store.storeEnvelopes(store.folder('support', 'INBOX'), '1', [
          envelope({
            messageId: 'enquiry@gmail.example',
            subject: 'Anfrage Paletten',
            from: { name: 'Jana Neu', address: 'Jana.Neu@gmail.com' },
            internalDate: '2026-03-02T08:00:00.000Z',
          }),
        ])
        rebuildTickets(local.db)
      }
      const ticketOf = (i: number) =>
        (clients[i] as (typeof clients)[number]).db.sqlite
          .prepare('SELECT id, account_id AS accountId, account_match AS match FROM mail_tickets')
          .get() as { id: string; accountId: string | null; match: string | null }
      const [first, second] = cores as [
        ReturnType<typeof createCore>,
        ReturnType<typeof createCore>,
      ]
      await first.sync?.syncOnce()
      await second.sync?.syncOnce()
      // A free-mail sender: no domain match, so Triage on both clients.
      expect(ticketOf(0)).toMatchObject({ accountId: null })
      expect(ticketOf(1).id).toBe(ticketOf(0).id)

      first.sync?.enqueue({
        name: 'contact.add',
        args: { accountId: 'A1', email: 'jana.neu@gmail.com', name: 'Jana Neu', role: 'buyer' },
      })
      await first.sync?.syncOnce()
      // Applied, and dropped from the outbox once the pull brought the contact.
      expect(first.sync?.outbox()).toEqual([])
      expect(ticketOf(0)).toMatchObject({ accountId: 'A1', match: 'contact' })
      // The other agent's client learns it on its next pull, and the ticket keeps its id.
      await second.sync?.syncOnce()
      expect(ticketOf(1)).toEqual(ticketOf(0))

      // The same address for another account: refused with the server's reason, nothing moves.
      first.sync?.enqueue({
        name: 'contact.add',
        args: { accountId: 'B1', email: 'JANA.NEU@gmail.com', name: 'Jana Neu', role: 'finance' },
      })
      await first.sync?.syncOnce()
      const [rejected] = first.sync?.outbox({ status: 'rejected' }) ?? []
      expect(rejected?.entityId).toBe('jana.neu@gmail.com')
      expect(rejected?.error?.message).toMatch(/^JANA\.NEU@gmail\.com is already a contact of /)
      expect(ticketOf(0)).toMatchObject({ accountId: 'A1' })
    } finally {
      for (const core of cores) core.close()
      for (const local of clients) local.dispose()
    }
  })
})
