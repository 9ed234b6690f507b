import { readFileSync } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core/core'
import { migrateDatabase, openDatabase, type DbHandle } from '../../../src/main/db/open'
import { REMAP_ACCOUNTS_KEY, rebuildTickets } from '../../../src/main/mail/tickets'
import { clientMigrationsFolder } from '../../../src/main/paths'
import { fixedClock } from '../../../src/shared/clock'
import { envelope, seedMailbox, store } from './fixtures'

/**
 * An upgraded workspace: tickets stored under the old mapping rule (no replica contacts, no
 * Reply-To) are mapped again once, at the core's first start after migration 0013.
 */
describe('tickets mapped again after an upgrade', () => {
  let dir = ''
  let db: DbHandle | null = null
  afterEach(() => {
    db?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const start = (handle: DbHandle) =>
    createCore({
      db: handle,
      clock: fixedClock('2026-11-27T09:00:00Z'),
      version: 'test',
      migrationsFolder: clientMigrationsFolder(),
    })
  const asked = (handle: DbHandle) =>
    handle.sqlite.prepare('SELECT value FROM app_settings WHERE key = ?').get(REMAP_ACCOUNTS_KEY)
  const tickets = (handle: DbHandle) =>
    handle.sqlite
      .prepare('SELECT subject, account_id AS accountId FROM mail_tickets ORDER BY subject')
      .all()

  it('maps tickets stored under the old rule once, when the migration asks', () => {
    dir = mkdtempSync(join(tmpdir(), 'kontor-remap-'))
    db = openDatabase(join(dir, 'kontor.sqlite'))
    migrateDatabase(db, clientMigrationsFolder())
    // The migration asks; the first start answers (nothing to map yet) and clears it.
    expect(asked(db)).toEqual({ value: 'true' })
    start(db).close()
    expect(asked(db)).toBeUndefined()

    // Mail stored while the server's contacts did not count (the old rule): Triage.
    const s = seedMailbox(db)
    store(s, 'INBOX', [
      envelope({
        messageId: 'a@portal.example',
        subject: 'by contact',
        from: { name: null, address: 'buyer@gmail.com' },
      }),
      envelope({
        messageId: 'b@portal.example',
        subject: 'by reply-to',
        from: { name: null, address: 'no-reply@portal.example' },
        replyTo: [{ name: null, address: 'einkauf@acme.example' }],
      }),
    ])
    rebuildTickets(db)
    db.sqlite
      .prepare(
        `INSERT INTO replica_entities (entity, id, account_id, version, data, pulled_at)
         VALUES (?, ?, 'acme', 1, ?, '2026-11-27T09:00:00Z')`,
      )
      .run('contact', 'c1', JSON.stringify({ accountId: 'acme', email: 'Buyer@gmail.com' }))
    db.sqlite
      .prepare(
        `INSERT INTO replica_entities (entity, id, account_id, version, data, pulled_at)
         VALUES ('account', 'acme', 'acme', 1, ?, '2026-11-27T09:00:00Z')`,
      )
      .run(JSON.stringify({ id: 'acme', name: 'ACME', domain: 'acme.example' }))
    db.sqlite.prepare('UPDATE mail_tickets SET account_id = NULL, account_match = NULL').run()
    // A start without the request changes nothing.
    start(db).close()
    expect(tickets(db)).toEqual([
      { subject: 'by contact', accountId: null },
      { subject: 'by reply-to', accountId: null },
    ])

    // What migration 0013 does, then the next start.
    const migration = readFileSync(
      join(clientMigrationsFolder(), '0013_mail_remap_accounts.sql'),
      'utf8',
    )
    db.sqlite.exec(migration)
    expect(asked(db)).toEqual({ value: 'true' })
    start(db).close()
    expect(tickets(db)).toEqual([
      { subject: 'by contact', accountId: 'acme' },
      { subject: 'by reply-to', accountId: 'acme' },
    ])
    expect(asked(db)).toBeUndefined()
  })
})
