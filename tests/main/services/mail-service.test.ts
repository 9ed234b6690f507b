import { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventName } from '../../../src/shared/contract'
import { createCore, type Core } from '../../../src/main/core/core'
import { silentLogger } from '../../../src/main/core/logger'
import { saveMailbox } from '../../../src/main/mail/mailboxes'
import { MapSecretStore } from '../../../src/main/mail/secrets'
import { clientMigrationsFolder } from '../../../src/main/paths'
import { createHandlers } from '../../../src/main/services/handlers'
import { MailService } from '../../../src/main/services/mail-service'
import { startDovecot, type DovecotServer } from '../../helpers/dovecot'
import { mail, must, tempDb } from '../../helpers/mail-db'
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink'

const USER = 'support@kontor.test'
const PASS = 'imap-secret'
const cli = { caller: { transport: 'cli' as const, trusted: true } }

async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const t0 = Date.now()
  while (!(await cond())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 20))
  }
  return Date.now() - t0
}

describe('MailService against Dovecot and an SMTP sink', () => {
  let imap: DovecotServer
  let sink: SmtpSink
  let t: ReturnType<typeof tempDb>
  let core: Core
  const events: { name: EventName; payload: unknown }[] = []

  beforeAll(async () => {
    imap = await startDovecot({ users: [{ user: USER, password: PASS }] })
    imap.createFolder(USER, 'Sent')
    imap.deliver(
      USER,
      'INBOX',
      mail({ id: 'q1@acme.example', subject: 'Where is PO 4711?', to: USER }),
      { internalDate: new Date(Date.now() - 3_600_000) },
    )
    sink = await startSmtpSink()
    t = tempDb()
    core = createCore({
      db: t.db,
      clock: { now: () => new Date() },
      version: 'test',
      migrationsFolder: clientMigrationsFolder(),
      log: silentLogger,
    })
    core.events.onAny((name, payload) => events.push({ name, payload }))
    saveMailbox(t.db, core.clock, {
      id: 'support',
      address: USER,
      displayName: 'Kontor Support',
      imap: { host: imap.host, port: imap.port, security: 'plain', user: USER },
      smtp: { host: sink.host, port: sink.port, security: 'plain', user: sink.user },
      folders: ['INBOX', 'Sent'],
    })
  })
  afterAll(async () => {
    t?.dispose()
    await sink?.stop()
    await imap?.stop()
  })

  const service = () =>
    new MailService({
      core,
      secrets: new MapSecretStore({ 'imap:support': PASS, 'smtp:support': sink.password }),
      watch: { heartbeatMs: 400, backoffBaseMs: 50, random: () => 0.5 },
      retryBaseMs: 200,
    })
  const handlers = () => createHandlers(core)
  const subjects = async () =>
    (await handlers()['tickets:list']({}, cli)).map((ticket) => ticket.subject)
  const sentCount = async () => {
    const c = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: USER, pass: PASS },
      logger: false,
    })
    await c.connect()
    const st = await c.status('Sent', { messages: true })
    await c.logout()
    return st ? (st.messages ?? 0) : -1
  }
  const named = (name: EventName) => events.filter((e) => e.name === name)

  it('syncs on start and brings newly delivered mail to tickets:list through IDLE', async () => {
    const s = service()
    s.start()
    try {
      await until(async () => (await subjects()).includes('Where is PO 4711?'), 20_000)
      await until(() => s.online(), 5000)
      expect(named('mail:connection').map((e) => e.payload)).toContainEqual({
        mailboxId: 'support',
        status: 'online',
      })
      const before = named('mail:synced').length
      imap.deliver(
        USER,
        'INBOX',
        mail({ id: 'q2@acme.example', subject: 'Backorder on SO-40012', to: USER }),
      )
      const ms = await until(async () => (await subjects()).includes('Backorder on SO-40012'), 5000)
      console.warn(`mail service: new mail listed ${ms} ms after delivery`)
      // mail:synced follows the pass's bodies, a moment after the ticket is listed.
      await until(
        () =>
          named('mail:synced')
            .slice(before)
            .some((e) => (e.payload as { newMessages: number }).newMessages > 0),
        5000,
      )
      expect(named('db:changed').length).toBeGreaterThan(0)
    } finally {
      await s.stop()
    }
    expect(named('mail:connection').at(-1)?.payload).toMatchObject({ mailboxId: 'support' })
  }, 60_000)

  it('sends a queued reply once, copies it to Sent, and the reply joins its ticket', async () => {
    const s = service()
    s.start()
    try {
      await until(() => s.online(), 20_000)
      const h = handlers()
      const ticket = must(
        (await h['tickets:list']({}, cli)).find((x) => x.subject === 'Where is PO 4711?'),
      )
      const sinkBefore = sink.dataCount()
      const queued = await h['mail:reply'](
        {
          ticketId: ticket.id,
          mailboxId: 'support',
          to: ['Buyer <buyer@acme.example>'],
          subject: 'Re: Where is PO 4711?',
          text: 'It ships today.',
        },
        cli,
      )
      await until(async () => {
        const row = (await h['mail:outbox']({}, cli)).find((r) => r.id === queued.id)
        return row?.state === 'done'
      }, 15_000)
      expect(sink.dataCount()).toBe(sinkBefore + 1)
      expect(must(sink.messages.at(-1)).raw).toContain('In-Reply-To: <q1@acme.example>')
      expect(await sentCount()).toBe(1)
      expect(named('mail:outboxChanged').map((e) => e.payload)).toContainEqual({
        id: queued.id,
        state: 'done',
      })
      // The heartbeat re-syncs Sent: the reply is part of the ticket, and nothing is resent.
      await until(async () => {
        const detail = await h['tickets:get']({ id: ticket.id }, cli)
        return detail.messages.length === 2
      }, 10_000)
      await s.drain()
      expect(sink.dataCount()).toBe(sinkBefore + 1)
    } finally {
      await s.stop()
    }
  }, 60_000)

  it('a reply queued while stopped goes out when the service comes back online', async () => {
    const h = handlers()
    const ticket = must(
      (await h['tickets:list']({}, cli)).find((x) => x.subject === 'Backorder on SO-40012'),
    )
    const queued = await h['mail:reply'](
      {
        ticketId: ticket.id,
        mailboxId: 'support',
        to: ['buyer@acme.example'],
        subject: 'Re: Backorder on SO-40012',
        text: 'Confirmed for next week.',
      },
      cli,
    )
    const sinkBefore = sink.dataCount()
    await new Promise((r) => setTimeout(r, 300))
    expect(sink.dataCount()).toBe(sinkBefore)
    const s = service()
    s.start()
    try {
      await until(async () => {
        const row = (await h['mail:outbox']({}, cli)).find((r) => r.id === queued.id)
        return row?.state === 'done'
      }, 20_000)
      expect(sink.dataCount()).toBe(sinkBefore + 1)
      expect(await sentCount()).toBe(2)
    } finally {
      await s.stop()
    }
  }, 60_000)

  it('a mailbox without its password is reported offline, and its replies are held, not marked sending', async () => {
    const s = new MailService({ core, secrets: new MapSecretStore({}) })
    const before = named('mail:connection').length
    s.start()
    try {
      expect(
        named('mail:connection')
          .slice(before)
          .map((e) => e.payload),
      ).toEqual([{ mailboxId: 'support', status: 'offline' }])
      expect(s.online()).toBe(false)
    } finally {
      await s.stop()
    }
    // IMAP works, SMTP has no password: online, but the reply waits untouched.
    const imapOnly = new MailService({
      core,
      secrets: new MapSecretStore({ 'imap:support': PASS }),
      watch: { heartbeatMs: 400, backoffBaseMs: 50, random: () => 0.5 },
    })
    imapOnly.start()
    try {
      await until(() => imapOnly.online(), 20_000)
      const h = handlers()
      const ticket = must((await h['tickets:list']({}, cli))[0])
      const queued = await h['mail:reply'](
        {
          ticketId: ticket.id,
          mailboxId: 'support',
          to: ['buyer@acme.example'],
          subject: 'Re: held',
          text: 'Held until the password is set.',
        },
        cli,
      )
      await imapOnly.drain()
      const row = (await h['mail:outbox']({}, cli)).find((r) => r.id === queued.id)
      expect(row).toMatchObject({ state: 'queued', attempts: 0 })
      expect(row?.lastError).toMatch(/smtp/i)
    } finally {
      await imapOnly.stop()
    }
  }, 60_000)
})
