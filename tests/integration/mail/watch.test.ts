import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src/main/core/logger'
import { loadMailbox, saveMailbox } from '../../../src/main/mail/mailboxes'
import { MapSecretStore } from '../../../src/main/mail/secrets'
import { MailboxSync } from '../../../src/main/mail/sync'
import { MailboxWatcher } from '../../../src/main/mail/watch'
import { startDovecot, type DovecotServer } from '../../helpers/dovecot'
import { fixedClock, mail, must, tempDb } from '../../helpers/mail-db'

const USER = 'watch@kontor.test'
const PASS = 'watch-secret'

async function until(cond: () => boolean, timeoutMs: number): Promise<number> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 10))
  }
  return Date.now() - t0
}

describe('IDLE watcher', () => {
  let server: DovecotServer
  let t: ReturnType<typeof tempDb>
  beforeAll(async () => {
    server = await startDovecot({ users: [{ user: USER, password: PASS }] })
    server.createFolder(USER, 'Sent')
    t = tempDb()
    saveMailbox(t.db, fixedClock(), {
      id: 'support',
      address: USER,
      imap: { host: server.host, port: server.port, security: 'plain', user: USER },
      folders: ['INBOX', 'Sent'],
    })
  })
  afterAll(async () => {
    t?.dispose()
    await server?.stop()
  })

  it('delivers new mail through IDLE, reconnects with a new client after the server drops it, and catches up', async () => {
    const sync = new MailboxSync({
      db: t.db,
      mailbox: must(loadMailbox(t.db, 'support')),
      secrets: new MapSecretStore({ 'imap:support': PASS }),
      clock: fixedClock(),
      log: silentLogger,
    })
    const statuses: string[] = []
    const watcher = new MailboxWatcher(sync, ['INBOX', 'Sent'], {
      log: silentLogger,
      heartbeatMs: 500,
      backoffBaseMs: 50,
      random: () => 0.5,
      onStatus: (s) => statuses.push(s),
    })
    const subjects = () =>
      (
        t.db.sqlite.prepare('SELECT subject FROM mail_tickets ORDER BY subject').all() as {
          subject: string
        }[]
      ).map((r) => r.subject)
    const running = watcher.start()
    try {
      await until(() => statuses.includes('online'), 20_000)
      await new Promise((r) => setTimeout(r, 200))
      server.deliver(USER, 'INBOX', mail({ id: 'idle-1@acme.example', subject: 'Pushed by IDLE' }))
      const ms = await until(() => subjects().includes('Pushed by IDLE'), 2000).catch(
        (e: Error) => {
          throw new Error(e.message + ' statuses=' + statuses.join(','))
        },
      )
      console.warn(`IDLE: ticket listed ${ms} ms after delivery`)

      // The server drops the connection (doveadm kick); mail arrives while we are away.
      execFileSync('doveadm', ['-c', join(server.dir, 'dovecot.conf'), 'kick', USER])
      await until(() => statuses.includes('offline'), 10_000)
      server.deliver(
        USER,
        'INBOX',
        mail({ id: 'idle-2@acme.example', subject: 'Arrived while offline' }),
      )
      await until(() => subjects().includes('Arrived while offline'), 10_000)
      await until(() => statuses.filter((s) => s === 'online').length >= 2, 10_000)
      expect(statuses.slice(0, 5)).toEqual([
        'connecting',
        'online',
        'offline',
        'connecting',
        'online',
      ])

      // Sent is not IDLEd: it is picked up at the heartbeat.
      server.deliver(
        USER,
        'Sent',
        mail({ id: 'sent-1@kontor.test', from: USER, subject: 'Outgoing note' }),
      )
      await until(() => subjects().includes('Outgoing note'), 5000)
    } finally {
      await watcher.stop()
      await running
      await sync.close()
    }
  })
})
