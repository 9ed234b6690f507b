import { BrowserWindow, dialog, shell } from 'electron'
import type { DesktopCapability } from '../core/desktop'
import { externalUrl } from '../../shared/contract/viewer'

/**
 * The Electron side of the core's desktop capability: the system browser (`shell.openExternal`)
 * and the native folder dialog. The core validates links first; the scheme is checked again
 * here, right before the URL leaves the app, so no other path can hand it a `file:` or custom
 * protocol URL.
 */
export function electronDesktop(
  window: () => BrowserWindow | null = () => BrowserWindow.getFocusedWindow(),
): DesktopCapability {
  return {
    openExternal: async (raw) => {
      const url = externalUrl(raw)
      if (!url) throw new Error('refused: only http, https and mailto links open outside Kontor')
      await shell.openExternal(url.href, { activate: true })
    },
    chooseFolder: async ({ title, defaultPath }) => {
      const options: Electron.OpenDialogOptions = {
        title,
        properties: ['openDirectory', 'createDirectory'],
        ...(defaultPath ? { defaultPath } : {}),
      }
      const parent = window()
      const result = parent
        ? await dialog.showOpenDialog(parent, options)
        : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
  }
}
