import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron'
import { CALL_NAMES, IPC_CALL_PREFIX, IPC_EVENT_PREFIX } from '../../shared/contract'
import { dispatch, type Handlers } from '../core/dispatch'
import type { EventBus } from '../core/events'
import type { Logger } from '../core/logger'

/**
 * Is this frame the app's own top-level page? Calls from iframes (mail is rendered in
 * sandboxed frames), from other origins, or after a navigation are refused.
 */
export function isAppFrame(
  frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined,
  appUrl: string,
): boolean {
  if (!frame || frame.parent) return false
  try {
    const url = new URL(frame.url)
    const app = new URL(appUrl)
    if (app.protocol === 'file:') return url.protocol === 'file:' && url.pathname === app.pathname
    return url.origin === app.origin
  } catch {
    return false
  }
}

/** Register one `ipcMain.handle` per contract call, all through the one wrapper. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: Handlers,
  appUrl: () => string,
  log: Logger,
): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(IPC_CALL_PREFIX + name, (event: IpcMainInvokeEvent, input: unknown) => {
      const trusted = isAppFrame(event.senderFrame, appUrl())
      return dispatch(
        handlers,
        name,
        input,
        { transport: 'ipc', trusted, reason: trusted ? undefined : 'sender is not the app frame' },
        log,
      )
    })
  }
  return () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(IPC_CALL_PREFIX + name)
  }
}

/** Forward every core event to a window's renderer. */
export function forwardEvents(
  events: EventBus,
  send: (channel: string, payload: unknown) => void,
): () => void {
  return events.onAny((name, payload) => send(IPC_EVENT_PREFIX + name, payload))
}
