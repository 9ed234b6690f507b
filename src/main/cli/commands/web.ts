import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { RegisterCommands } from '../context'
import { parseIntOption, UsageError } from '../context'
import { createLogger } from '../../core/logger'
import { clientMigrationsFolder, defaultDataDir, packageVersion, rendererDir } from '../../paths'
import { startWebServer } from '../../web/web-server'
import { WorkspaceHost } from '../../workspace/host'
import { SessionSecretVault } from '../../workspace/secrets'
import { startDemoServer } from './demo'

export const registerWebCommand: RegisterCommands = (program, ctx) => {
  program
    .command('web')
    .description(
      'serve the console to a browser on 127.0.0.1 (the core runs in this process); with no configuration, the demo workspace',
    )
    .option(
      '--db <path>',
      'local store of a real workspace (default: $KONTOR_HOME/kontor.sqlite or ~/.kontor/kontor.sqlite)',
    )
    .option('--demo', 'open the demo workspace whatever is configured')
    .option(
      '--port <port>',
      'port to listen on (default: a free one)',
      parseIntOption('--port', 65535),
    )
    .action(async (opts: { db?: string; port?: number; demo?: boolean }) => {
      const staticDir = rendererDir(ctx.root)
      if (!existsSync(join(staticDir, 'index.html'))) {
        throw new UsageError(
          `the console is not built (${staticDir} is missing): run "npm run build" or use "npm run web"`,
        )
      }
      if (opts.db && opts.demo) throw new UsageError('give either --db or --demo, not both')
      const log = createLogger({ scope: 'web' })
      const dataDir = defaultDataDir(ctx.env)
      // The workspace chosen last time (remembered in the main store), switchable from
      // Settings; --db and --demo fix it for this run. Passwords entered in Settings are kept
      // in memory for this run only (see SessionSecretVault), else read from the environment.
      const host = await WorkspaceHost.open({
        dataDir,
        ...(opts.db ? { dbPath: opts.db, fixed: 'real' as const } : {}),
        ...(opts.demo ? { fixed: 'demo' as const } : {}),
        root: ctx.root,
        clock: ctx.clock,
        version: packageVersion(ctx.root),
        migrationsFolder: clientMigrationsFolder(ctx.root),
        log,
        startServer: startDemoServer,
        secrets: new SessionSecretVault(ctx.env),
        onDemoFirstStart: () =>
          ctx.stdout(
            'Preparing the demo workspace: sample mail, accounts and a local sync server (about 20 s, first start only)...\n',
          ),
      })
      const where = host.describe()
      const stop = () => host.close()
      // Start the console's queues before the address is printed, so the first page the
      // browser asks for is a read: from the snapshot of the last run while the build runs in
      // the background, or (a store the console never opened) after building them now.
      try {
        host.core.queues.start()
      } catch (error) {
        // The console asks again and shows the error; starting must not fail on it.
        log.warn('queue build at start failed', {
          error: error instanceof Error ? error.message : String(error),
        })
      }
      try {
        const server = await startWebServer({
          handlers: host.handlers,
          events: host.events,
          staticDir,
          port: opts.port,
          log,
        })
        ctx.stdout(`Kontor web console: ${server.url}\n(${where}; press Ctrl+C to stop)\n`)
        await new Promise<void>((resolve) => {
          const done = () => resolve()
          process.once('SIGINT', done)
          process.once('SIGTERM', done)
        })
        await server.close()
      } finally {
        await stop()
      }
    })
}
