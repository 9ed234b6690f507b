import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src/main/core/logger'
import { downloadAttachment } from '../../../src/main/mail/attachments'
import { loadMailbox, saveMailbox } from '../../../src/main/mail/mailboxes'
import { MapSecretStore } from '../../../src/main/mail/secrets'
import { MailboxSync } from '../../../src/main/mail/sync'
import { startDovecot, type DovecotServer } from '../../helpers/dovecot'
import { fixedClock, must, tempDb } from '../../helpers/mail-db'

const USER = 'att@kontor.test'
const PASS = 'att-secret'
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n'),
  Buffer.alloc(300_000, 0x41),
  Buffer.from('\n%%EOF\n'),
])

function withAttachments(): string {
  const b64 = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\r\n')
  return [
    'From: buyer@acme.example',
    'To: att@kontor.test',
    'Subject: Drawing and a hostile name',
    'Message-ID: <att-1@acme.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="B"',
    '',
    '--B',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Please find the drawing attached.',
    '--B',
    'Content-Type: application/pdf; name="drawing.pdf"',
    'Content-Disposition: attachment; filename="drawing.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    b64(PDF),
    '--B',
    'Content-Type: text/plain; name="../../etc/passwd"',
    'Content-Disposition: attachment; filename="../../etc/passwd"',
    '',
    'not really',
    '--B--',
    '',
  ].join('\r\n')
}

describe('attachments on demand', () => {
  let server: DovecotServer
  let t: ReturnType<typeof tempDb>
  let dir: string
  beforeAll(async () => {
    server = await startDovecot({ users: [{ user: USER, password: PASS }] })
    server.deliver(USER, 'INBOX', withAttachments())
    t = tempDb()
    dir = mkdtempSync(join(tmpdir(), 'kontor-att-'))
    saveMailbox(t.db, fixedClock(), {
      id: 'support',
      address: USER,
      imap: { host: server.host, port: server.port, security: 'plain', user: USER },
      folders: ['INBOX'],
    })
  })
  afterAll(async () => {
    t?.dispose()
    rmSync(dir, { recursive: true, force: true })
    await server?.stop()
  })

  it('are listed after sync but not stored, and stream to disk under a safe name when asked', async () => {
    const sync = new MailboxSync({
      db: t.db,
      mailbox: must(loadMailbox(t.db, 'support')),
      secrets: new MapSecretStore({ 'imap:support': PASS }),
      clock: fixedClock(),
      log: silentLogger,
    })
    await sync.syncOnce()
    const row = t.db.sqlite
      .prepare(
        'SELECT m.id, m.has_attachments h, b.attachments a FROM mail_messages m JOIN mail_bodies b ON b.message_row_id = m.id',
      )
      .get() as {
      id: number
      h: number
      a: string
    }
    expect(row.h).toBe(1)
    // The listed size is the parser's decoded size or BODYSTRUCTURE's encoded one, by sync path.
    const listed = JSON.parse(row.a) as { filename: string; mimeType: string }[]
    expect(listed.map((a) => [a.filename, a.mimeType])).toEqual([
      ['drawing.pdf', 'application/pdf'],
      ['../../etc/passwd', 'text/plain'],
    ])
    const client = sync.newClient()
    await client.connect()
    try {
      const pdf = await downloadAttachment({
        db: t.db,
        client,
        messageRowId: row.id,
        index: 0,
        dir,
      })
      expect(pdf.path).toBe(join(dir, 'drawing.pdf'))
      expect(readFileSync(pdf.path).equals(PDF)).toBe(true)
      const again = await downloadAttachment({
        db: t.db,
        client,
        messageRowId: row.id,
        index: 0,
        dir,
      })
      expect(again.path).toBe(join(dir, 'drawing (1).pdf'))
      const hostile = await downloadAttachment({
        db: t.db,
        client,
        messageRowId: row.id,
        index: 1,
        dir,
      })
      expect(dirname(hostile.path)).toBe(dir)
      expect(readFileSync(hostile.path, 'utf8').trim()).toBe('not really')
      await expect(
        downloadAttachment({ db: t.db, client, messageRowId: row.id, index: 5, dir }),
      ).rejects.toMatchObject({
        code: 'E_NOT_FOUND',
      })
    } finally {
      await client.logout()
      await sync.close()
    }
  })
})
