/**
 * Electron entry: wiring only. Open the local store, migrate, build the core, register
 * the IPC handlers, open the window. Everything else lives in the core (plain Node).
 */
import { app, dialog, ipcMain, session, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { demoServerHost } from './cli/commands/demo'
import { systemClock } from './core/clock'
import { createCore, type Core } from './core/core'
import { createLogger } from './core/logger'
import { migrateDatabase, openDatabase } from './db/open'
import { chooseWorkspace, openDemoWorkspace } from './demo/workspace'
import { createHandlers } from './services/handlers'
import { MailService } from './services/mail-service'
import { SettingsStore } from './services/settings'
import { electronDesktop } from './windows/desktop'
import { SafeStorageSecretStore } from './windows/safe-storage-secrets'
import { forwardEvents, registerIpc } from './windows/ipc'
import { createMainWindow, hardenContents, hardenSession } from './windows/main-window'

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
  const db = openDatabase(join(app.getPath('userData'), 'kontor.sqlite'))
  migrateDatabase(db, migrationsFolder)
  // With nothing configured the demo workspace opens (its own store and embedded server);
  // the choice is remembered in this store's app_settings.
  // The system browser and folder dialog, for the core (which never imports electron).
  const desktop = electronDesktop()
  let core: Core
  let stop: () => Promise<void>
  if (chooseWorkspace(db, systemClock) === 'demo') {
    const demo = await openDemoWorkspace({
      dataDir: app.getPath('userData'),
      root: app.getAppPath(),
      clock: systemClock,
      version: app.getVersion(),
      migrationsFolder,
      log,
      startServer: demoServerHost({ migrationsFolder: join(drizzleFolder, 'server') }),
    })
    // The demo's core gets the desktop capability on top (its getters stay lazy).
    core = Object.create(demo.core, { desktop: { value: desktop, enumerable: true } }) as Core
    stop = () => demo.close()
  } else {
    const secrets = new SafeStorageSecretStore(new SettingsStore(db, systemClock))
    core = createCore({
      db,
      clock: systemClock,
      version: app.getVersion(),
      migrationsFolder,
      log,
      desktop,
      secrets,
    })
    const mail = new MailService({ core, secrets })
    mail.start()
    stop = () => mail.stop()
  }

  hardenSession(session.defaultSession)
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, rendererUrl))
  registerIpc(ipcMain, createHandlers(core), rendererUrl, log)

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
    const stopForwarding = forwardEvents(core.events, (channel, payload) =>
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
    void stop()
      .catch((error: unknown) => log.warn('stop failed', { error: (error as Error).message }))
      .finally(() => {
        stopped = true
        db.close()
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
