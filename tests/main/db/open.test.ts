import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkMigrationPrefix, migrateDatabase, openDatabase } from '../../../src/main/db/open'
import { clientMigrationsFolder } from '../../../src/main/paths'
import { KontorError } from '../../../src/shared/errors'
import { tempDir } from '../../helpers/core'

describe('local store', () => {
  let tmp: ReturnType<typeof tempDir>
  beforeEach(() => {
    tmp = tempDir()
  })
  afterEach(() => tmp.dispose())

  it('opens with WAL, foreign keys, a busy timeout and temp data in memory, and migrates idempotently', () => {
    const handle = openDatabase(join(tmp.dir, 'a', 'kontor.sqlite'))
    try {
      expect(handle.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(handle.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(handle.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000)
      // 2: MEMORY (statement journals of trigger-firing inserts never touch the disk).
      expect(handle.sqlite.pragma('temp_store', { simple: true })).toBe(2)
      const first = migrateDatabase(handle, clientMigrationsFolder())
      expect(first.applied).toBe(first.shipped)
      expect(first.ran).toBe(first.shipped)
      const again = migrateDatabase(handle, clientMigrationsFolder())
      expect(again.ran).toBe(0)
      expect(handle.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    } finally {
      handle.close()
    }
  })

  it('refuses a database whose applied migrations are not a prefix of the shipped ones', () => {
    const handle = openDatabase(join(tmp.dir, 'kontor.sqlite'))
    try {
      migrateDatabase(handle, clientMigrationsFolder())
      // Another build applied a different first migration.
      handle.sqlite
        .prepare(
          "UPDATE __drizzle_migrations SET hash = 'deadbeef' WHERE rowid = (SELECT min(rowid) FROM __drizzle_migrations)",
        )
        .run()
      expect(() => migrateDatabase(handle, clientMigrationsFolder())).toThrowError(KontorError)
      try {
        checkMigrationPrefix(handle, clientMigrationsFolder())
      } catch (error) {
        expect((error as KontorError).code).toBe('E_DB_MIGRATIONS')
        expect((error as Error).message).toMatch(/written by another version of Kontor/)
      }
    } finally {
      handle.close()
    }
  })

  it('refuses a database migrated by a newer build (more applied than shipped)', () => {
    const handle = openDatabase(join(tmp.dir, 'kontor.sqlite'))
    try {
      migrateDatabase(handle, clientMigrationsFolder())
      handle.sqlite
        .prepare(
          "INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('future', 99999999999999)",
        )
        .run()
      expect(() => migrateDatabase(handle, clientMigrationsFolder())).toThrowError(
        /do not match this build/,
      )
    } finally {
      handle.close()
    }
  })

  it('applies a newer shipped migration on top of an older prefix', () => {
    // Simulate an older build: a migrations folder with only the first entry.
    const old = join(tmp.dir, 'old-migrations')
    cpSync(clientMigrationsFolder(), old, { recursive: true })
    const journalPath = join(old, 'meta', '_journal.json')
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] }
    const shipped = journal.entries.length
    journal.entries = journal.entries.slice(0, 1)
    writeFileSync(journalPath, JSON.stringify(journal))
    const handle = openDatabase(join(tmp.dir, 'kontor.sqlite'))
    try {
      expect(migrateDatabase(handle, old).applied).toBe(1)
      const now = migrateDatabase(handle, clientMigrationsFolder())
      expect(now.applied).toBe(shipped)
      expect(now.ran).toBe(shipped - 1)
    } finally {
      handle.close()
    }
  })

  it('reports an unopenable path as E_DB_OPEN', () => {
    expect(() =>
      openDatabase(join(tmp.dir, 'missing', 'x.sqlite'), { readonly: true }),
    ).toThrowError(/Cannot open database/)
  })
})
