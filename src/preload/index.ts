/**
 * The bridge between the sandboxed renderer and the core. It exposes exactly the
 * contract's calls and events, on prefixed channels, and nothing else: no ipcRenderer,
 * no Node. It may import only electron and src/shared (lint-enforced, and a test checks
 * the built bundle requires nothing but electron).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { CALL_NAMES, EVENT_NAMES, IPC_CALL_PREFIX, IPC_EVENT_PREFIX } from '../shared/contract'
import type { Transport } from '../shared/contract/client'

const calls = new Set<string>(CALL_NAMES)
const events = new Set<string>(EVENT_NAMES)

const bridge: Transport = {
  invoke(name, input) {
    if (typeof name !== 'string' || !calls.has(name)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'E_UNKNOWN_CALL', message: `Unknown call: ${String(name).slice(0, 80)}` },
      })
    }
    return ipcRenderer.invoke(IPC_CALL_PREFIX + name, input)
  },
  subscribe(name, listener) {
    if (typeof name !== 'string' || !events.has(name))
      throw new Error(`Unknown event: ${String(name).slice(0, 80)}`)
    const channel = IPC_EVENT_PREFIX + name
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(channel, handler)
    return () => {
      ipcRenderer.removeListener(channel, handler)
    }
  },
}

contextBridge.exposeInMainWorld('kontor', bridge)
