import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src/main/core/logger'
import { generateMailbox } from '../../../src/main/demo/mail-generator'
import { loadMailbox, saveMailbox } from '../../../src/main/mail/mailboxes'
import { ParserPool } from '../../../src/main/mail/parser'
import { MapSecretStore } from '../../../src/main/mail/secrets'
import { MailboxSync } from '../../../src/main/mail/sync'
import { normaliseMessageId } from '../../../src/shared/mail/message-id'
import { startDovecot, type DovecotServer } from '../../helpers/dovecot'
import { fixedClock, must, tempDb } from '../../helpers/mail-db'

const USER = 'plan'
const PASS = 'pw-plan'

/** Text as a reader sees it: line ends, trailing blanks and the ends of the body do not count. */
const norm = (s: string | null | undefined) =>
  (s ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim()

const words = (s: string | null | undefined) => (s ?? '').replace(/[\s>]+/g, '')

/**
 * Phase 2 fetches only the text and HTML parts named by BODYSTRUCTURE and decodes them itself.
 * It must arrive at what the full MIME parser makes of the whole source, for the generated
 * B2B corpus (legacy charsets, quoted-printable, base64, HTML, attachments) and hand-made
 * edge cases; the malformed corpus still goes the full way.
 */
describe('phase 2 from the body plan', () => {
  let server: DovecotServer
  let parser: ParserPool
  const t = tempDb()
  const raws = new Map<string, Buffer>()

  beforeAll(async () => {
    server = await startDovecot({ users: [{ user: USER, password: PASS }] })
    parser = new ParserPool()
    server.createFolder(USER, 'Sent')
    let n = 0
    for (const m of generateMailbox({
      seed: 'body-plan',
      now: new Date('2026-11-27T09:30:00Z'),
      threads: 120,
    })) {
      server.deliver(USER, m.folder, m.raw, { internalDate: m.internalDate })
      raws.set(must(normaliseMessageId(m.messageId)), m.raw)
      if (++n >= 300) break
    }
    const extra: [string, string][] = [
      [
        'flowed@plan.test',
        'Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\r\n\r\nA long line that was \r\nwrapped by the sender.\r\n> quoted and \r\n> flowed\r\n',
      ],
      [
        'html-only@plan.test',
        'Content-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>Lieferung versp=E4tet &amp; Teil=\r\nlieferung</p><ul><li>Palette 3</li></ul>\r\n',
      ],
      [
        'b64@plan.test',
        `Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from('Grüße aus Köln – Rechnung 4711 ✓\n').toString('base64')}\r\n--b\r\nContent-Type: application/pdf; name="Rechnung 4711.pdf"\r\nContent-Disposition: attachment; filename="Rechnung 4711.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.alloc(3000, 7).toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--b--\r\n`,
      ],
      [
        'cp1252@plan.test',
        'Content-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nPreis =80 99 =96 =84Sonderpreis=93\r\n',
      ],
      [
        'sjis@plan.test',
        `Content-Type: text/plain; charset=shift_jis\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from([0x82, 0xa0, 0x82, 0xa2, 0x82, 0xa4]).toString('base64')}\r\n`,
      ],
    ]
    for (const [id, rest] of extra) {
      const raw = Buffer.from(
        `From: Kunde <k@acme.example>\r\nTo: support@kontor.test\r\nSubject: ${id}\r\nMessage-ID: <${id}>\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n${rest}`,
        'latin1',
      )
      server.deliver(USER, 'INBOX', raw)
      raws.set(id, raw)
    }
    const dir = join(__dirname, '../../fixtures/mail/malformed')
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.eml')))
      server.deliver(USER, 'INBOX', readFileSync(join(dir, f)))
    saveMailbox(t.db, fixedClock(), {
      id: 'support',
      address: 'support@kontor.test',
      imap: { host: server.host, port: server.port, security: 'plain', user: USER },
      folders: ['INBOX', 'Sent'],
    })
  }, 60_000)
  afterAll(async () => {
    await parser?.close()
    await server?.stop()
    t.dispose()
  })

  it('stores the same text, HTML and attachment list as a full parse', async () => {
    const sync = new MailboxSync({
      db: t.db,
      mailbox: must(loadMailbox(t.db, 'support')),
      secrets: new MapSecretStore({ 'imap:support': PASS }),
      clock: fixedClock(),
      log: silentLogger,
      parser,
    })
    await sync.syncOnce()
    const rows = t.db.sqlite
      .prepare(
        `SELECT m.message_id AS id, m.body_plan AS plan, b.text, b.html, b.attachments, m.body_status AS status
           FROM mail_messages m JOIN mail_bodies b ON b.message_row_id = m.id`,
      )
      .all() as {
      id: string | null
      plan: string | null
      text: string | null
      html: string | null
      attachments: string
      status: string
    }[]
    const planned = rows.filter((r) => r.plan !== null)
    // Nearly all ordinary mail goes the short way; the malformed corpus mostly does not.
    expect(planned.length).toBeGreaterThanOrEqual(300)
    let compared = 0
    for (const row of planned) {
      const raw = row.id ? raws.get(row.id) : undefined
      if (!raw) continue
      const full = await parser.parse(raw)
      expect(row.status, row.id ?? '').toBe('done')
      const plan = JSON.parse(row.plan as string) as {
        text: { kind: string; flowed?: boolean }[]
      }
      if (!plan.text.some((p) => p.kind === 'text') && plan.text.length > 0)
        // HTML only: the parser gives no text at all; ours is the HTML rendered as text.
        expect(norm(row.text).length, row.id ?? '').toBeGreaterThan(0)
      else if (plan.text.some((p) => p.flowed))
        // format=flowed: same words in the same order; line structure is ours (RFC 3676 §4.5
        // quote depth), where the parser runs quoted paragraphs together.
        expect(words(row.text), row.id ?? '').toBe(words(full.text))
      else expect(norm(row.text), row.id ?? '').toBe(norm(full.text))
      if (row.html !== null) expect(norm(row.html), row.id ?? '').toBe(norm(full.html))
      const ours = JSON.parse(row.attachments) as {
        filename: string | null
        mimeType: string
        size: number
      }[]
      expect(
        ours.map((a) => [a.filename, a.mimeType]),
        row.id ?? '',
      ).toEqual(full.attachments.map((a) => [a.filename, a.mimeType]))
      ours.forEach((a, i) => {
        const size = full.attachments[i]?.size ?? 0
        expect(Math.abs(a.size - size), row.id ?? '').toBeLessThanOrEqual(Math.max(8, size * 0.03))
      })
      compared++
    }
    expect(compared).toBeGreaterThanOrEqual(300)
    // The hand-made cases say what they are about.
    const text = (id: string) => norm(rows.find((r) => r.id === id)?.text)
    expect(text('flowed@plan.test')).toBe(
      'A long line that waswrapped by the sender.\n> quoted andflowed',
    )
    expect(text('html-only@plan.test')).toContain('Lieferung verspätet & Teillieferung')
    expect(text('b64@plan.test')).toBe('Grüße aus Köln – Rechnung 4711 ✓')
    expect(text('cp1252@plan.test')).toBe('Preis € 99 – „Sonderpreis“')
    expect(text('sjis@plan.test')).toBe('あいう')
    // Searchable once the body is in.
    const hits = t.db.sqlite
      .prepare(`SELECT count(*) FROM mail_fts WHERE mail_fts MATCH '"verspätet"'`)
      .pluck()
      .get() as number
    expect(hits).toBeGreaterThanOrEqual(1)
    await sync.close()
  }, 120_000)

  it('writes the same store through the writer thread as on the sync thread', async () => {
    const other = tempDb()
    try {
      saveMailbox(other.db, fixedClock(), {
        id: 'support',
        address: 'support@kontor.test',
        imap: { host: server.host, port: server.port, security: 'plain', user: USER },
        folders: ['INBOX', 'Sent'],
      })
      const sync = new MailboxSync({
        db: other.db,
        mailbox: must(loadMailbox(other.db, 'support')),
        secrets: new MapSecretStore({ 'imap:support': PASS }),
        clock: fixedClock(),
        log: silentLogger,
        parser,
        writerThreshold: 0,
        envelopeBatch: 37,
        // Store transactions spanning several fetches (and a remainder).
        envelopeStoreBatch: 101,
        bodyBatch: 41,
      })
      const result = await sync.syncOnce()
      expect(result.folders.reduce((n, f) => n + f.newMessages, 0)).toBe(raws.size + 11)
      await sync.close()
      const snapshot = (db: typeof t.db) =>
        db.sqlite
          .prepare(
            `SELECT m.identity, m.ticket_id, m.body_status, m.direction, b.text, b.html, b.attachments,
                    (SELECT group_concat(f.path || ':' || p.uid) FROM mail_placements p JOIN mail_folders f ON f.id = p.folder_id
                      WHERE p.message_row_id = m.id) AS placements
               FROM mail_messages m LEFT JOIN mail_bodies b ON b.message_row_id = m.id ORDER BY m.identity`,
          )
          .all()
      expect(snapshot(other.db)).toEqual(snapshot(t.db))
      // The writer thread stores a bulk sync's link keys after the tickets (ThreadMirror):
      // the same keys, join reasons and tickets in the end.
      const threading = (db: typeof t.db) => ({
        keys: db.sqlite
          .prepare(
            `SELECT k.key, m.identity FROM mail_thread_keys k JOIN mail_messages m ON m.id = k.message_row_id
              ORDER BY k.key, m.identity`,
          )
          .all(),
        joins: db.sqlite
          .prepare('SELECT identity, join_reason, join_detail FROM mail_messages ORDER BY identity')
          .all(),
        tickets: db.sqlite.prepare('SELECT * FROM mail_tickets ORDER BY id').all(),
        dirty: db.sqlite.prepare('SELECT count(*) FROM mail_thread_dirty').pluck().get(),
      })
      expect(threading(other.db)).toEqual(threading(t.db))
      expect(threading(other.db).keys.length).toBeGreaterThan(raws.size)
      const cursors = (db: typeof t.db) =>
        db.sqlite
          .prepare('SELECT path, last_uid, highest_modseq FROM mail_folders ORDER BY path')
          .all()
      expect(cursors(other.db)).toEqual(cursors(t.db))
      expect(other.db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    } finally {
      other.dispose()
    }
  }, 120_000)
})
