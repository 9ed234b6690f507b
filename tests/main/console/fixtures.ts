import type { DbHandle } from '../../../src/main/db/open'
import { saveMailbox } from '../../../src/main/mail/mailboxes'
import { MailStore } from '../../../src/main/mail/store'
import { rebuildTickets } from '../../../src/main/mail/tickets'
import { envelope } from '../mail/fixtures'

export { envelope }

/** Two shared mailboxes (support@ with INBOX and Sent, billing@ with INBOX), one store. */
export function seedMailboxes(db: DbHandle): MailStore {
  const clock = { now: () => new Date('2026-11-01T00:00:00Z') }
  saveMailbox(db, clock, {
    id: 'support',
    address: 'support@kontor.test',
    displayName: 'Support',
    imap: { host: '127.0.0.1', port: 1, security: 'plain', user: 'support' },
    folders: ['INBOX', 'Sent'],
  })
  saveMailbox(db, clock, {
    id: 'billing',
    address: 'billing@kontor.test',
    displayName: 'Billing',
    imap: { host: '127.0.0.1', port: 1, security: 'plain', user: 'billing' },
    folders: ['INBOX'],
  })
  return new MailStore(db, new Set(['support@kontor.test', 'billing@kontor.test']))
}

let uid = 1000

/** A customer message (in INBOX of `mailbox`) and optionally our reply (in support's Sent). */
export function thread(
  s: MailStore,
  o: {
    id: string
    from: string
    subject: string
    at: string
    mailbox?: 'support' | 'billing'
    replyAt?: string
  },
): void {
  s.storeEnvelopes(s.folder(o.mailbox ?? 'support', 'INBOX'), '1', [
    envelope({
      uid: ++uid,
      messageId: `${o.id}@customer.example`,
      subject: o.subject,
      from: { name: null, address: o.from },
      internalDate: new Date(o.at).toISOString(),
      sentAt: o.at,
    }),
  ])
  if (o.replyAt) {
    s.storeEnvelopes(s.folder('support', 'Sent'), '1', [
      envelope({
        uid: ++uid,
        messageId: `re-${o.id}@kontor.test`,
        subject: `Re: ${o.subject}`,
        from: { name: 'Support', address: 'support@kontor.test' },
        to: [{ name: null, address: o.from }],
        inReplyTo: [`${o.id}@customer.example`],
        references: [`${o.id}@customer.example`],
        internalDate: new Date(o.replyAt).toISOString(),
        sentAt: o.replyAt,
      }),
    ])
  }
}

/** A follow-up customer message on a thread. */
export function followUp(s: MailStore, o: { id: string; of: string; from: string; at: string }) {
  s.storeEnvelopes(s.folder('support', 'INBOX'), '1', [
    envelope({
      uid: ++uid,
      messageId: `${o.id}@customer.example`,
      subject: 'Re: follow-up',
      from: { name: null, address: o.from },
      inReplyTo: [`${o.of}@customer.example`],
      references: [`${o.of}@customer.example`],
      internalDate: new Date(o.at).toISOString(),
      sentAt: o.at,
    }),
  ])
}

export { rebuildTickets }

/** The ticket id of a thread (a hash of its root Message-ID), found by subject. */
export function ticketId(db: DbHandle, subject: string): string {
  const row = db.sqlite.prepare('SELECT id FROM mail_tickets WHERE subject = ?').get(subject) as
    { id: string } | undefined
  if (!row) throw new Error(`no ticket "${subject}"`)
  return row.id
}

/** Write (or overwrite) one replica entity as a pull would. */
export function putReplica(
  db: DbHandle,
  entity: string,
  id: string,
  accountId: string | null,
  data: Record<string, unknown>,
  version = 1,
): void {
  db.sqlite
    .prepare(
      `INSERT INTO replica_entities (entity, id, account_id, version, data, pulled_at)
       VALUES (?, ?, ?, ?, ?, '2026-11-01T00:00:00Z')
       ON CONFLICT (entity, id) DO UPDATE SET version = excluded.version, data = excluded.data`,
    )
    .run(entity, id, accountId, version, JSON.stringify({ id, ...data }))
}

export function setAgent(db: DbHandle, agentId: string): void {
  db.sqlite
    .prepare("INSERT OR REPLACE INTO sync_state (key, value) VALUES ('agentId', ?)")
    .run(agentId)
}
