import { BrowserWindow, screen, shell, type Session, type WebContents } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../../shared/security'
import type { SettingsStore } from '../services/settings'
import {
  restoreBounds,
  WINDOW_STATE_KEY,
  windowStateSchema,
  type WindowState,
} from './window-state'

/** The settings every Kontor window is created with; unit tests pin them. */
export function secureWebPreferences(preloadPath: string): Electron.WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: true,
  }
}

/** Deny every permission (camera, notifications ...) unless a later feature asks for one explicitly. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
        'X-Content-Type-Options': ['nosniff'],
      },
    })
  })
}

/** No navigation away from the app, no new windows, no webviews. */
export function hardenContents(contents: WebContents, appUrl: () => string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-navigate', (event, url) => {
    if (url !== appUrl()) event.preventDefault()
  })
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

export interface MainWindowOptions {
  preloadPath: string
  load: (window: BrowserWindow) => Promise<void>
  appUrl: () => string
  settings: SettingsStore
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const saved = options.settings.get(WINDOW_STATE_KEY, windowStateSchema)
  const bounds = restoreBounds(
    saved,
    screen.getAllDisplays().map((d) => d.workArea),
  )
  const window = new BrowserWindow({
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Kontor',
    backgroundColor: '#f6f7f9',
    webPreferences: secureWebPreferences(options.preloadPath),
  })
  hardenContents(window.webContents, options.appUrl)
  if (bounds.maximized) window.maximize()
  window.once('ready-to-show', () => window.show())

  const save = () => {
    if (window.isDestroyed()) return
    const b = window.getNormalBounds()
    const state: WindowState = {
      x: b.x,
      y: b.y,
      width: b.width,
      height: b.height,
      maximized: window.isMaximized(),
    }
    options.settings.set(WINDOW_STATE_KEY, state)
  }
  window.on('close', save)
  void options.load(window)
  return window
}

/** Open http(s)/mailto links in the system browser; anything else is dropped. */
export function openExternalSafely(url: string): boolean {
  try {
    const protocol = new URL(url).protocol
    if (protocol !== 'https:' && protocol !== 'http:' && protocol !== 'mailto:') return false
  } catch {
    return false
  }
  void shell.openExternal(url)
  return true
}
