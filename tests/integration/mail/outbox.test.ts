import { ImapFlow } from 'imapflow'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src/main/core/logger'
import { saveMailbox } from '../../../src/main/mail/mailboxes'
import { Outbox } from '../../../src/main/mail/outbox'
import { MapSecretStore } from '../../../src/main/mail/secrets'
import { startDovecot, type DovecotServer } from '../../helpers/dovecot'
import { mail, must, tempDb } from '../../helpers/mail-db'
import { freePort } from '../../helpers/ports'
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink'

const PASS = 'pw'

describe('reply outbox against smtp-server and Dovecot', () => {
  let imapServer: DovecotServer
  let sink: SmtpSink
  let t: ReturnType<typeof tempDb>
  let now = new Date('2026-11-27T12:00:00Z')
  const clock = { now: () => now }
  let n = 0
  let user = ''

  beforeAll(async () => {
    imapServer = await startDovecot({
      users: Array.from({ length: 10 }, (_, i) => ({ user: `agent${i}`, password: PASS })),
    })
    sink = await startSmtpSink()
  })
  afterAll(async () => {
    await sink?.stop()
    await imapServer?.stop()
  })
  beforeEach(() => {
    user = `agent${n++}`
    imapServer.createFolder(user, 'Sent')
    sink.behave({ kind: 'accept' })
    now = new Date('2026-11-27T12:00:00Z')
    t = tempDb()
    configure(sink.port)
    // One customer message, already synced, as the ticket to reply to.
    t.db.sqlite
      .prepare(
        `INSERT INTO mail_messages (identity, message_id, "references", subject, from_address, internal_date, ticket_id)
         VALUES ('i1', 'q1@acme.example', '["root@acme.example"]', 'Where is PO 4711?', 'buyer@acme.example', '2026-11-27T10:00:00Z', 't_1')`,
      )
      .run()
  })
  afterEach(() => t.dispose())

  function configure(smtpPort: number) {
    saveMailbox(t.db, clock, {
      id: 'support',
      address: 'support@kontor.test',
      displayName: 'Kontor Support',
      imap: { host: imapServer.host, port: imapServer.port, security: 'plain', user },
      smtp: { host: '127.0.0.1', port: smtpPort, security: 'plain', user: sink.user },
      folders: ['INBOX', 'Sent'],
    })
  }
  const outbox = () =>
    new Outbox({
      db: t.db,
      clock,
      log: silentLogger,
      secrets: new MapSecretStore({ 'imap:support': PASS, 'smtp:support': sink.password }),
      retryBaseMs: 1000,
    })
  const reply = (o: Outbox, extra: Partial<Parameters<Outbox['enqueue']>[0]> = {}) =>
    o.enqueue({
      ticketId: 't_1',
      mailboxId: 'support',
      to: ['Buyer <buyer@acme.example>'],
      subject: 'Re: Where is PO 4711?',
      text: 'It ships today.',
      ...extra,
    })
  const sentCount = async () => {
    const c = new ImapFlow({
      host: imapServer.host,
      port: imapServer.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user, pass: PASS },
      logger: false,
    })
    await c.connect()
    const st = await c.status('Sent', { messages: true })
    await c.logout()
    return st ? (st.messages ?? 0) : -1
  }

  it('queued → sending → accepted → copied → done, with threading headers fixed at enqueue', async () => {
    const o = outbox()
    const row = await reply(o)
    expect(row.state).toBe('queued')
    const before = sink.dataCount()
    const res = await o.drain()
    expect(res.sent).toBe(1)
    expect(must(o.get(row.id)).state).toBe('done')
    expect(must(o.get(row.id)).acceptedAt).toBe('2026-11-27T12:00:00.000Z')
    expect(sink.dataCount()).toBe(before + 1)
    const raw = must(sink.messages.at(-1)).raw
    expect(raw).toContain(`Message-ID: <${row.messageId}>`)
    expect(raw).toContain('In-Reply-To: <q1@acme.example>')
    expect(raw).toMatch(/References: <root@acme.example> <q1@acme.example>/)
    expect(await sentCount()).toBe(1)
    // A second drain does nothing.
    await o.drain()
    expect(sink.dataCount()).toBe(before + 1)
  })

  it('a reply whose SMTP password is missing stays queued with the reason, then goes out once it is there', async () => {
    const without = new Outbox({
      db: t.db,
      clock,
      log: silentLogger,
      secrets: new MapSecretStore({ 'imap:support': PASS }),
      retryBaseMs: 0,
    })
    const row = await reply(without)
    const before = sink.dataCount()
    const res = await without.drain()
    expect(res.sent).toBe(0)
    const held = must(without.get(row.id))
    expect(held.state).toBe('queued')
    expect(held.attempts).toBe(0)
    expect(held.lastError).toMatch(/smtp/i)
    expect(sink.dataCount()).toBe(before)
    expect((await outbox().drain()).sent).toBe(1)
    expect(sink.dataCount()).toBe(before + 1)
  })

  it('refuses header injection and malformed addresses with a clear error', async () => {
    const o = outbox()
    await expect(reply(o, { subject: 'Hi\r\nBcc: victim@example.com' })).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
    })
    await expect(
      reply(o, { to: ['buyer@acme.example\r\nBcc: x@evil.example'] }),
    ).rejects.toMatchObject({ code: 'E_INVALID_INPUT' })
    await expect(
      reply(o, { to: [{ name: 'Eve\nBcc: x@evil.example', address: 'eve@acme.example' }] }),
    ).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
    })
    await expect(reply(o, { to: ['not an address'] })).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
    })
    await expect(reply(o, { cc: ['a@b@c'] })).rejects.toMatchObject({ code: 'E_INVALID_INPUT' })
    expect(o.list()).toHaveLength(0)
  })

  it('4xx is retried with backoff; 5xx fails with the server text', async () => {
    const o = outbox()
    sink.behave({ kind: 'reject', code: 451, message: 'Greylisted, try later' }, { kind: 'accept' })
    const a = await reply(o)
    const r1 = await o.drain()
    expect(r1.retried).toBe(1)
    expect(must(o.get(a.id))).toMatchObject({ state: 'queued', attempts: 1 })
    // Not due yet: nothing is sent.
    await o.drain()
    expect(must(o.get(a.id)).state).toBe('queued')
    now = new Date(now.getTime() + 2000)
    await o.drain()
    expect(must(o.get(a.id)).state).toBe('done')

    sink.behave({ kind: 'reject', code: 554, message: 'Recipient rejected by policy' })
    const b = await reply(o)
    await o.drain()
    expect(must(o.get(b.id)).state).toBe('failed')
    expect(must(o.get(b.id)).lastError).toContain('Recipient rejected by policy')
  })

  it('connection dropped between DATA and the reply: unknown_outcome, never resent blindly', async () => {
    const o = outbox()
    sink.behave({ kind: 'drop-after-data' }, { kind: 'accept' })
    const row = await reply(o)
    const before = sink.dataCount()
    const res = await o.drain()
    expect(res.unknown).toBe(1)
    expect(must(o.get(row.id)).state).toBe('unknown_outcome')
    // Not in Sent (this server does not save copies): stays unknown, no resend.
    await o.drain()
    await o.drain()
    expect(sink.dataCount()).toBe(before + 1)
    expect(must(o.get(row.id)).state).toBe('unknown_outcome')
    // A later reply of the same ticket waits behind it.
    const later = await reply(o, { text: 'Second' })
    await o.drain()
    expect(must(o.get(later.id)).state).toBe('queued')
    // The agent decides to resend: exactly one more delivery, then the later one.
    o.decide(row.id, 'resend')
    await o.drain()
    expect(must(o.get(row.id)).state).toBe('done')
    expect(must(o.get(later.id)).state).toBe('done')
    expect(sink.dataCount()).toBe(before + 3)
  })

  it('a crash while sending is resolved by finding the Message-ID in Sent', async () => {
    const o = outbox()
    const row = await reply(o)
    // Simulate the crash: the row was committed as `sending`, and the server saved a copy.
    t.db.sqlite.prepare("UPDATE mail_outbox SET state = 'sending' WHERE id = ?").run(row.id)
    const raw = (
      t.db.sqlite.prepare('SELECT raw FROM mail_outbox WHERE id = ?').get(row.id) as { raw: Buffer }
    ).raw
    imapServer.deliver(user, 'Sent', raw)
    const restarted = outbox()
    expect(restarted.recover()).toBe(1)
    expect(must(restarted.get(row.id)).state).toBe('unknown_outcome')
    const before = sink.dataCount()
    const res = await restarted.drain()
    expect(res.resolved).toBe(1)
    expect(must(restarted.get(row.id)).state).toBe('done')
    expect(sink.dataCount()).toBe(before)
  })

  it('offline: queued replies go out once when the server returns, in order per ticket', async () => {
    const deadPort = await freePort()
    configure(deadPort)
    const o = outbox()
    const rows = [
      await reply(o, { text: 'one' }),
      await reply(o, { text: 'two' }),
      await reply(o, { ticketId: 't_2', text: 'three' }),
    ]
    const r1 = await o.drain()
    expect(r1.sent).toBe(0)
    expect(rows.map((r) => must(o.get(r.id)).state)).toEqual(['queued', 'queued', 'queued'])
    configure(sink.port)
    now = new Date(now.getTime() + 60_000)
    const before = sink.dataCount()
    // Two drains at once: one runs, the other joins it.
    await Promise.all([o.drain(), o.drain()])
    await o.drain()
    expect(sink.dataCount()).toBe(before + 3)
    const bodies = sink.messages.slice(-3).map((m) => /\r\n\r\n([\s\S]*)$/.exec(m.raw)?.[1]?.trim())
    expect(bodies.slice(0, 2)).toEqual(['one', 'two'])
    expect(rows.map((r) => must(o.get(r.id)).state)).toEqual(['done', 'done', 'done'])
    expect(await sentCount()).toBe(3)
  })

  it('a Sent copy found for an accepted reply is not appended twice', async () => {
    const o = outbox()
    const row = await reply(o)
    imapServer.deliver(
      user,
      'Sent',
      mail({ id: row.messageId, from: 'support@kontor.test', subject: 'server-side copy' }),
    )
    await o.drain()
    expect(must(o.get(row.id)).state).toBe('done')
    expect(await sentCount()).toBe(1)
  })
})
