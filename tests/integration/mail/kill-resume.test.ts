import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/open'
import { findProjectRoot } from '../../../src/main/paths'
import { startDovecot, type DovecotServer } from '../../helpers/dovecot'
import { mail, tempDb } from '../../helpers/mail-db'

const ROOT = findProjectRoot(__dirname)
const PASS = 'kill-secret'
const USER = 'bulk@kontor.test'
const N = 3000

describe('kill -9 during a large initial sync, then resume', () => {
  let server: DovecotServer
  let t: ReturnType<typeof tempDb>
  beforeAll(async () => {
    server = await startDovecot({ users: [{ user: USER, password: PASS }] })
    server.createFolder(USER, 'Sent')
    for (let i = 0; i < N; i++) {
      const thread = Math.floor(i / 3)
      server.deliver(
        USER,
        i % 5 === 4 ? 'Sent' : 'INBOX',
        mail({
          id: `bulk-${i}@acme${i % 7}.example`,
          from: i % 5 === 4 ? 'support@kontor.test' : `buyer${i % 13}@acme${i % 7}.example`,
          subject: `${i % 3 ? 'Re: ' : ''}Order ${10_000 + thread} pallets`,
          references: i % 3 ? `<bulk-${i - (i % 3)}@acme${(i - (i % 3)) % 7}.example>` : undefined,
          body:
            `Message ${i} about order ${10_000 + thread}. ` +
            'Lorem ipsum dolor sit amet. '.repeat(20),
        }),
        { internalDate: new Date(Date.parse('2026-01-01T00:00:00Z') + i * 60_000) },
      )
    }
    t = tempDb()
    t.db.close()
  }, 300_000)
  afterAll(async () => {
    t?.dispose()
    await server?.stop()
  })

  const progress = () => {
    const r = openDatabase(t.path, { readonly: true })
    try {
      return r.sqlite
        .prepare(
          "SELECT (SELECT count(*) FROM mail_placements) AS placements, (SELECT count(*) FROM mail_messages WHERE body_status <> 'pending') AS bodies",
        )
        .get() as { placements: number; bodies: number }
    } catch {
      return { placements: 0, bodies: 0 }
    } finally {
      r.close()
    }
  }

  const startSync = () =>
    spawn(
      process.execPath,
      [
        join(ROOT, 'bin/kontor.js'),
        'sync',
        '--db',
        t.path,
        '--imap',
        `imap://${encodeURIComponent(USER)}@127.0.0.1:${server.port}`,
        '--folders',
        'INBOX,Sent',
        '--once',
      ],
      {
        env: { ...process.env, KONTOR_IMAP_PASSWORD: PASS },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    )

  it('resumes to exactly the server state, with an intact database', async () => {
    // Kill points: during the envelope phase, during the body phase, and once more later.
    const points: ((p: { placements: number; bodies: number }) => boolean)[] = [
      (p) => p.placements >= 200 + Math.floor(Math.random() * 1000),
      (p) => p.bodies >= 100 + Math.floor(Math.random() * 800),
      (p) => p.bodies >= 1200 + Math.floor(Math.random() * 800),
    ]
    const killedAt: { placements: number; bodies: number }[] = []
    for (const point of points) {
      const child = startSync()
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => resolve(code)),
      )
      let done = false
      void exited.then(() => (done = true))
      for (;;) {
        if (done) break
        const p = progress()
        if (point(p)) {
          child.kill('SIGKILL')
          killedAt.push(p)
          break
        }
        await new Promise((r) => setTimeout(r, 25))
      }
      await exited
      const check = openDatabase(t.path)
      try {
        expect(check.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
      } finally {
        check.close()
      }
    }
    console.warn(`killed at ${JSON.stringify(killedAt)}`)
    expect(killedAt.length).toBeGreaterThanOrEqual(2)
    expect(killedAt.some((p) => p.placements > 0 && p.placements < N)).toBe(true)

    // Resume to completion.
    const last = startSync()
    let err = ''
    last.stderr?.on('data', (d: Buffer) => (err += d.toString()))
    const code = await new Promise<number | null>((resolve) => last.on('exit', resolve))
    expect(err).toBe('')
    expect(code).toBe(0)

    const imap = new ImapFlow({
      host: server.host,
      port: server.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: USER, pass: PASS },
      logger: false,
    })
    await imap.connect()
    const db = openDatabase(t.path)
    try {
      for (const folder of ['INBOX', 'Sent']) {
        const lock = await imap.getMailboxLock(folder)
        let serverUids: number[]
        try {
          const found = await imap.search({ all: true }, { uid: true })
          serverUids = (found || []).sort((a, b) => a - b)
        } finally {
          lock.release()
        }
        const local = (
          db.sqlite
            .prepare(
              'SELECT p.uid FROM mail_placements p JOIN mail_folders f ON f.id = p.folder_id WHERE f.path = ? ORDER BY p.uid',
            )
            .all(folder) as { uid: number }[]
        ).map((r) => r.uid)
        expect(local, folder).toEqual(serverUids)
      }
      const stats = db.sqlite
        .prepare(
          `SELECT count(*) AS messages, count(DISTINCT message_id) AS ids, sum(body_status = 'done') AS bodies,
             (SELECT count(*) FROM mail_fts) AS fts, (SELECT count(*) FROM mail_tickets) AS tickets FROM mail_messages`,
        )
        .get() as Record<string, number>
      expect(stats).toEqual({ messages: N, ids: N, bodies: N, fts: N, tickets: N / 3 })
      expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    } finally {
      db.close()
      await imap.logout()
    }
  })
})
