import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core/core'
import { silentLogger } from '../../../src/main/core/logger'
import { dispatch } from '../../../src/main/core/dispatch'
import { saveAttachment } from '../../../src/main/mail/attachments'
import { loadMailbox, saveMailbox } from '../../../src/main/mail/mailboxes'
import { MapSecretStore } from '../../../src/main/mail/secrets'
import { MailboxSync } from '../../../src/main/mail/sync'
import { clientMigrationsFolder } from '../../../src/main/paths'
import { createHandlers } from '../../../src/main/services/handlers'
import { startDovecot, type DovecotServer } from '../../helpers/dovecot'
import { tempDir } from '../../helpers/core'
import { fixedClock, must, tempDb } from '../../helpers/mail-db'

const USER = 'dl@kontor.test'
const PASS = 'dl-secret'
const secrets = new MapSecretStore({ 'imap:support': PASS })
/** 6 MiB of random bytes: base64 on the wire is about 8.2 MB, far above one FETCH chunk. */
const BIG = randomBytes(6 * 1024 * 1024)

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

function message(id: string, parts: { name: string; type: string; body: Buffer }[]): string {
  const b64 = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\r\n')
  return [
    'From: Katrin Vogel <katrin.vogel@hallberg-group.example>',
    `To: ${USER}`,
    `Subject: Drawings ${id}`,
    `Message-ID: <${id}@hallberg-group.example>`,
    'Date: Fri, 27 Nov 2026 08:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="B"',
    '',
    '--B',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Attached.',
    ...parts.flatMap((p) => [
      '--B',
      `Content-Type: ${p.type}; name="${p.name}"`,
      `Content-Disposition: attachment; filename="${p.name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      b64(p.body),
    ]),
    '--B--',
    '',
  ].join('\r\n')
}

describe('attachment download from Dovecot', () => {
  let server: DovecotServer
  let t: ReturnType<typeof tempDb>
  const out = tempDir('kontor-dl-')
  const rows = new Map<string, number>()

  beforeAll(async () => {
    server = await startDovecot({ users: [{ user: USER, password: PASS }] })
    server.deliver(
      USER,
      'INBOX',
      message('big', [{ name: 'scan.tif', type: 'image/tiff', body: BIG }]),
    )
    server.deliver(
      USER,
      'INBOX',
      message('small', [
        {
          name: 'Angebot 2026-0042.pdf',
          type: 'application/pdf',
          body: Buffer.from('%PDF-1.4 offer'),
        },
        { name: 'CON.txt', type: 'text/plain', body: Buffer.from('device name') },
      ]),
    )
    server.deliver(
      USER,
      'INBOX',
      message('doomed', [{ name: 'gone.csv', type: 'text/csv', body: Buffer.from('a;b') }]),
    )
    t = tempDb()
    saveMailbox(t.db, fixedClock(), {
      id: 'support',
      address: USER,
      imap: { host: server.host, port: server.port, security: 'plain', user: USER },
      folders: ['INBOX'],
    })
    const sync = new MailboxSync({
      db: t.db,
      mailbox: must(loadMailbox(t.db, 'support')),
      secrets,
      clock: fixedClock(),
      log: silentLogger,
    })
    await sync.syncOnce()
    await sync.close()
    for (const r of t.db.sqlite.prepare('SELECT id, message_id AS m FROM mail_messages').all() as {
      id: number
      m: string
    }[])
      rows.set(r.m.split('@')[0] as string, r.id)
  }, 60_000)

  afterAll(async () => {
    t?.dispose()
    out.dispose()
    await server?.stop()
  })

  it('streams a multi-MB attachment to disk, byte for byte', async () => {
    const heapBefore = process.memoryUsage().heapUsed
    const t0 = Date.now()
    const saved = await saveAttachment({
      db: t.db,
      secrets,
      messageRowId: must(rows.get('big')),
      index: 0,
      dir: out.dir,
    })
    const ms = Date.now() - t0
    expect(saved).toMatchObject({ fileName: 'scan.tif', bytes: BIG.length, mimeType: 'image/tiff' })
    expect(sha(readFileSync(saved.path))).toBe(sha(BIG))
    // No temp file is left beside it.
    expect(readdirSync(out.dir)).toEqual(['scan.tif'])
    process.stdout.write(
      `attachment download: ${(BIG.length / 1024 / 1024).toFixed(1)} MiB in ${ms} ms, heap +${(
        (process.memoryUsage().heapUsed - heapBefore) /
        1024 /
        1024
      ).toFixed(1)} MiB\n`,
    )
  }, 60_000)

  it('never overwrites: the same attachment twice, and a name taken by another file', async () => {
    const id = must(rows.get('small'))
    writeFileSync(join(out.dir, 'Angebot 2026-0042.pdf'), 'mine, not the mail’s')
    const a = await saveAttachment({ db: t.db, secrets, messageRowId: id, index: 0, dir: out.dir })
    const b = await saveAttachment({ db: t.db, secrets, messageRowId: id, index: 0, dir: out.dir })
    expect([a.fileName, b.fileName]).toEqual([
      'Angebot 2026-0042 (1).pdf',
      'Angebot 2026-0042 (2).pdf',
    ])
    expect(readFileSync(join(out.dir, 'Angebot 2026-0042.pdf'), 'utf8')).toBe(
      'mine, not the mail’s',
    )
    expect(readFileSync(a.path, 'utf8')).toBe('%PDF-1.4 offer')
    const device = await saveAttachment({
      db: t.db,
      secrets,
      messageRowId: id,
      index: 1,
      dir: out.dir,
    })
    expect(device.fileName).toBe('_CON.txt')
    expect(readFileSync(device.path, 'utf8')).toBe('device name')
  })

  it('refuses an attachment above the size limit and leaves nothing behind', async () => {
    const before = readdirSync(out.dir).sort()
    await expect(
      saveAttachment({
        db: t.db,
        secrets,
        messageRowId: must(rows.get('big')),
        index: 0,
        dir: out.dir,
        maxBytes: 1024 * 1024,
      }),
    ).rejects.toMatchObject({ code: 'E_TOO_LARGE' })
    expect(readdirSync(out.dir).sort()).toEqual(before)
  })

  it('a message expunged on the server since the last sync: a clear error asking for a resync', async () => {
    const client = new ImapFlow({
      host: server.host,
      port: server.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: USER, pass: PASS },
      logger: false,
    })
    await client.connect()
    const lock = await client.getMailboxLock('INBOX')
    try {
      const uid = (
        t.db.sqlite
          .prepare('SELECT uid FROM mail_placements WHERE message_row_id = ?')
          .get(must(rows.get('doomed'))) as { uid: number }
      ).uid
      expect(await client.messageDelete(String(uid), { uid: true })).toBe(true)
    } finally {
      lock.release()
      await client.logout()
    }
    const before = readdirSync(out.dir).sort()
    await expect(
      saveAttachment({
        db: t.db,
        secrets,
        messageRowId: must(rows.get('doomed')),
        index: 0,
        dir: out.dir,
      }),
    ).rejects.toMatchObject({ code: 'E_NOT_FOUND', message: expect.stringMatching(/resync/) })
    expect(readdirSync(out.dir).sort()).toEqual(before)
  })

  it('a folder renumbered on the server (UIDVALIDITY changed): the UID is not trusted', async () => {
    t.db.sqlite.prepare("UPDATE mail_folders SET uid_validity = '1' WHERE path = 'INBOX'").run()
    try {
      await expect(
        saveAttachment({
          db: t.db,
          secrets,
          messageRowId: must(rows.get('small')),
          index: 0,
          dir: out.dir,
        }),
      ).rejects.toMatchObject({
        code: 'E_CONFLICT',
        message: expect.stringMatching(/moved.*resync/),
      })
    } finally {
      // Put the real value back for the next test.
      const client = new ImapFlow({
        host: server.host,
        port: server.port,
        secure: false,
        doSTARTTLS: false,
        auth: { user: USER, pass: PASS },
        logger: false,
      })
      await client.connect()
      const status = await client.status('INBOX', { uidValidity: true })
      await client.logout()
      t.db.sqlite
        .prepare("UPDATE mail_folders SET uid_validity = ? WHERE path = 'INBOX'")
        .run(String(status ? status.uidValidity : ''))
    }
  })

  it('mail:saveAttachment saves into <data dir>/attachments through the handler table', async () => {
    const core = createCore({
      db: t.db,
      clock: fixedClock(),
      version: 'test',
      migrationsFolder: clientMigrationsFolder(),
      secrets,
    })
    const handlers = createHandlers(core)
    const caller = { transport: 'web' as const, trusted: true }
    const r = await dispatch(
      handlers,
      'mail:saveAttachment',
      { messageRowId: must(rows.get('small')), index: 0 },
      caller,
    )
    const folder = join(t.path, '..', 'attachments')
    expect(r).toMatchObject({
      ok: true,
      data: { saved: true, fileName: 'Angebot 2026-0042.pdf', bytes: 14 },
    })
    expect(existsSync(join(folder, 'Angebot 2026-0042.pdf'))).toBe(true)
    const missing = await dispatch(
      handlers,
      'mail:saveAttachment',
      { messageRowId: must(rows.get('small')), index: 7 },
      caller,
    )
    expect(missing).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND' } })
  })
})
