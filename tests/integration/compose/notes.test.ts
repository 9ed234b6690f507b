import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../../src/shared/clock'
import type { CheckResult, TicketNote } from '../../../src/shared/contract'
import { createCore, type Core } from '../../../src/main/core/core'
import { dispatch, type Caller } from '../../../src/main/core/dispatch'
import { saveMailbox } from '../../../src/main/mail/mailboxes'
import { MailStore } from '../../../src/main/mail/store'
import { rebuildTickets } from '../../../src/main/mail/tickets'
import { createHandlers } from '../../../src/main/services/handlers'
import { tempDb } from '../../helpers/mail-db'
import { startSyncServer, type RunningSyncServer } from '../../helpers/sync-server'
import { envelope } from '../../main/mail/fixtures'

const caller: Caller = { transport: 'ipc', trusted: true }
const NOW = '2026-03-02T10:00:00Z'

/** A client on its own local store with one customer ticket of account A1, synced with the server. */
function client(url: string, token: string) {
  const local = tempDb()
  const core = createCore({
    db: local.db,
    clock: fixedClock(NOW),
    version: 'test',
    migrationsFolder: '',
    server: { url, token },
  })
  saveMailbox(local.db, core.clock, {
    id: 'support',
    address: 'support@kontor.test',
    imap: { host: '127.0.0.1', port: 1, security: 'plain', user: 'support' },
    folders: ['INBOX'],
  })
  const store = new MailStore(local.db, new Set(['support@kontor.test']))
  store.storeEnvelopes(store.folder('support', 'INBOX'), '1', [
    envelope({
      messageId: 'note-thread@a1.example',
      subject: 'Gutschrift für Lieferung 4711',
      from: { name: 'Buyer A1', address: 'buyer@a1.example' },
      internalDate: '2026-03-02T08:00:00.000Z',
    }),
  ])
  rebuildTickets(local.db)
  local.db.sqlite.prepare("UPDATE mail_tickets SET account_id = 'A1'").run()
  const ticketId = (local.db.sqlite.prepare('SELECT id FROM mail_tickets').get() as { id: string })
    .id
  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const res = await dispatch(createHandlers(core), name, input, caller)
    if (!res.ok) throw Object.assign(new Error(res.error.message), res.error)
    return res.data as T
  }
  return { core: core as Core, ticketId, call, dispose: local.dispose }
}

/**
 * Internal notes through the real sync server (PGlite): added offline into the sync outbox,
 * pushed, pulled back as the server's; another agent's note shows in the send-time check.
 */
describe('internal notes through the sync server', () => {
  let server: RunningSyncServer
  beforeAll(async () => {
    server = await startSyncServer()
  }, 120_000)
  afterAll(async () => {
    await server?.stop()
  })

  it('a note is pending until pushed, then the server holds it; a colleague sees it and is warned before replying', async () => {
    const nora = client(server.url, server.tokens.agentN)
    const ada = client(server.url, server.tokens.admin)
    try {
      await nora.core.sync?.syncOnce()
      await ada.core.sync?.syncOnce()
      expect(nora.ticketId).toBe(ada.ticketId)
      const added = await nora.call<TicketNote>('compose:addNote', {
        ticketId: nora.ticketId,
        text: '  Gutschrift mit der Buchhaltung abgestimmt.  ',
      })
      expect(added).toMatchObject({
        state: 'pending',
        text: 'Gutschrift mit der Buchhaltung abgestimmt.',
      })
      expect(
        await nora.call<TicketNote[]>('compose:notes', { ticketId: nora.ticketId }),
      ).toMatchObject([{ state: 'pending', byName: 'Nora North' }])
      // Nothing went to the mail outbox: a note is never mailed.
      expect(nora.core.db.sqlite.prepare('SELECT count(*) AS n FROM mail_outbox').get()).toEqual({
        n: 0,
      })

      const status = await nora.core.sync?.syncOnce()
      expect(status).toMatchObject({ pending: 0, rejected: 0 })
      expect(await nora.call<TicketNote[]>('compose:notes', { ticketId: nora.ticketId })).toEqual([
        {
          noteId: added.noteId,
          text: 'Gutschrift mit der Buchhaltung abgestimmt.',
          byName: 'Nora North',
          at: '2026-03-02T10:00:00.000Z',
          state: 'synced',
          error: null,
        },
      ])

      // Ada, on her own client, opened the ticket at 09:59 and is about to reply.
      await ada.core.sync?.syncOnce()
      const notes = await ada.call<TicketNote[]>('compose:notes', { ticketId: ada.ticketId })
      expect(notes.map((n) => [n.text, n.state])).toEqual([
        ['Gutschrift mit der Buchhaltung abgestimmt.', 'synced'],
      ])
      const check = await ada.call<CheckResult>('compose:check', {
        ticketId: ada.ticketId,
        mode: 'reply',
        parentRowId: 1,
        mailboxId: 'support',
        to: 'buyer@a1.example',
        subject: 'Re: Gutschrift für Lieferung 4711',
        text: 'Guten Tag, die Gutschrift folgt.',
        includeQuote: false,
        openedAt: '2026-03-02T09:59:00.000Z',
        lastSeenRowId: 1,
      })
      expect(check.issues.map((i) => [i.kind, i.message])).toEqual([
        ['note', 'Nora North added an internal note just now.'],
        // The contact and its role come from the server's replica: a credit note is finance's.
        [
          'role',
          "Buyer A1 is the account's buyer contact and should not see invoice or payment details.",
        ],
      ])
    } finally {
      nora.dispose()
      ada.dispose()
    }
  })
})
