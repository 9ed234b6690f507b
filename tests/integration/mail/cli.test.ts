import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/open'
import { searchMail } from '../../../src/main/mail/search'
import { saveMailbox } from '../../../src/main/mail/mailboxes'
import { MailStore } from '../../../src/main/mail/store'
import { rebuildTickets } from '../../../src/main/mail/tickets'
import { clientMigrationsFolder, findProjectRoot } from '../../../src/main/paths'
import { fixedClock } from '../../../src/shared/clock'
import { envelope } from '../../main/mail/fixtures'
import { startDovecot, type DovecotServer } from '../../helpers/dovecot'
import { mail, must, tempDb } from '../../helpers/mail-db'

const ROOT = findProjectRoot(__dirname)
const PASS = 'cli-secret'

function kontor(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [join(ROOT, 'bin/kontor.js'), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

async function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const child = kontor(args, env)
  let out = ''
  let err = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)))
  return { code, out, err }
}

interface TicketJson {
  id: string
  subject: string
  accountId: string | null
  status: string
  messageCount: number
  messageIds: string[]
  lastMessageAt: string
}

describe('kontor sync / tickets / search / accounts import', () => {
  let server: DovecotServer
  let t: ReturnType<typeof tempDb>
  let n = 0
  let user = ''
  beforeAll(async () => {
    server = await startDovecot({
      users: Array.from({ length: 4 }, (_, i) => ({ user: `cli${i}@kontor.test`, password: PASS })),
    })
  })
  afterAll(async () => {
    await server?.stop()
  })
  beforeEach(() => {
    user = `cli${n++}@kontor.test`
    server.createFolder(user, 'Sent')
    t = tempDb()
  })
  afterEach(() => t.dispose())

  const imapUrl = () => `imap://${encodeURIComponent(user)}@127.0.0.1:${server.port}`
  const env = { KONTOR_IMAP_PASSWORD: PASS }

  it('syncs, maps accounts, lists tickets and searches, all as JSON', async () => {
    const d = (s: string) => new Date(s)
    server.deliver(
      user,
      'INBOX',
      mail({
        id: 'a1@acme.example',
        from: 'Anna Buyer <anna@acme.example>',
        subject: 'Bestellung PO 4711: Liefertermin',
        body: 'Wann kommt die Palette?',
      }),
      { internalDate: d('2026-11-02T09:00:00Z') },
    )
    server.deliver(
      user,
      'Sent',
      mail({
        id: 'r1@kontor.test',
        from: `Support <${user}>`,
        to: 'anna@acme.example',
        subject: 'AW: Bestellung PO 4711: Liefertermin',
        inReplyTo: 'a1@acme.example',
        references: '<a1@acme.example>',
      }),
      { internalDate: d('2026-11-02T10:00:00Z') },
    )
    server.deliver(
      user,
      'INBOX',
      mail({
        id: 'x1@gmail.com',
        from: 'Private <someone@gmail.com>',
        subject: 'Catalogue request',
      }),
      { internalDate: d('2026-11-03T09:00:00Z') },
    )
    server.deliver(
      user,
      'INBOX',
      mail({
        id: 'b1@bolt.example',
        from: 'Bo <bo@bolt.example>',
        subject: 'Invoice INV-2026-001 wrong VAT',
      }),
      { internalDate: d('2026-11-04T09:00:00Z') },
    )
    const accountsFile = join(t.path, '..', 'accounts.json')
    writeFileSync(
      accountsFile,
      JSON.stringify([
        {
          id: 'acc-acme',
          name: 'ACME GmbH',
          domains: [],
          contacts: [{ email: 'anna@acme.example', name: 'Anna Buyer', role: 'buyer' }],
        },
        { id: 'acc-bolt', name: 'Bolt AB', domains: ['bolt.example', 'gmail.com'], contacts: [] },
      ]),
    )
    const imported = await run(['accounts', 'import', '--db', t.path, accountsFile, '--json'])
    expect(imported.code).toBe(0)
    expect(JSON.parse(imported.out)).toMatchObject({ accounts: 2, contacts: 1 })

    const synced = await run(
      ['sync', '--db', t.path, '--imap', imapUrl(), '--folders', 'INBOX,Sent', '--once', '--json'],
      env,
    )
    expect(synced.err).toBe('')
    expect(synced.code).toBe(0)
    expect(JSON.parse(synced.out)).toMatchObject({ tickets: 3, bodies: 4 })
    expect(synced.out + synced.err).not.toContain(PASS)

    const listed = await run(['tickets', '--db', t.path, '--json'])
    expect(listed.code).toBe(0)
    const tickets = JSON.parse(listed.out) as TicketJson[]
    const bySubject = Object.fromEntries(tickets.map((x) => [x.subject, x]))
    expect(must(bySubject['Bestellung PO 4711: Liefertermin'])).toMatchObject({
      accountId: 'acc-acme',
      status: 'waiting',
      messageCount: 2,
      messageIds: ['<a1@acme.example>', '<r1@kontor.test>'],
      lastMessageAt: '2026-11-02T10:00:00.000Z',
    })
    expect(must(bySubject['Catalogue request']).accountId).toBeNull() // free-mail: Triage
    expect(must(bySubject['Invoice INV-2026-001 wrong VAT']).accountId).toBe('acc-bolt')
    for (const x of tickets) expect(x.id).toMatch(/^t_[0-9a-f]{24}$/)

    const found = await run(['search', '--db', t.path, '--json', 'palette'])
    expect(found.code).toBe(0)
    const hits = JSON.parse(found.out) as {
      ticketId: string
      messageId: string
      snippet: string
      highlights: [number, number][]
    }[]
    expect(hits).toHaveLength(1)
    expect(must(hits[0])).toMatchObject({
      ticketId: must(bySubject['Bestellung PO 4711: Liefertermin']).id,
      messageId: '<a1@acme.example>',
    })
    // Plain text; the match as a range (no marker characters in the snippet).
    const top = must(hits[0])
    expect(top.snippet).not.toMatch(/[\uE000\uE001[\]]/)
    expect(top.highlights.map(([a, b]) => top.snippet.slice(a, b).toLowerCase())).toEqual([
      'palette',
    ])
    // FTS5 syntax in user input is quoted, never an error (the CLI once, the rest in-process).
    const odd = await run(['search', '--db', t.path, '--json', 'NEAR(palette "unbalanced'])
    expect(odd.code).toBe(0)
    for (const q of [
      '"unbalanced',
      'NEAR(a b',
      'AND OR NOT',
      '*',
      'subject:palette',
      "'; DROP TABLE x;--",
      '\u0000',
    ]) {
      expect(() => searchMail(t.db, q), q).not.toThrow()
    }
    expect(searchMail(t.db, 'liefertermin')).toHaveLength(2)
    expect(searchMail(t.db, 'subject:liefertermin')).toHaveLength(0) // a column filter is just two words here
  })

  it('kontor tickets on an upgraded store lists the tickets mapped by the current rule', async () => {
    const s = new MailStore(t.db, new Set(['support@kontor.test']))
    saveMailbox(t.db, fixedClock('2026-11-27T09:00:00Z'), {
      id: 'support',
      address: 'support@kontor.test',
      imap: { host: '127.0.0.1', port: 1, security: 'plain', user: 'support' },
      folders: ['INBOX'],
    })
    s.storeEnvelopes(s.folder('support', 'INBOX'), '1', [
      envelope({
        messageId: 'portal-1@portal.example',
        subject: 'Bestellung über Portal',
        from: { name: null, address: 'no-reply@portal.example' },
        replyTo: [{ name: null, address: 'einkauf@acme.example' }],
      }),
    ])
    rebuildTickets(t.db)
    // As an older build left it: the buyer's account known, the ticket still in Triage.
    t.db.sqlite
      .prepare("INSERT INTO local_accounts (id, name, domains) VALUES ('acme', 'ACME', '[]')")
      .run()
    t.db.sqlite
      .prepare(
        "INSERT INTO local_contacts (email, account_id) VALUES ('einkauf@acme.example', 'acme')",
      )
      .run()
    t.db.sqlite.prepare('UPDATE mail_tickets SET account_id = NULL, account_match = NULL').run()
    t.db.sqlite.exec(
      readFileSync(join(clientMigrationsFolder(), '0013_mail_remap_accounts.sql'), 'utf8'),
    )
    t.db.close()
    const listed = await run(['tickets', '--db', t.path, '--json'])
    expect(listed.code, listed.err).toBe(0)
    expect((JSON.parse(listed.out) as TicketJson[]).map((x) => x.accountId)).toEqual(['acme'])
  })

  it('refuses to run without the password and never prints it', async () => {
    const r = await run(['sync', '--db', t.path, '--imap', imapUrl(), '--once'])
    expect(r.code).toBe(1)
    expect(r.err).toContain('KONTOR_IMAP_PASSWORD')
    const bad = await run(
      [
        'sync',
        '--db',
        t.path,
        '--imap',
        `imap://${encodeURIComponent(user)}:${PASS}@127.0.0.1:${server.port}`,
        '--once',
      ],
      env,
    )
    expect(bad.code).toBe(2)
    expect(bad.err).not.toContain(PASS)
  })

  it('without --once stays on IDLE: new mail reaches the ticket list within 2 s', async () => {
    server.deliver(user, 'INBOX', mail({ id: 'first@acme.example', subject: 'First' }))
    const child = kontor(['sync', '--db', t.path, '--imap', imapUrl(), '--json'], env)
    let out = ''
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
    try {
      const deadline = Date.now() + 30_000
      while (!out.includes('"tickets"') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50))
      expect(out).toContain('"tickets":1')
      await new Promise((r) => setTimeout(r, 300)) // let the client enter IDLE
      const delivered = Date.now()
      server.deliver(user, 'INBOX', mail({ id: 'second@acme.example', subject: 'Second' }))
      const reader = openDatabase(t.path, { readonly: true })
      let seenAfter = -1
      try {
        while (Date.now() - delivered < 5000) {
          const row = reader.sqlite
            .prepare("SELECT count(*) n FROM mail_tickets WHERE subject = 'Second'")
            .get() as { n: number }
          if (row.n === 1) {
            seenAfter = Date.now() - delivered
            break
          }
          await new Promise((r) => setTimeout(r, 20))
        }
      } finally {
        reader.close()
      }
      console.warn(`IDLE delivery to ticket list: ${seenAfter} ms`)
      expect(seenAfter).toBeGreaterThanOrEqual(0)
      expect(seenAfter).toBeLessThan(2000)
    } finally {
      child.kill('SIGTERM')
      await new Promise((r) => child.on('exit', r))
    }
  })
})
