import type { RegisterCommands } from '../context'
import { openMigrated, printJson } from '../context'
import { migrationStatus } from '../../db/open'
import { clientMigrationsFolder } from '../../paths'

export const registerDbCommands: RegisterCommands = (program, ctx) => {
  const db = program.command('db').description('local store maintenance')

  db.command('migrate')
    .description('create the local store if needed and apply the shipped migrations')
    .requiredOption('--db <path>', 'path of the SQLite file')
    .option('--json', 'print the result as JSON')
    .action((opts: { db: string; json?: boolean }) => {
      const handle = openMigrated(opts.db, ctx)
      try {
        const status = migrationStatus(handle, clientMigrationsFolder(ctx.root))
        if (opts.json) printJson(ctx, { db: opts.db, ...status })
        else ctx.stdout(`${opts.db}: ${status.applied}/${status.shipped} migrations applied\n`)
      } finally {
        handle.close()
      }
    })
}
