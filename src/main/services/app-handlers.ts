import type { Core } from '../core/core'
import type { HandlerSlice } from '../core/dispatch'
import { migrationStatus } from '../db/open'
import { runDiagnostics } from './diagnostics'

export function appHandlers(core: Core): HandlerSlice<'app:info' | 'app:diagnose'> {
  return {
    'app:info': (_input, ctx) => {
      const { applied, shipped } = migrationStatus(core.db, core.migrationsFolder)
      return {
        name: 'Kontor',
        version: core.version,
        transport: ctx.caller.transport,
        platform: `${process.platform}-${process.arch}`,
        nodeVersion: process.version,
        database: {
          path: core.db.path,
          journalMode: String(core.db.sqlite.pragma('journal_mode', { simple: true })),
          appliedMigrations: applied,
          shippedMigrations: shipped,
        },
        now: core.clock.now().toISOString(),
      }
    },
    'app:diagnose': (input) =>
      runDiagnostics({ db: core.db, migrationsFolder: core.migrationsFolder }, input.checks),
  }
}
