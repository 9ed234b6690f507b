import type { Transport } from '../../../shared/contract/client'
import type { Result } from '../../../shared/result'

declare global {
  interface Window {
    /** Set by the Electron preload; absent in web mode. */
    kontor?: Transport
  }
}

type Pending = { resolve: (r: Result<unknown>) => void }

const TOKEN_KEY = 'kontor.token'

/**
 * Web mode: the token arrives in the URL fragment (never sent to the server with page
 * requests); keep it for reloads of this tab only and drop it from the address bar.
 */
export function takeWebToken(
  location: Location,
  storage: Storage,
  history: History,
): string | null {
  const match = /(?:^#|&)token=([0-9a-f]+)/.exec(location.hash)
  if (match?.[1]) {
    storage.setItem(TOKEN_KEY, match[1])
    history.replaceState(null, '', location.pathname + location.search)
    return match[1]
  }
  return storage.getItem(TOKEN_KEY)
}

/**
 * The contract over a loopback WebSocket, reconnecting with backoff. Calls made while
 * disconnected wait for the connection; a connection that drops fails its calls with
 * E_OFFLINE so the UI can offer to retry.
 */
export function createWebSocketTransport(
  url: string,
  onStatus?: (connected: boolean) => void,
): Transport {
  let socket: WebSocket | null = null
  let nextId = 1
  let attempt = 0
  const pending = new Map<number, Pending>()
  const queue: string[] = []
  const listeners = new Map<string, Set<(payload: unknown) => void>>()

  const connect = () => {
    const ws = new WebSocket(url)
    socket = ws
    ws.onopen = () => {
      attempt = 0
      onStatus?.(true)
      for (const frame of queue.splice(0)) ws.send(frame)
    }
    ws.onmessage = (event) => {
      const frame = JSON.parse(String(event.data)) as
        | { type: 'result'; id: number; result: Result<unknown> }
        | { type: 'event'; name: string; payload: unknown }
      if (frame.type === 'result') {
        pending.get(frame.id)?.resolve(frame.result)
        pending.delete(frame.id)
      } else {
        for (const listener of listeners.get(frame.name) ?? []) listener(frame.payload)
      }
    }
    ws.onclose = () => {
      onStatus?.(false)
      for (const [id, p] of pending) {
        p.resolve({
          ok: false,
          error: { code: 'E_OFFLINE', message: 'The connection to Kontor was lost.' },
        })
        pending.delete(id)
      }
      const delay = Math.min(30_000, 250 * 2 ** attempt++) * (0.5 + Math.random() / 2)
      setTimeout(connect, delay)
    }
  }
  connect()

  return {
    invoke(name, input) {
      const id = nextId++
      const frame = JSON.stringify({ id, type: 'call', name, input: input ?? {} })
      return new Promise((resolve) => {
        pending.set(id, { resolve })
        if (socket?.readyState === WebSocket.OPEN) socket.send(frame)
        else queue.push(frame)
      })
    },
    subscribe(name, listener) {
      let set = listeners.get(name)
      if (!set) listeners.set(name, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
  }
}

/** The preload's bridge in Electron, else the web socket of web mode. */
export function detectTransport(onStatus?: (connected: boolean) => void): Transport {
  if (window.kontor) return window.kontor
  const token = takeWebToken(window.location, window.sessionStorage, window.history)
  if (!token)
    throw new Error(
      'Open Kontor with the address printed by "npm run web" (it carries the access token).',
    )
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  return createWebSocketTransport(
    `${scheme}://${window.location.host}/rpc?token=${token}`,
    onStatus,
  )
}
