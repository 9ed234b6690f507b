import type { RegisterCommands } from '../context'
import { printJson } from '../context'
import { openDatabase, type DbHandle } from '../../db/open'
import { clientMigrationsFolder } from '../../paths'
import { runDiagnostics } from '../../services/diagnostics'

const MARK = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const

export const registerDoctorCommand: RegisterCommands = (program, ctx) => {
  program
    .command('doctor')
    .description(
      'check Node.js, the local store and the test servers (Dovecot, PostgreSQL, Chromium)',
    )
    .option('--db <path>', 'also check this local store (opened read-only, never migrated)')
    .option('--json', 'print the checks as JSON')
    .action(async (opts: { db?: string; json?: boolean }) => {
      let handle: DbHandle | undefined
      try {
        handle = opts.db ? openDatabase(opts.db, { readonly: true }) : undefined
      } catch (error) {
        ctx.stderr(`${(error as Error).message}\n`)
      }
      try {
        const results = await runDiagnostics({
          db: handle,
          migrationsFolder: clientMigrationsFolder(ctx.root),
        })
        if (opts.json) printJson(ctx, results)
        else for (const r of results) ctx.stdout(`${MARK[r.status]}  ${r.label}: ${r.detail}\n`)
        if (results.some((r) => r.status === 'fail') || (opts.db && !handle)) process.exitCode = 1
      } finally {
        handle?.close()
      }
    })
}
