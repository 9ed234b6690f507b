import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { chooseWorkspace, rememberWorkspace } from '../../../src/main/demo/workspace'
import { importAccounts } from '../../../src/main/mail/accounts'
import { ingestRawMessages, isLocalMailbox, saveLocalMailbox } from '../../../src/main/mail/ingest'
import { listMailboxes, saveMailbox } from '../../../src/main/mail/mailboxes'
import { ParserPool } from '../../../src/main/mail/parser'
import { getTicket, listTickets } from '../../../src/main/mail/queries'
import { fixedClock, mail, must, tempDb } from '../../helpers/mail-db'

const clock = fixedClock('2026-11-27T12:00:00Z')

describe('choosing the workspace', () => {
  let t: ReturnType<typeof tempDb>
  beforeEach(() => (t = tempDb()))
  afterEach(() => t.dispose())

  it('opens the demo when nothing is configured, and remembers it', () => {
    expect(chooseWorkspace(t.db, clock)).toBe('demo')
    // A mailbox configured later does not switch by itself: the choice is remembered.
    saveMailbox(t.db, clock, {
      id: 'support',
      address: 'support@acme.example',
      imap: { host: 'imap.acme.example', port: 993, security: 'tls', user: 'support' },
    })
    expect(chooseWorkspace(t.db, clock)).toBe('demo')
    rememberWorkspace(t.db, clock, 'real')
    expect(chooseWorkspace(t.db, clock)).toBe('real')
  })

  it('opens the real workspace the first time when a mailbox with a server is configured', () => {
    saveLocalMailbox(t.db, clock, {
      id: 'local',
      address: 'local@kontor.test',
      displayName: null,
      folders: ['INBOX'],
    })
    saveMailbox(t.db, clock, {
      id: 'support',
      address: 'support@acme.example',
      imap: { host: 'imap.acme.example', port: 993, security: 'tls', user: 'support' },
    })
    expect(chooseWorkspace(t.db, clock)).toBe('real')
  })
})

describe('ingesting raw messages without IMAP', () => {
  let t: ReturnType<typeof tempDb>
  let parser: ParserPool
  beforeEach(() => {
    t = tempDb()
    parser = new ParserPool(1)
  })
  afterEach(async () => {
    await parser.close()
    t.dispose()
  })

  it('stores envelopes, bodies and tickets as a sync would; our Sent copy is outgoing and joins the thread', async () => {
    importAccounts(t.db, [
      {
        id: 'acc-acme',
        name: 'Acme',
        domains: ['acme.example'],
        contacts: [{ email: 'buyer@acme.example' }],
      },
    ])
    const box = saveLocalMailbox(t.db, clock, {
      id: 'demo-support',
      address: 'support@kontor.test',
      displayName: 'Support',
      folders: ['INBOX', 'Sent'],
    })
    expect(isLocalMailbox(box)).toBe(true)
    expect(listMailboxes(t.db).map((m) => m.smtp)).toEqual([null])
    const question = mail({
      id: 'q1@acme.example',
      subject: '=?UTF-8?Q?Lieferung_f=C3=BCr_PO_4711?=',
      body: 'Wann kommt die Lieferung?',
    })
    const answer = mail({
      id: 'a1@kontor.test',
      from: 'Support <support@kontor.test>',
      to: 'buyer@acme.example',
      subject: 'Re: Lieferung für PO 4711',
      date: 'Mon, 02 Nov 2026 11:00:00 +0000',
      inReplyTo: 'q1@acme.example',
      references: '<q1@acme.example>',
      body: 'Morgen.',
    })
    const result = await ingestRawMessages(t.db, {
      mailboxId: 'demo-support',
      parser,
      clock,
      messages: [
        {
          folder: 'INBOX',
          raw: Buffer.from(question),
          internalDate: new Date('2026-11-02T10:00:05Z'),
          flags: ['\\Seen', '\\Answered'],
        },
        {
          folder: 'Sent',
          raw: Buffer.from(answer),
          internalDate: new Date('2026-11-02T11:00:02Z'),
          flags: ['\\Seen'],
        },
      ],
    })
    expect(result).toEqual({ messages: 2, bodies: 2, tickets: 1 })
    const [ticket] = listTickets(t.db, { accountId: null })
    expect(ticket).toMatchObject({
      subject: 'Lieferung für PO 4711',
      accountId: 'acc-acme',
      status: 'waiting',
      messageCount: 2,
      messageIds: ['<q1@acme.example>', '<a1@kontor.test>'],
      firstCustomerMessageAt: '2026-11-02T10:00:05.000Z',
    })
    const detail = must(getTicket(t.db, must(ticket).id))
    expect(detail.messages.map((m) => [m.direction, m.bodyStatus, m.text?.trim()])).toEqual([
      ['in', 'done', 'Wann kommt die Lieferung?'],
      ['out', 'done', 'Morgen.'],
    ])

    // A second batch continues the folder's UIDs and adds a placement for a known message.
    const again = await ingestRawMessages(t.db, {
      mailboxId: 'demo-support',
      parser,
      clock,
      messages: [
        {
          folder: 'INBOX',
          raw: Buffer.from(answer),
          internalDate: new Date('2026-11-02T11:00:03Z'),
          flags: [],
        },
      ],
    })
    expect(again).toEqual({ messages: 1, bodies: 0, tickets: 1 })
    const uids = t.db.sqlite
      .prepare(
        'SELECT f.path AS path, p.uid AS uid FROM mail_placements p JOIN mail_folders f ON f.id = p.folder_id ORDER BY f.path, p.uid',
      )
      .all()
    expect(uids).toEqual([
      { path: 'INBOX', uid: 1 },
      { path: 'INBOX', uid: 2 },
      { path: 'Sent', uid: 1 },
    ])
    expect(listTickets(t.db, { accountId: null })[0]?.messageCount).toBe(2)
  })
})
