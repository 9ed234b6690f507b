import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrateDatabase, openDatabase, type DbHandle } from '../../src/main/db/open'
import { clientMigrationsFolder } from '../../src/main/paths'

/** A migrated local store in a temp dir. */
export function tempDb(): { db: DbHandle; path: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-mail-'))
  const path = join(dir, 'kontor.sqlite')
  const db = openDatabase(path)
  migrateDatabase(db, clientMigrationsFolder())
  return {
    db,
    path,
    dispose: () => {
      db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export const fixedClock = (iso = '2026-11-27T12:00:00Z') => ({ now: () => new Date(iso) })

/** A small RFC 5322 message. */
export function mail(o: {
  id?: string
  from?: string
  to?: string
  subject?: string
  date?: string
  inReplyTo?: string
  references?: string
  body?: string
  /** More header lines, as written (`Auto-Submitted: auto-replied`). */
  headers?: string[]
}): string {
  const lines = [
    `From: ${o.from ?? 'Buyer <buyer@acme.example>'}`,
    `To: ${o.to ?? 'support@kontor.test'}`,
    `Subject: ${o.subject ?? 'Delivery question'}`,
    `Date: ${o.date ?? 'Mon, 02 Nov 2026 10:00:00 +0000'}`,
  ]
  if (o.id) lines.push(`Message-ID: <${o.id}>`)
  if (o.inReplyTo) lines.push(`In-Reply-To: <${o.inReplyTo}>`)
  if (o.references) lines.push(`References: ${o.references}`)
  if (o.headers) lines.push(...o.headers)
  lines.push(
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.body ?? 'Hello, where is my order?',
    '',
  )
  return lines.join('\r\n')
}

/** The value, or a test failure saying it was missing. */
export function must<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`expected a ${what}`)
  return value
}
