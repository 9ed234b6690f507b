/**
 * Electron entry: wiring only. Open the local store, migrate, build the core, register
 * the IPC handlers, open the window. Everything else lives in the core (plain Node).
 */
import { app, dialog, ipcMain, session, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { systemClock } from './core/clock'
import { createCore } from './core/core'
import { createLogger } from './core/logger'
import { migrateDatabase, openDatabase } from './db/open'
import { createHandlers } from './services/handlers'
import { SettingsStore } from './services/settings'
import { forwardEvents, registerIpc } from './windows/ipc'
import { createMainWindow, hardenContents, hardenSession } from './windows/main-window'

const log = createLogger({ scope: 'main' })

function rendererUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL
  return dev ?? pathToFileURL(join(__dirname, '../renderer/index.html')).toString()
}

async function start(): Promise<void> {
  const migrationsFolder = app.isPackaged
    ? join(process.resourcesPath, 'drizzle', 'client')
    : join(app.getAppPath(), 'drizzle', 'client')
  const db = openDatabase(join(app.getPath('userData'), 'kontor.sqlite'))
  migrateDatabase(db, migrationsFolder)
  const core = createCore({
    db,
    clock: systemClock,
    version: app.getVersion(),
    migrationsFolder,
    log,
  })

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
  app.on('will-quit', () => db.close())
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
