import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { migrateDatabase, openDatabase, type DbHandle } from '../../../src/main/db/open'
import { saveMailbox } from '../../../src/main/mail/mailboxes'
import { MailStore, type EnvelopeRecord } from '../../../src/main/mail/store'
import { threadInput, updateTickets, type MessageRow } from '../../../src/main/mail/tickets'
import { clientMigrationsFolder } from '../../../src/main/paths'
import { body, envelope } from './fixtures'

const DAY = 86_400_000
const T0 = Date.parse('2026-10-01T09:00:00Z')
const OWN = 'support@kontor.test'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

function workspace(): { db: DbHandle; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-mirror-'))
  const path = join(dir, 'kontor.sqlite')
  const db = openDatabase(path)
  migrateDatabase(db, clientMigrationsFolder())
  saveMailbox(
    db,
    { now: () => new Date('2026-11-27T09:00:00Z') },
    {
      id: 'support',
      address: OWN,
      imap: { host: '127.0.0.1', port: 1, security: 'plain', user: 'support' },
      folders: ['INBOX', 'Sent'],
    },
  )
  cleanups.push(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return { db, path }
}

const at = (day: number, minute = 0) => new Date(T0 + day * DAY + minute * 60_000).toISOString()

/**
 * A mailbox that exercises every way threads form: plain replies, replies naming only their
 * direct parent (the provisional thread is then wrong), a reply before its parent, orphan
 * replies joined by subject, business references, a copy in Sent, mail without Message-ID.
 */
function corpus(): { folder: 'INBOX' | 'Sent'; env: EnvelopeRecord }[] {
  const out: { folder: 'INBOX' | 'Sent'; env: EnvelopeRecord }[] = []
  const buyer = (i: number) => ({ name: `Buyer ${i}`, address: `buyer${i % 7}@acme.example` })
  for (let t = 0; t < 40; t++) {
    const root = `t${t}@acme.example`
    const subject = `Pallet order ${t % 9 === 0 ? 'PO 47' + t : t}`
    const inbox = (e: Partial<EnvelopeRecord> & { messageId: string | null }) =>
      out.push({ folder: 'INBOX', env: envelope({ from: buyer(t), ...e }) })
    inbox({
      messageId: root,
      subject,
      internalDate: at(t),
      sentAt: at(t),
      // Now and then from a purchasing portal's no-reply address, naming the buyer.
      ...(t % 8 === 5
        ? { from: { name: 'Portal', address: 'no-reply@portal.example' }, replyTo: [buyer(t)] }
        : {}),
    })
    const reply = `t${t}-r1@kontor.test`
    out.push({
      folder: 'Sent',
      env: envelope({
        messageId: reply,
        subject: `Re: ${subject}`,
        from: { name: 'Support', address: OWN },
        to: [buyer(t)],
        references: [root],
        inReplyTo: [root],
        internalDate: at(t, 30),
      }),
    })
    if (t % 3 === 0)
      // Names only its direct parent: its own headers give the reply as root.
      inbox({
        messageId: `t${t}-r2@acme.example`,
        subject: `AW: ${subject}`,
        inReplyTo: [reply],
        internalDate: at(t, 60),
        // Every other one an out-of-office notice: it must not reopen the ticket.
        autoReply: t % 6 === 3,
      })
    if (t % 4 === 1)
      // An orphan reply with the thread's subject: the guarded subject fallback.
      inbox({
        messageId: `t${t}-o@acme.example`,
        subject: `Re: ${subject}`,
        internalDate: at(t, 90),
      })
    if (t % 5 === 2)
      // A reply that arrives (in UID order) before its parent.
      out.splice(out.length - 2, 0, {
        folder: 'INBOX',
        env: envelope({
          from: buyer(t),
          messageId: `t${t}-early@acme.example`,
          subject: `Re: ${subject}`,
          references: [root, reply],
          internalDate: at(t, 120),
        }),
      })
    if (t % 9 === 0)
      // Same PO in a new mail without headers: joined by business reference.
      inbox({
        messageId: `t${t}-po@acme.example`,
        subject: `PO 47${t} invoice`,
        internalDate: at(t + 2),
      })
    if (t % 11 === 0) inbox({ messageId: null, subject: `No id ${t}`, internalDate: at(t, 5) })
    if (t % 6 === 0) {
      // A colleague's own address answered from a personal client, the mail met in INBOX
      // first (a customer's reply-all) and then in Sent: one message, turned ours.
      const colleague = envelope({
        messageId: `t${t}-colleague@kontor.test`,
        subject: `Re: ${subject}`,
        from: { name: 'Anna (Sales)', address: 'anna@kontor-sales.example' },
        to: [buyer(t)],
        references: [root],
        internalDate: at(t, 45),
      })
      out.push({ folder: 'INBOX', env: colleague })
      out.push({ folder: 'Sent', env: { ...colleague, uid: colleague.uid + 100_000 } })
    }
  }
  return out
}

function storeAll(s: MailStore, items: { folder: 'INBOX' | 'Sent'; env: EnvelopeRecord }[]) {
  for (let i = 0; i < items.length; i += 25) {
    const slice = items.slice(i, i + 25)
    for (const folder of ['INBOX', 'Sent'] as const) {
      const batch = slice.filter((x) => x.folder === folder).map((x) => x.env)
      if (batch.length) s.storeEnvelopes(s.folder('support', folder), '1', batch)
    }
  }
}

/** Every derived value, per message identity: tickets, assignments and link keys. */
function derived(db: DbHandle): unknown {
  return {
    messages: db.sqlite
      .prepare(
        'SELECT identity, ticket_id, join_reason, join_detail, direction, auto_reply FROM mail_messages ORDER BY identity',
      )
      .all(),
    tickets: db.sqlite.prepare('SELECT * FROM mail_tickets ORDER BY id').all(),
    keys: db.sqlite
      .prepare(
        `SELECT k.key, m.identity FROM mail_thread_keys k JOIN mail_messages m ON m.id = k.message_row_id
          ORDER BY k.key, m.identity`,
      )
      .all(),
  }
}

function plain(items: ReturnType<typeof corpus>): unknown {
  const { db } = workspace()
  const s = new MailStore(db, new Set([OWN]))
  storeAll(s, items)
  expect(updateTickets(db).full).toBe(true)
  return derived(db)
}

describe('ThreadMirror (bulk initial sync on the writer thread)', () => {
  it('gives the same messages, tickets and link keys as storing without it', () => {
    const items = corpus()
    const expected = plain(items)
    const { db } = workspace()
    const s = new MailStore(db, new Set([OWN]), undefined, { threadMirror: true })
    storeAll(s, items)
    const mirror = s.threadMirror()
    expect(mirror).not.toBeNull()
    // It equals the table: rows as read back, inputs as threadInput makes them.
    const rows = db.sqlite
      .prepare(
        `SELECT id, identity, message_id AS messageId, in_reply_to AS inReplyTo, "references", subject,
          subject_key AS subjectKey, subject_is_reply AS subjectIsReply, from_address AS fromAddress, "to", cc,
          internal_date AS internalDate, direction, auto_reply AS autoReply, reply_to AS replyTo, business_refs AS businessRefs, ticket_id AS ticketId,
          join_reason AS joinReason, join_detail AS joinDetail FROM mail_messages ORDER BY id`,
      )
      .all() as MessageRow[]
    expect(mirror?.rows).toEqual(rows)
    expect(mirror?.inputs).toEqual(rows.map(threadInput))
    // Link keys wait for fillThreadKeys; one dirty mark per batch.
    expect(db.sqlite.prepare('SELECT count(*) FROM mail_thread_keys').pluck().get()).toBe(0)
    const result = updateTickets(db, { mirror })
    expect(result).toMatchObject({ full: true })
    // Most messages were stored with the thread their own headers give.
    expect(result.changedMessages).toBeLessThan(rows.length / 4)
    expect(s.fillDeferredKeys()).toBeGreaterThan(rows.length)
    expect(mirror?.dropped).toBe(true)
    expect(derived(db)).toEqual(expected)
    // Nothing is owed any more: the next re-thread is incremental and finds nothing.
    expect(s.fillDeferredKeys()).toBe(0)
    expect(updateTickets(db)).toMatchObject({ componentMessages: 0 })
  })

  it('is dropped when another connection commits, and the re-thread reads the table', () => {
    const items = corpus()
    const expected = plain(items)
    for (const when of ['between batches', 'before the re-thread'] as const) {
      const { db, path } = workspace()
      const s = new MailStore(db, new Set([OWN]), undefined, { threadMirror: true })
      const half = Math.floor(items.length / 2)
      storeAll(s, items.slice(0, half))
      const other = openDatabase(path)
      const write = () =>
        other.sqlite.prepare("UPDATE mail_folders SET synced_at = 'x' WHERE path = 'INBOX'").run()
      if (when === 'between batches') write()
      storeAll(s, items.slice(half))
      if (when === 'before the re-thread') write()
      other.close()
      const mirror = s.threadMirror()
      if (when === 'between batches') expect(mirror).toBeNull()
      expect(updateTickets(db, { mirror }).full).toBe(true)
      if (mirror) expect(mirror.dropped).toBe(true)
      s.fillDeferredKeys()
      expect(derived(db)).toEqual(expected)
    }
  })

  it('is kept only for an empty table, and a failed batch drops it', () => {
    const items = corpus()
    const expected = plain(items)
    const { db } = workspace()
    new MailStore(db, new Set([OWN])).storeEnvelopes(
      new MailStore(db, new Set([OWN])).folder('support', 'INBOX'),
      '1',
      items
        .filter((x) => x.folder === 'INBOX')
        .map((x) => x.env)
        .slice(0, 3),
    )
    const s = new MailStore(db, new Set([OWN]), undefined, { threadMirror: true })
    storeAll(s, items)
    expect(s.threadMirror()).toBeNull()
    expect(
      db.sqlite.prepare('SELECT count(*) FROM mail_thread_keys').pluck().get(),
    ).toBeGreaterThan(0)
    updateTickets(db)
    expect(derived(db)).toEqual(expected)

    const fresh = workspace()
    const m = new MailStore(fresh.db, new Set([OWN]), undefined, { threadMirror: true })
    storeAll(m, items.slice(0, 10))
    const bad = { ...envelope({ messageId: 'bad@acme.example' }), internalDate: null } as unknown
    expect(() =>
      m.storeEnvelopes(m.folder('support', 'INBOX'), '1', [bad as EnvelopeRecord]),
    ).toThrow()
    expect(m.threadMirror()).toBeNull()
    storeAll(m, items.slice(10))
    updateTickets(fresh.db, { mirror: m.threadMirror() })
    m.fillDeferredKeys()
    expect(derived(fresh.db)).toEqual(expected)
  })

  it('body references stored before the keys leave no message half keyed', () => {
    const items = corpus()
    const withBodies = (db: DbHandle, s: MailStore) => {
      const ids = db.sqlite
        .prepare('SELECT id FROM mail_messages ORDER BY id')
        .pluck()
        .all() as number[]
      s.storeBodies(
        ids
          .slice(0, 12)
          .map((id, i) => ({ id, body: body(`Please check PO 47${i % 3} and invoice INV-${i}`) })),
      )
    }
    const p = workspace()
    const ps = new MailStore(p.db, new Set([OWN]))
    storeAll(ps, items)
    updateTickets(p.db)
    withBodies(p.db, ps)
    updateTickets(p.db)

    const m = workspace()
    const ms = new MailStore(m.db, new Set([OWN]), undefined, { threadMirror: true })
    storeAll(ms, items)
    updateTickets(m.db, { mirror: ms.threadMirror() })
    // Phase 2 before the deferred keys (as a sync with bodies runs it).
    withBodies(m.db, ms)
    expect(updateTickets(m.db).full).toBe(true)
    ms.fillDeferredKeys()
    expect(derived(m.db)).toEqual(derived(p.db))
  })
})
