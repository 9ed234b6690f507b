import type { DbHandle } from '../../../src/main/db/open'
import { saveMailbox } from '../../../src/main/mail/mailboxes'
import { MailStore, type BodyRecord, type EnvelopeRecord } from '../../../src/main/mail/store'

let uid = 0

/** An envelope as phase 1 of a sync would store it. */
export function envelope(
  o: Partial<EnvelopeRecord> & { messageId: string | null },
): EnvelopeRecord {
  uid += 1
  return {
    uid,
    flags: [],
    modseq: null,
    inReplyTo: [],
    references: [],
    subject: 'Delivery question',
    from: { name: 'Buyer', address: 'buyer@acme.example' },
    to: [{ name: null, address: 'support@kontor.test' }],
    cc: [],
    sentAt: '2026-11-02T10:00:00.000Z',
    internalDate: '2026-11-02T10:00:00.000Z',
    size: 100,
    hasAttachments: false,
    ...o,
  }
}

/** A mailbox with INBOX and Sent, and a store to write envelopes with. */
export function seedMailbox(db: DbHandle): MailStore {
  saveMailbox(
    db,
    { now: () => new Date('2026-11-27T09:00:00Z') },
    {
      id: 'support',
      address: 'support@kontor.test',
      imap: { host: '127.0.0.1', port: 1, security: 'plain', user: 'support' },
      folders: ['INBOX', 'Sent'],
    },
  )
  return new MailStore(db, new Set(['support@kontor.test']))
}

export function store(s: MailStore, folder: 'INBOX' | 'Sent', envs: EnvelopeRecord[]): number[] {
  const f = s.folder('support', folder)
  return s.storeEnvelopes(f, '1', envs)
}

/** A parsed plain-text body as phase 2 would store it. */
export function body(text: string): BodyRecord {
  return { text, html: null, attachments: [], parseError: null, raw: null, truncated: false }
}
