import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { RegisterCommands } from '../context'
import { openMigrated, parseIntOption, UsageError } from '../context'
import { createCore } from '../../core/core'
import { createLogger } from '../../core/logger'
import { clientMigrationsFolder, defaultDataDir, packageVersion, rendererDir } from '../../paths'
import { createHandlers } from '../../services/handlers'
import { startWebServer } from '../../web/web-server'

export const registerWebCommand: RegisterCommands = (program, ctx) => {
  program
    .command('web')
    .description('serve the console to a browser on 127.0.0.1 (the core runs in this process)')
    .option(
      '--db <path>',
      'local store (default: $KONTOR_HOME/kontor.sqlite or ~/.kontor/kontor.sqlite)',
    )
    .option(
      '--port <port>',
      'port to listen on (default: a free one)',
      parseIntOption('--port', 65535),
    )
    .action(async (opts: { db?: string; port?: number }) => {
      const staticDir = rendererDir(ctx.root)
      if (!existsSync(join(staticDir, 'index.html'))) {
        throw new UsageError(
          `the console is not built (${staticDir} is missing): run "npm run build" or use "npm run web"`,
        )
      }
      const dbPath = opts.db ?? join(defaultDataDir(ctx.env), 'kontor.sqlite')
      const handle = openMigrated(dbPath, ctx)
      const log = createLogger({ scope: 'web' })
      const core = createCore({
        db: handle,
        clock: ctx.clock,
        version: packageVersion(ctx.root),
        migrationsFolder: clientMigrationsFolder(ctx.root),
        log,
      })
      const server = await startWebServer({
        handlers: createHandlers(core),
        events: core.events,
        staticDir,
        port: opts.port,
        log,
      })
      ctx.stdout(
        `Kontor web console: ${server.url}\n(local store ${dbPath}; press Ctrl+C to stop)\n`,
      )
      await new Promise<void>((resolve) => {
        const stop = () => resolve()
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
      await server.close()
      handle.close()
    })
}
