/**
 * Electron entry: wiring only. Open the local store, migrate, build the core, register
 * the IPC handlers, open the window. Everything else lives in the core (plain Node).
 */
import { app, dialog, ipcMain, session, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { demoServerHost } from './cli/commands/demo'
import { systemClock } from './core/clock'
import { createLogger } from './core/logger'
import { SettingsStore } from './services/settings'
import { electronDesktop } from './windows/desktop'
import { SafeStorageSecretStore } from './windows/safe-storage-secrets'
import { forwardEvents, registerIpc } from './windows/ipc'
import { createMainWindow, hardenContents, hardenSession } from './windows/main-window'
import { WorkspaceHost } from './workspace/host'

const log = createLogger({ scope: 'main' })

function rendererUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL
  return dev ?? pathToFileURL(join(__dirname, '../renderer/index.html')).toString()
}

async function start(): Promise<void> {
  const drizzleFolder = app.isPackaged
    ? join(process.resourcesPath, 'drizzle')
    : join(app.getAppPath(), 'drizzle')
  const migrationsFolder = join(drizzleFolder, 'client')
  // The workspace chosen last time (the demo when nothing is configured), remembered in the
  // main store and switched from Settings in this process (src/main/workspace/host.ts).
  // Passwords and the sync token: the OS keychain through safeStorage, ciphertext in the store.
  const host = await WorkspaceHost.open({
    dataDir: app.getPath('userData'),
    root: app.getAppPath(),
    clock: systemClock,
    version: app.getVersion(),
    migrationsFolder,
    log,
    startServer: demoServerHost({ migrationsFolder: join(drizzleFolder, 'server') }),
    secrets: (main) => new SafeStorageSecretStore(new SettingsStore(main, systemClock)),
    // The system browser and folder dialog, for the core (which never imports electron).
    core: { desktop: electronDesktop() },
  })
  const db = host.main

  hardenSession(session.defaultSession)
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, rendererUrl))
  registerIpc(ipcMain, host.handlers, rendererUrl, log)

  let window: BrowserWindow | null = null
  const open = () => {
    window = createMainWindow({
      preloadPath: join(__dirname, '../preload/index.js'),
      appUrl: rendererUrl,
      settings: new SettingsStore(db, systemClock),
      load: (w) =>
        process.env.ELECTRON_RENDERER_URL
          ? w.loadURL(rendererUrl())
          : w.loadFile(join(__dirname, '../renderer/index.html')),
    })
    const stopForwarding = forwardEvents(host.events, (channel, payload) =>
      window?.webContents.send(channel, payload),
    )
    window.on('closed', () => {
      stopForwarding()
      window = null
    })
  }

  app.on('second-instance', () => {
    if (!window) return
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.on('window-all-closed', () => app.quit())
  let stopped = false
  app.on('will-quit', (event) => {
    if (stopped) return
    // Log out of IMAP, finish a drain in flight, close the stores, then quit for real.
    event.preventDefault()
    void host
      .close()
      .catch((error: unknown) => log.warn('stop failed', { error: (error as Error).message }))
      .finally(() => {
        stopped = true
        app.quit()
      })
  })
  open()
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error)
      log.error('start failed', { error: message })
      // E_DB_MIGRATIONS and E_DB_OPEN carry a message written for the user.
      dialog.showErrorBox('Kontor cannot start', message)
      app.exit(1)
    })
}
