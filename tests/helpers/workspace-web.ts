import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { startDemoServer } from '../../src/main/cli/commands/demo'
import { systemClock } from '../../src/main/core/clock'
import { silentLogger } from '../../src/main/core/logger'
import { clientMigrationsFolder, findProjectRoot, rendererDir } from '../../src/main/paths'
import { startWebServer, type WebServer } from '../../src/main/web/web-server'
import { WorkspaceHost } from '../../src/main/workspace/host'
import { SessionSecretVault, type SecretVault } from '../../src/main/workspace/secrets'

export interface RunningWorkspaceConsole {
  host: WorkspaceHost
  server: WebServer
  stop(): Promise<void>
}

/**
 * `kontor web` as it starts with no flags: the workspace chosen last time in `dataDir` (the
 * demo the first time, about 20 s to build), served on a free loopback port.
 */
export async function startWorkspaceConsole(
  dataDir: string,
  options: { secrets?: SecretVault } = {},
): Promise<RunningWorkspaceConsole> {
  const root = findProjectRoot(__dirname)
  const staticDir = rendererDir(root)
  if (!existsSync(join(staticDir, 'index.html')))
    throw new Error(`The renderer is not built (${staticDir}); run "npm run build" first`)
  const host = await WorkspaceHost.open({
    dataDir,
    root,
    clock: systemClock,
    version: 'test',
    migrationsFolder: clientMigrationsFolder(root),
    log: silentLogger,
    startServer: startDemoServer,
    secrets: options.secrets ?? new SessionSecretVault({}),
  })
  const server = await startWebServer({ handlers: host.handlers, events: host.events, staticDir })
  return {
    host,
    server,
    stop: async () => {
      await server.close()
      await host.close()
    },
  }
}
