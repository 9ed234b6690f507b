import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ImapFlow } from 'imapflow'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src/main/core/logger'
import { saveMailbox, loadMailbox } from '../../../src/main/mail/mailboxes'
import { ParserPool } from '../../../src/main/mail/parser'
import { MapSecretStore } from '../../../src/main/mail/secrets'
import { searchMail } from '../../../src/main/mail/search'
import { MailboxSync, type SyncOptions } from '../../../src/main/mail/sync'
import { startDovecot, type DovecotServer } from '../../helpers/dovecot'
import { fixedClock, mail, must, tempDb } from '../../helpers/mail-db'

const USER = 'support'
const PASS = 'pw-support'

describe('mail sync against Dovecot', () => {
  let server: DovecotServer
  let parser: ParserPool
  let t: ReturnType<typeof tempDb>
  let user = USER
  let n = 0
  beforeAll(async () => {
    server = await startDovecot({
      users: Array.from({ length: 12 }, (_, i) => ({ user: `${USER}${i}`, password: PASS })),
    })
    parser = new ParserPool()
  })
  afterAll(async () => {
    await parser?.close()
    await server?.stop()
  })
  beforeEach(() => {
    // Each test gets its own IMAP user (a clean mailbox) and its own local store.
    user = `${USER}${n++}`
    server.createFolder(user, 'Sent')
    t = tempDb()
    saveMailbox(t.db, fixedClock(), {
      id: 'support',
      address: 'support@kontor.test',
      imap: { host: server.host, port: server.port, security: 'plain', user },
      folders: ['INBOX', 'Sent'],
    })
  })
  afterEach(() => t.dispose())

  const sync = (extra: Partial<SyncOptions> = {}) =>
    new MailboxSync({
      db: t.db,
      mailbox: must(loadMailbox(t.db, 'support')),
      secrets: new MapSecretStore({ 'imap:support': PASS }),
      clock: fixedClock(),
      log: silentLogger,
      parser,
      ...extra,
    })
  const imap = async () => {
    const c = new ImapFlow({
      host: server.host,
      port: server.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user, pass: PASS },
      logger: false,
    })
    await c.connect()
    return c
  }
  const count = (sql: string, ...args: unknown[]) =>
    (t.db.sqlite.prepare(sql).get(...args) as { n: number }).n

  it('initial sync stores envelopes, bodies and tickets; a second run is incremental (QRESYNC)', async () => {
    server.deliver(
      user,
      'INBOX',
      mail({
        id: 'q1@acme.example',
        subject: 'PO 4711 delivery date',
        body: 'When does PO 4711 ship?',
        // Replies go to the purchasing team's address (stored, and searchable as a participant).
        headers: ['Reply-To: "Einkauf ACME" <einkauf@acme.example>'],
      }),
      {
        internalDate: new Date('2026-11-02T10:00:00Z'),
      },
    )
    server.deliver(
      user,
      'Sent',
      mail({
        id: 'r1@kontor.test',
        from: 'Support <support@kontor.test>',
        to: 'buyer@acme.example',
        subject: 'Re: PO 4711 delivery date',
        inReplyTo: 'q1@acme.example',
        references: '<q1@acme.example>',
      }),
      { internalDate: new Date('2026-11-02T11:00:00Z'), flags: ['\\Seen'] },
    )
    // The buyer's out-of-office notice answers our reply: listed, but the ticket still waits.
    server.deliver(
      user,
      'INBOX',
      mail({
        id: 'oof1@acme.example',
        subject: 'Automatic reply: Re: PO 4711 delivery date',
        inReplyTo: 'r1@kontor.test',
        references: '<q1@acme.example> <r1@kontor.test>',
        headers: ['Auto-Submitted: auto-replied', 'X-Auto-Response-Suppress: All'],
        body: 'I am out of the office until Monday.',
      }),
      { internalDate: new Date('2026-11-02T11:01:00Z') },
    )
    const s = sync()
    const first = await s.syncOnce()
    expect(first.folders.map((f) => [f.folder, f.mode, f.newMessages])).toEqual([
      ['INBOX', 'initial', 2],
      ['Sent', 'initial', 1],
    ])
    expect(first.bodies).toBe(3)
    expect(first.tickets).toBe(1)
    expect(
      t.db.sqlite
        .prepare(
          'SELECT message_id AS id, auto_reply AS auto, reply_to AS replyTo FROM mail_messages ORDER BY internal_date',
        )
        .all(),
    ).toEqual([
      {
        id: 'q1@acme.example',
        auto: 0,
        replyTo: JSON.stringify([{ name: 'Einkauf ACME', address: 'einkauf@acme.example' }]),
      },
      { id: 'r1@kontor.test', auto: 0, replyTo: '[]' },
      { id: 'oof1@acme.example', auto: 1, replyTo: '[]' },
    ])
    expect(searchMail(t.db, 'einkauf@acme.example').map((h) => h.messageId)).toEqual([
      'q1@acme.example',
    ])
    const ticket = t.db.sqlite.prepare('SELECT * FROM mail_tickets').get() as Record<
      string,
      unknown
    >
    expect(ticket).toMatchObject({
      subject: 'PO 4711 delivery date',
      status: 'waiting',
      message_count: 3,
    })
    const folder = t.db.sqlite
      .prepare("SELECT uid_validity, highest_modseq FROM mail_folders WHERE path = 'INBOX'")
      .get() as Record<string, string>
    expect(folder.uid_validity).toMatch(/^\d+$/)
    expect(folder.highest_modseq).toMatch(/^\d+$/)
    expect(count('SELECT count(*) n FROM mail_fts WHERE mail_fts MATCH \'"ship"\'')).toBe(1)

    // Another client flags a message and a new one arrives.
    const other = await imap()
    const lock = await other.getMailboxLock('INBOX')
    try {
      expect(await other.messageFlagsAdd('1:*', ['\\Flagged'])).toBe(true)
    } finally {
      lock.release()
    }
    await other.logout()
    server.deliver(user, 'INBOX', mail({ id: 'q2@acme.example', subject: 'Invoice copy' }))
    const second = await s.syncOnce()
    expect(second.folders[0]).toMatchObject({
      folder: 'INBOX',
      mode: 'qresync',
      newMessages: 1,
      flagChanges: 2,
    })
    const flags = t.db.sqlite
      .prepare(
        "SELECT p.flags FROM mail_placements p JOIN mail_messages m ON m.id = p.message_row_id WHERE m.message_id = 'q1@acme.example'",
      )
      .get() as { flags: string }
    expect(JSON.parse(flags.flags)).toContain('\\Flagged')
    expect(count('SELECT count(*) n FROM mail_tickets')).toBe(2)
    await s.close()
  })

  for (const extensions of ['qresync', 'condstore', 'none'] as const) {
    it(`reflects expunge and move by another client (${extensions})`, async () => {
      for (let i = 1; i <= 4; i++)
        server.deliver(
          user,
          'INBOX',
          mail({ id: `m${i}@acme.example`, subject: `Question ${i} about stock` }),
        )
      server.createFolder(user, 'Archive')
      saveMailbox(t.db, fixedClock(), {
        id: 'support',
        address: 'support@kontor.test',
        imap: { host: server.host, port: server.port, security: 'plain', user },
        folders: ['INBOX', 'Sent', 'Archive'],
      })
      const s = sync({ extensions })
      await s.syncOnce()
      expect(count('SELECT count(*) n FROM mail_placements')).toBe(4)
      const other = await imap()
      const lock = await other.getMailboxLock('INBOX')
      try {
        // Maildir delivery order is not UID order: find each message's UID by Message-ID.
        const uid: Record<string, string> = {}
        for await (const m of other.fetch('1:*', { uid: true, envelope: true }))
          uid[m.envelope?.messageId ?? ''] = String(m.uid)
        expect(await other.messageDelete(must(uid['<m1@acme.example>']), { uid: true })).toBe(true)
        expect(
          await other.messageMove(must(uid['<m2@acme.example>']), 'Archive', { uid: true }),
        ).not.toBe(false)
        expect(
          await other.messageFlagsAdd(must(uid['<m3@acme.example>']), ['\\Answered'], {
            uid: true,
          }),
        ).toBe(true)
      } finally {
        lock.release()
      }
      await other.logout()
      const res = await s.syncOnce()
      const inbox = res.folders.find((f) => f.folder === 'INBOX')
      expect(inbox).toMatchObject({
        removed: 2,
        mode:
          extensions === 'qresync'
            ? 'qresync'
            : extensions === 'condstore'
              ? 'condstore'
              : 'full-scan',
      })
      const rows = t.db.sqlite
        .prepare(
          'SELECT m.message_id id, f.path path, p.flags flags FROM mail_placements p JOIN mail_messages m ON m.id = p.message_row_id JOIN mail_folders f ON f.id = p.folder_id ORDER BY m.message_id',
        )
        .all() as { id: string; path: string; flags: string }[]
      expect(rows.map((r) => [r.id, r.path])).toEqual([
        ['m2@acme.example', 'Archive'],
        ['m3@acme.example', 'INBOX'],
        ['m4@acme.example', 'INBOX'],
      ])
      expect(JSON.parse(must(rows[1]).flags)).toContain('\\Answered')
      expect(count('SELECT count(*) n FROM mail_messages')).toBe(3)
      await s.close()
    })
  }

  it('the same mail in two folders is one message with two placements; a reused Message-ID with another body stays two', async () => {
    const raw = mail({ id: 'dup@acme.example', subject: 'Copy in two folders' })
    server.deliver(user, 'INBOX', raw)
    server.deliver(user, 'Sent', raw)
    server.deliver(
      user,
      'INBOX',
      mail({
        id: 'dup@acme.example',
        subject: 'Different mail, same id',
        date: 'Tue, 03 Nov 2026 10:00:00 +0000',
      }),
    )
    const s = sync()
    await s.syncOnce()
    expect(count('SELECT count(*) n FROM mail_placements')).toBe(3)
    expect(
      count("SELECT count(*) n FROM mail_messages WHERE message_id = 'dup@acme.example'"),
    ).toBe(2)
    await s.close()
  })

  it('UIDVALIDITY change (folder deleted and recreated) resets only that folder', async () => {
    server.deliver(user, 'INBOX', mail({ id: 'keep@acme.example' }))
    server.createFolder(user, 'Archive')
    saveMailbox(t.db, fixedClock(), {
      id: 'support',
      address: 'support@kontor.test',
      imap: { host: server.host, port: server.port, security: 'plain', user },
      folders: ['INBOX', 'Archive'],
    })
    const other = await imap()
    expect(
      await other.append('Archive', mail({ id: 'old@acme.example', subject: 'Old archive' })),
    ).not.toBe(false)
    const s = sync()
    await s.syncOnce()
    const before = t.db.sqlite
      .prepare("SELECT uid_validity v FROM mail_folders WHERE path = 'Archive'")
      .get() as { v: string }
    await other.mailboxDelete('Archive')
    await new Promise((r) => setTimeout(r, 1100)) // UIDVALIDITY is time-based in Dovecot
    await other.mailboxCreate('Archive')
    expect(
      await other.append('Archive', mail({ id: 'new@acme.example', subject: 'New archive' })),
    ).not.toBe(false)
    await other.logout()
    const res = await s.syncOnce()
    expect(res.folders.find((f) => f.folder === 'Archive')?.uidValidityReset).toBe(true)
    expect(res.folders.find((f) => f.folder === 'INBOX')?.uidValidityReset).toBe(false)
    const after = t.db.sqlite
      .prepare("SELECT uid_validity v FROM mail_folders WHERE path = 'Archive'")
      .get() as { v: string }
    expect(after.v).not.toBe(before.v)
    const ids = (
      t.db.sqlite.prepare('SELECT message_id id FROM mail_messages ORDER BY message_id').all() as {
        id: string
      }[]
    ).map((r) => r.id)
    expect(ids).toEqual(['keep@acme.example', 'new@acme.example'])
    await s.close()
  })

  it('a malformed-MIME corpus: every message is stored, unparseable ones with their raw source, and the sync goes on', async () => {
    const dir = join(__dirname, '../../fixtures/mail/malformed')
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml'))
    for (const f of files) server.deliver(user, 'INBOX', readFileSync(join(dir, f)))
    server.deliver(
      user,
      'INBOX',
      mail({
        id: 'after-corpus@acme.example',
        subject: 'A normal mail after the junk',
        body: 'Normal body',
      }),
    )
    const s = sync()
    const res = await s.syncOnce()
    expect(res.folders[0]?.newMessages).toBe(files.length + 1)
    expect(count("SELECT count(*) n FROM mail_messages WHERE body_status = 'pending'")).toBe(0)
    const failed = t.db.sqlite
      .prepare(
        "SELECT m.message_id id, b.parse_error err, length(b.raw) len FROM mail_messages m JOIN mail_bodies b ON b.message_row_id = m.id WHERE m.body_status = 'failed' ORDER BY 1",
      )
      .all() as { id: string; err: string; len: number }[]
    expect(failed.map((f) => f.id)).toEqual(['deep@acme.example', 'huge-header@acme.example'])
    for (const f of failed) {
      expect(f.err).toBeTruthy()
      expect(f.len).toBeGreaterThan(0)
    }
    expect(count('SELECT count(*) n FROM mail_fts WHERE mail_fts MATCH \'"verspätet"\'')).toBe(1)
    expect(count('SELECT count(*) n FROM mail_fts WHERE mail_fts MATCH \'"normal" "body"\'')).toBe(
      1,
    )
    await s.close()
  })

  it('honours the sync window and syncs nested shared/... folders', async () => {
    server.createFolder(user, 'shared/emea')
    server.deliver(
      user,
      'shared/emea',
      mail({ id: 'emea-new@acme.example', subject: 'EMEA recent' }),
      { internalDate: new Date('2026-11-20T10:00:00Z') },
    )
    server.deliver(
      user,
      'shared/emea',
      mail({ id: 'emea-old@acme.example', subject: 'EMEA last year' }),
      { internalDate: new Date('2025-06-01T10:00:00Z') },
    )
    server.deliver(
      user,
      'INBOX',
      mail({ id: 'inbox-old@acme.example', subject: 'Inbox last year' }),
      { internalDate: new Date('2025-01-10T10:00:00Z') },
    )
    saveMailbox(t.db, fixedClock(), {
      id: 'support',
      address: 'support@kontor.test',
      imap: { host: server.host, port: server.port, security: 'plain', user },
      folders: ['INBOX', 'shared/emea'],
      syncWindowDays: 90,
    })
    const s = sync({ mailbox: must(loadMailbox(t.db, 'support')) })
    await s.syncOnce()
    const ids = (
      t.db.sqlite.prepare('SELECT message_id id FROM mail_messages ORDER BY 1').all() as {
        id: string
      }[]
    ).map((r) => r.id)
    expect(ids).toEqual(['emea-new@acme.example'])
    await s.close()
  })
})
