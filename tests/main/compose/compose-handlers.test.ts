import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ComposeService } from '../../../src/main/compose/compose-service'
import { dispatch, type Caller } from '../../../src/main/core/dispatch'
import { saveMailbox } from '../../../src/main/mail/mailboxes'
import { Outbox } from '../../../src/main/mail/outbox'
import { MailStore } from '../../../src/main/mail/store'
import { rebuildTickets } from '../../../src/main/mail/tickets'
import { createHandlers } from '../../../src/main/services/handlers'
import { SyncClient } from '../../../src/main/sync/sync-client'
import type {
  CheckResult,
  ComposeDraft,
  RenderedTemplateInfo,
  SendResult,
  TicketDetail,
  TicketNote,
  OutgoingMail,
} from '../../../src/shared/contract'
import { makeTestCore } from '../../helpers/core'
import { envelope } from '../mail/fixtures'

const caller: Caller = { transport: 'ipc', trusted: true }
const ACCOUNT = 'acc-hallberg'

/**
 * The composer's calls on a real local store: a customer thread on the support mailbox,
 * the account with contacts (buyer, finance, warehouse) in the sync replica.
 */
describe('compose calls', () => {
  let core: ReturnType<typeof makeTestCore>
  let mail: MailStore
  let ticketId: string
  let q1: number
  let r1: number

  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const res = await dispatch(createHandlers(core), name, input, caller)
    if (!res.ok) throw Object.assign(new Error(res.error.message), res.error)
    return res.data as T
  }

  const replica = (entity: string, id: string, accountId: string | null, data: object) =>
    core.db.sqlite
      .prepare(
        'INSERT OR REPLACE INTO replica_entities (entity, id, account_id, version, data, pulled_at) VALUES (?, ?, ?, 1, ?, ?)',
      )
      .run(entity, id, accountId, JSON.stringify(data), '2026-11-27T08:00:00.000Z')

  beforeEach(() => {
    core = makeTestCore('2026-11-27T09:00:00Z')
    for (const [id, address] of [
      ['support', 'support@kontor.test'],
      ['billing', 'billing@kontor.test'],
    ] as const) {
      saveMailbox(core.db, core.clock, {
        id,
        address,
        displayName: id === 'support' ? 'Support' : 'Billing',
        imap: { host: '127.0.0.1', port: 1, security: 'plain', user: id },
        smtp: { host: '127.0.0.1', port: 1, security: 'plain', user: id },
        folders: ['INBOX', 'Sent'],
      })
    }
    mail = new MailStore(core.db, new Set(['support@kontor.test', 'billing@kontor.test']))
    const inbox = mail.folder('support', 'INBOX')
    ;[q1] = mail.storeEnvelopes(inbox, '1', [
      envelope({
        messageId: 'q1@hallberg.example',
        subject: 'AW: Rechnung RE-20260042',
        from: { name: 'Katrin Vogel', address: 'katrin@hallberg.example' },
        to: [{ name: 'Support', address: 'support@kontor.test' }],
        cc: [
          { name: 'Sven Hartwig', address: 'sven@hallberg.example' },
          { name: null, address: 'billing@kontor.test' },
        ],
        sentAt: '2026-11-27T07:59:00.000Z',
        internalDate: '2026-11-27T08:00:00.000Z',
      }),
    ]) as [number]
    mail.storeBodies([
      {
        id: q1,
        body: {
          text: null,
          html: '<p>Guten Tag, die Rechnung RE-20260042 ist zu hoch.</p><script>alert(1)</script><img src=x onerror=alert(2)>',
          attachments: [],
          parseError: null,
          raw: null,
          truncated: false,
        },
      },
    ])
    rebuildTickets(core.db)
    ticketId = (core.db.sqlite.prepare('SELECT id FROM mail_tickets').get() as { id: string }).id
    core.db.sqlite
      .prepare('UPDATE mail_tickets SET account_id = ? WHERE id = ?')
      .run(ACCOUNT, ticketId)
    replica('account', ACCOUNT, ACCOUNT, {
      id: ACCOUNT,
      name: 'Hallberg AG',
      domain: 'hallberg.example',
      currency: 'EUR',
      paymentTermsDays: 30,
      repAgentId: 'agt-julia',
    })
    replica('agent', 'agt-julia', null, { id: 'agt-julia', name: 'Julia Neumann' })
    replica('agent', 'agt-me', null, { id: 'agt-me', name: 'Mara Agent' })
    replica('agent', 'agt-tom', null, { id: 'agt-tom', name: 'Tom Berger' })
    core.db.sqlite.prepare("INSERT INTO sync_state (key, value) VALUES ('agentId', 'agt-me')").run()
    for (const [id, name, email, role, department] of [
      ['c1', 'Katrin Vogel', 'katrin@hallberg.example', 'buyer', 'Einkauf'],
      ['c2', 'Monika Albrecht', 'monika@hallberg.example', 'finance', 'Buchhaltung'],
      ['c3', 'Sven Hartwig', 'sven@hallberg.example', 'buyer', 'Lagerleitung'],
    ] as const)
      replica('contact', id, ACCOUNT, { id, accountId: ACCOUNT, name, email, role, department })
    r1 = 0
  })
  afterEach(() => core.dispose())

  it("answers the customer's own message, not the out-of-office notice after it", async () => {
    const [oof] = mail.storeEnvelopes(mail.folder('support', 'INBOX'), '1', [
      envelope({
        messageId: 'oof@hallberg.example',
        subject: 'Abwesenheitsnotiz: AW: Rechnung RE-20260042',
        inReplyTo: ['q1@hallberg.example'],
        references: ['q1@hallberg.example'],
        from: { name: 'Sven Hartwig', address: 'sven@hallberg.example' },
        to: [{ name: 'Support', address: 'support@kontor.test' }],
        internalDate: '2026-11-27T08:01:00.000Z',
        autoReply: true,
      }),
    ]) as [number]
    rebuildTickets(core.db)
    expect(
      core.db.sqlite.prepare('SELECT ticket_id FROM mail_messages WHERE id = ?').pluck().get(oof),
    ).toBe(ticketId)
    // The notice is in English; the customer writes German, and so does the reply.
    mail.storeBodies([
      {
        id: oof,
        body: {
          text: 'Thank you for your message. I am out of the office until Monday with limited access to my email. For urgent matters please contact our purchasing team, who will be happy to help you.',
          html: null,
          attachments: [],
          parseError: null,
          raw: null,
          truncated: false,
        },
      },
    ])
    const reply = await call<ComposeDraft>('compose:draft', { ticketId, mode: 'reply' })
    expect(reply.parentRowId).toBe(q1)
    expect(reply.lang).toBe('de')
  })

  it('answers a message at its Reply-To, and the ticket view shows where replies go', async () => {
    const [erp] = mail.storeEnvelopes(mail.folder('support', 'INBOX'), '1', [
      envelope({
        messageId: 'erp-1@hallberg.example',
        subject: 'AW: Rechnung RE-20260042',
        inReplyTo: ['q1@hallberg.example'],
        references: ['q1@hallberg.example'],
        from: { name: 'Hallberg ERP', address: 'no-reply@hallberg.example' },
        to: [{ name: 'Support', address: 'support@kontor.test' }],
        replyTo: [{ name: 'Katrin Vogel', address: 'katrin@hallberg.example' }],
        internalDate: '2026-11-27T08:05:00.000Z',
      }),
    ]) as [number]
    rebuildTickets(core.db)
    const reply = await call<ComposeDraft>('compose:draft', {
      ticketId,
      mode: 'reply',
      parentRowId: erp,
    })
    expect(reply.to).toEqual([{ name: 'Katrin Vogel', address: 'katrin@hallberg.example' }])
    const detail = await call<TicketDetail>('tickets:get', { id: ticketId })
    expect(detail.messages.find((m) => m.rowId === erp)?.replyTo).toEqual([
      { name: 'Katrin Vogel', address: 'katrin@hallberg.example' },
    ])
  })

  it('drafts reply, reply-all and forward from the stored message', async () => {
    const reply = await call<ComposeDraft>('compose:draft', { ticketId, mode: 'reply' })
    expect(reply).toMatchObject({
      parentRowId: q1,
      mailboxId: 'support',
      to: [{ name: 'Katrin Vogel', address: 'katrin@hallberg.example' }],
      cc: [],
      subject: 'Re: Rechnung RE-20260042',
      lang: 'de',
      openedAt: '2026-11-27T09:00:00.000Z',
      lastSeenRowId: q1,
    })
    expect(reply.quote).toBe(
      'Am 27.11.2026 um 07:59 UTC schrieb Katrin Vogel <katrin@hallberg.example>:\n> Guten Tag, die Rechnung RE-20260042 ist zu hoch.',
    )
    const all = await call<ComposeDraft>('compose:draft', {
      ticketId,
      mode: 'replyAll',
      parentRowId: q1,
    })
    // billing@ is ours: never a recipient.
    expect(all.cc).toEqual([{ name: 'Sven Hartwig', address: 'sven@hallberg.example' }])
    const fwd = await call<ComposeDraft>('compose:draft', { ticketId, mode: 'forward' })
    expect(fwd.to).toEqual([])
    expect(fwd.subject).toBe('Fwd: Rechnung RE-20260042')
    expect(fwd.quote).toContain('---------- Weitergeleitete Nachricht ----------')
    expect(fwd.quote).not.toMatch(/<script|<img|alert\(2\)/)
    await expect(
      call('compose:draft', { ticketId, mode: 'reply', parentRowId: 999 }),
    ).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    })
  })

  it('fills templates with the account fields and lists what is missing', async () => {
    const t = await call<RenderedTemplateInfo>('compose:renderTemplate', {
      templateId: 'terms-de',
      ticketId,
    })
    expect(t.text).toContain('Guten Tag Katrin Vogel,')
    expect(t.text).toContain(
      'Gemäß der Vereinbarung mit Hallberg AG sind Rechnungen innerhalb von 30 Tagen netto in EUR zahlbar.',
    )
    expect(t.text).toContain('Mara Agent')
    expect(t.missing).toEqual([])
    core.db.sqlite
      .prepare("DELETE FROM replica_entities WHERE entity = 'agent' AND id = 'agt-julia'")
      .run()
    const q = await call<RenderedTemplateInfo>('compose:renderTemplate', {
      templateId: 'quote-en',
      ticketId,
    })
    expect(q.missing).toEqual(['rep.name'])
    expect(q.text).toContain('{{rep.name}}, your account manager')
    expect(q.fields.find((f) => f.name === 'rep.name')).toEqual({ name: 'rep.name', value: null })
    await expect(
      call('compose:renderTemplate', { templateId: 'nope', ticketId }),
    ).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    })
  })

  const input = (over: Record<string, unknown> = {}) => ({
    ticketId,
    mode: 'reply',
    parentRowId: q1,
    mailboxId: 'support',
    to: 'Katrin Vogel <katrin@hallberg.example>',
    subject: 'Re: Rechnung RE-20260042',
    text: 'Guten Tag Frau Vogel, wir prüfen das.',
    includeQuote: true,
    openedAt: '2026-11-27T09:00:00.000Z',
    lastSeenRowId: q1,
    ...over,
  })

  it('sends a clean reply at once, with the re-sanitised quote, threaded to the chosen message', async () => {
    const res = await call<SendResult>('compose:send', { ...input(), confirmed: [] })
    expect(res.status).toBe('queued')
    const row = core.db.sqlite
      .prepare('SELECT raw, in_reply_to AS irt, text FROM mail_outbox')
      .get() as {
      raw: Buffer
      irt: string
      text: string
    }
    expect(row.irt).toBe('q1@hallberg.example')
    expect(row.text).toBe(
      'Guten Tag Frau Vogel, wir prüfen das.\n\nAm 27.11.2026 um 07:59 UTC schrieb Katrin Vogel <katrin@hallberg.example>:\n> Guten Tag, die Rechnung RE-20260042 ist zu hoch.\n',
    )
    expect(row.raw.toString()).not.toMatch(/<script|onerror/)
    const out = await call<OutgoingMail[]>('compose:outgoing', { ticketId })
    expect(out).toMatchObject([
      { kind: 'reply', state: 'queued', to: [{ address: 'katrin@hallberg.example' }] },
    ])
  })

  it('asks before sending when someone else replied since the ticket was opened, and when a recipient should not see it', async () => {
    // A colleague's reply arrives through Sent after the agent opened the ticket.
    const sent = mail.folder('support', 'Sent')
    ;[r1] = mail.storeEnvelopes(sent, '1', [
      envelope({
        messageId: 'colleague@kontor.test',
        subject: 'Re: Rechnung RE-20260042',
        from: { name: 'Julia Neumann', address: 'support@kontor.test' },
        to: [{ name: null, address: 'katrin@hallberg.example' }],
        inReplyTo: ['q1@hallberg.example'],
        references: ['q1@hallberg.example'],
        internalDate: '2026-11-27T08:57:00.000Z',
      }),
    ]) as [number]
    rebuildTickets(core.db)
    core.db.sqlite.prepare('UPDATE mail_tickets SET account_id = ?').run(ACCOUNT)
    const withCc = input({
      to: 'katrin@hallberg.example',
      cc: 'Sven Hartwig <sven@hallberg.example>',
      text: 'Der Stückpreis ist 12,50 EUR.',
    })
    const check = await call<CheckResult>('compose:check', withCc)
    expect(check.issues.map((i) => [i.kind, i.message])).toEqual([
      ['replied', 'Julia Neumann replied on this ticket 3 min ago.'],
      [
        'role',
        'Sven Hartwig works in Lagerleitung (warehouse), and this mail mentions prices or discounts.',
      ],
    ])
    const first = await call<SendResult>('compose:send', { ...withCc, confirmed: [] })
    expect(first.status).toBe('confirm')
    expect(core.db.sqlite.prepare('SELECT count(*) AS n FROM mail_outbox').get()).toEqual({ n: 0 })
    // Confirming only one issue is not enough.
    const keys = check.issues.map((i) => i.key)
    // Only what is still open is asked again.
    expect(
      await call<SendResult>('compose:send', { ...withCc, confirmed: keys.slice(0, 1) }),
    ).toMatchObject({ status: 'confirm', issues: [{ kind: 'role' }] })
    expect(
      (
        (await call<SendResult>('compose:send', { ...withCc, confirmed: keys.slice(0, 1) })) as {
          issues: unknown[]
        }
      ).issues,
    ).toHaveLength(1)
    const ok = await call<SendResult>('compose:send', { ...withCc, confirmed: keys })
    expect(ok.status).toBe('queued')
    // The agent's own reply is not "someone else" when it comes back.
    const own = ok.status === 'queued' ? ok.entry.id : ''
    const again = await call<CheckResult>('compose:check', {
      ...input({ lastSeenRowId: r1 }),
      ownOutboxIds: [own],
    })
    expect(again.issues).toEqual([])
    expect(
      (
        await call<CheckResult>(
          'compose:check',
          input({ lastSeenRowId: r1, openedAt: '2026-11-27T08:59:00.000Z' }),
        )
      ).issues.map((i) => i.kind),
    ).toEqual(['queued'])
  })

  it('refuses CR/LF in recipients and subject, empty text, and placeholders left in the text', async () => {
    await expect(
      call('compose:send', {
        ...input({ to: 'katrin@hallberg.example\r\nBcc: evil@x.example' }),
        confirmed: [],
      }),
    ).rejects.toMatchObject({ code: 'E_INVALID_INPUT' })
    await expect(
      call('compose:send', { ...input({ subject: 'Re: x\nBcc: evil@x.example' }), confirmed: [] }),
    ).rejects.toMatchObject({ code: 'E_INVALID_INPUT' })
    await expect(
      call('compose:send', { ...input({ text: '  ' }), confirmed: [] }),
    ).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
    })
    const res = await call<SendResult>('compose:send', {
      ...input({ text: 'Hallo {{contact.name}}' }),
      confirmed: [],
    })
    expect(res).toMatchObject({
      status: 'confirm',
      issues: [{ kind: 'placeholder', key: 'placeholder:contact.name' }],
    })
  })

  it('forwards without In-Reply-To but with References, so the copy stays on the ticket', async () => {
    const res = await call<SendResult>('compose:send', {
      ...input({
        mode: 'forward',
        to: 'monika@hallberg.example',
        subject: 'Fwd: Rechnung RE-20260042',
        text: 'Bitte prüfen.',
      }),
      confirmed: [],
    })
    expect(res.status).toBe('queued')
    const raw = (
      core.db.sqlite.prepare('SELECT raw FROM mail_outbox').get() as { raw: Buffer }
    ).raw.toString()
    expect(raw).not.toMatch(/^In-Reply-To:/m)
    expect(raw).toMatch(/^References: <q1@hallberg.example>/m)
    expect(raw).toContain('Weitergeleitete Nachricht')
    expect((await call<OutgoingMail[]>('compose:outgoing', { ticketId }))[0]?.kind).toBe('forward')
  })

  it('lists server notes and local pending ones; a note needs a sync server and never touches the mail outbox', async () => {
    replica('ticket', ticketId, ACCOUNT, {
      id: ticketId,
      accountId: ACCOUNT,
      notes: [
        {
          noteId: 'n-1',
          text: 'Kunde ist verärgert',
          by: 'agt-tom',
          at: '2026-11-27T08:59:30.000Z',
        },
      ],
    })
    await expect(call('compose:addNote', { ticketId, text: 'x' })).rejects.toMatchObject({
      code: 'E_OFFLINE',
    })
    const sync = new SyncClient({
      handle: core.db,
      clock: core.clock,
      connection: { url: 'http://127.0.0.1:1', token: 'unused' },
    })
    const service = new ComposeService({
      db: core.db,
      clock: core.clock,
      outbox: new Outbox({ db: core.db, clock: core.clock, log: core.log }),
      sync,
    })
    const note = service.addNote(ticketId, 'Gutschrift mit Buchhaltung abgestimmt')
    expect(note).toMatchObject({ state: 'pending', byName: 'Mara Agent' })
    expect(sync.outbox()).toMatchObject([{ name: 'ticket.addNote', status: 'pending' }])
    expect(core.db.sqlite.prepare('SELECT count(*) AS n FROM mail_outbox').get()).toEqual({ n: 0 })
    const notes = await call<TicketNote[]>('compose:notes', { ticketId })
    expect(notes.map((n) => [n.byName, n.text, n.state])).toEqual([
      ['Tom Berger', 'Kunde ist verärgert', 'synced'],
      ['Mara Agent', 'Gutschrift mit Buchhaltung abgestimmt', 'pending'],
    ])
    // A note by someone else since opening is part of the send-time check.
    const check = await call<CheckResult>(
      'compose:check',
      input({ openedAt: '2026-11-27T08:59:00.000Z' }),
    )
    expect(check.issues.map((i) => i.message)).toEqual([
      'Tom Berger added an internal note just now.',
    ])
    core.db.sqlite.prepare('UPDATE mail_tickets SET account_id = NULL').run()
    expect(() => service.addNote(ticketId, 'x')).toThrow(/Triage/)
  })
})
