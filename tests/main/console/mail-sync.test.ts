/**
 * The whole path of a new mail to the queues, with the real mail engine against Dovecot: the
 * sync re-threads incrementally and names the changed ticket on `db:changed`, and the queue
 * service re-reads just that ticket (no whole mail read), then announces it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../../src/main/core/core'
import { silentLogger } from '../../../src/main/core/logger'
import { saveMailbox } from '../../../src/main/mail/mailboxes'
import { MapSecretStore } from '../../../src/main/mail/secrets'
import { clientMigrationsFolder } from '../../../src/main/paths'
import { MailService } from '../../../src/main/services/mail-service'
import { startDovecot, type DovecotServer } from '../../helpers/dovecot'
import { mail, tempDb } from '../../helpers/mail-db'

const USER = 'support@kontor.test'
const PASS = 'imap-secret'

async function until(cond: () => boolean, timeoutMs: number): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('queues after a real mail sync', () => {
  let imap: DovecotServer
  let t: ReturnType<typeof tempDb>
  let core: Core
  let service: MailService | null = null

  beforeAll(async () => {
    imap = await startDovecot({ users: [{ user: USER, password: PASS }] })
    imap.createFolder(USER, 'Sent')
    for (let i = 0; i < 5; i++)
      imap.deliver(
        USER,
        'INBOX',
        mail({ id: `q${i}@acme.example`, subject: `Question ${i}`, to: USER }),
        { internalDate: new Date(Date.now() - (i + 1) * 3_600_000) },
      )
    t = tempDb()
    core = createCore({
      db: t.db,
      clock: { now: () => new Date() },
      version: 'test',
      migrationsFolder: clientMigrationsFolder(),
      log: silentLogger,
    })
    saveMailbox(t.db, core.clock, {
      id: 'support',
      address: USER,
      displayName: 'Support',
      imap: { host: imap.host, port: imap.port, security: 'plain', user: USER },
      folders: ['INBOX', 'Sent'],
    })
  })
  afterAll(async () => {
    await service?.stop()
    core?.queues.dispose()
    t?.dispose()
    await imap?.stop()
  })

  it('a follow-up re-reads just its ticket', async () => {
    const ids: (string[] | undefined)[] = []
    const changed: (string[] | undefined)[] = []
    core.events.on('db:changed', (e) => {
      if (e.tables.includes('mail_tickets')) ids.push(e.ticketIds)
    })
    service = new MailService({
      core,
      secrets: new MapSecretStore({ 'imap:support': PASS }),
      watch: { heartbeatMs: 400, backoffBaseMs: 50, random: () => 0.5 },
    })
    let synced = 0
    core.events.on('mail:synced', () => synced++)
    service.start()
    await until(() => core.queues.queues().queues[0]?.count === 5, 20_000)
    // The first pass ends (bodies included) before the follow-up arrives.
    await until(() => synced > 0, 20_000)
    core.queues.queues()
    const base = { ...core.queues.stats }
    const syncedBefore = synced
    core.events.on('console:changed', (e) => changed.push(e.ticketIds))
    ids.length = 0
    imap.deliver(
      USER,
      'INBOX',
      mail({
        id: 'q2-again@acme.example',
        subject: 'Re: Question 2',
        to: USER,
        inReplyTo: 'q2@acme.example',
        references: '<q2@acme.example>',
      }),
      { internalDate: new Date(Date.now() - 60_000) },
    )
    // IDLE brings the mail; the service re-reads right after the event, unasked.
    await until(() => changed.length > 0, 20_000)
    const ticket = t.db.sqlite
      .prepare("SELECT id FROM mail_tickets WHERE subject = 'Question 2'")
      .pluck()
      .get() as string
    expect(ids[0]).toEqual([ticket])
    expect(changed[0]).toEqual([ticket])
    expect(core.queues.stats.mailReads).toBe(base.mailReads)
    expect(core.queues.stats.ticketReads).toBe(base.ticketReads + 1)
    // The pass's mail:synced finds the placements as expected (the re-read accounted for them).
    await until(() => synced > syncedBefore, 20_000)
    core.queues.queues()
    expect(core.queues.stats.placementReads).toBe(base.placementReads)
    expect(core.queues.stats.mailReads).toBe(base.mailReads)
    const row = core.queues.tickets({ queue: 'all' }).rows.find((r) => r.id === ticket)
    expect(Date.parse(row?.lastMessageAt ?? '')).toBeGreaterThan(Date.now() - 120_000)
  })
})
