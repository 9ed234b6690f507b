import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { RegisterCommands } from '../context'
import { openMigrated, parseIntOption, UsageError } from '../context'
import { createCore, type Core } from '../../core/core'
import { createLogger } from '../../core/logger'
import { chooseWorkspace, demoDir, openDemoWorkspace } from '../../demo/workspace'
import { EnvSecretStore } from '../../mail/secrets'
import { clientMigrationsFolder, defaultDataDir, packageVersion, rendererDir } from '../../paths'
import { createHandlers } from '../../services/handlers'
import { MailService } from '../../services/mail-service'
import { startWebServer } from '../../web/web-server'
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
      const version = packageVersion(ctx.root)
      const migrationsFolder = clientMigrationsFolder(ctx.root)
      const dbPath = opts.db ?? join(dataDir, 'kontor.sqlite')
      const handle = openMigrated(dbPath, ctx)
      // The workspace to open is remembered in the main store; --db always means a real one.
      const kind = opts.demo ? 'demo' : opts.db ? 'real' : chooseWorkspace(handle, ctx.clock)

      let core: Core
      let stop: () => Promise<void>
      let where: string
      if (kind === 'demo') {
        handle.close()
        if (!existsSync(demoDir(dataDir)))
          ctx.stdout(
            'Preparing the demo workspace: sample mail, accounts and a local sync server (about 20 s, first start only)...\n',
          )
        const started = Date.now()
        const demo = await openDemoWorkspace({
          dataDir,
          root: ctx.root,
          clock: ctx.clock,
          version,
          migrationsFolder,
          log,
          startServer: startDemoServer,
        })
        core = demo.core
        stop = () => demo.close()
        where =
          `demo workspace in ${demo.dir} (${demo.ingested ? 'built' : 'opened'} in ${Date.now() - started} ms;` +
          ` signed in as ${demo.agent.name} to the embedded sync server ${demo.serverUrl};` +
          ` "kontor demo reset" starts it over)`
      } else {
        core = createCore({ db: handle, clock: ctx.clock, version, migrationsFolder, log })
        const mail = new MailService({ core, secrets: new EnvSecretStore(ctx.env) })
        mail.start()
        stop = async () => {
          await mail.stop()
          handle.close()
        }
        where = `local store ${dbPath}; ${mail.mailboxes().length} mailbox(es) watched`
      }
      try {
        const server = await startWebServer({
          handlers: createHandlers(core),
          events: core.events,
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
