import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import sirv from 'sirv'
import { WebSocketServer, type WebSocket } from 'ws'
import { z } from 'zod'
import { dispatch, type Handlers } from '../core/dispatch'
import type { EventBus } from '../core/events'
import { silentLogger, type Logger } from '../core/logger'
import { CONTENT_SECURITY_POLICY } from '../../shared/security'

/**
 * Web mode: the same core, reached from a browser over a loopback WebSocket.
 *
 * Only 127.0.0.1 is ever bound. A random per-run token (given to the browser in the URL
 * fragment, which browsers never send to servers) authorises the socket, and the Origin and
 * Host headers must be this server's own, so neither another site nor a DNS-rebinding page
 * in the same browser can drive the core.
 */
export interface WebServerOptions {
  handlers: Handlers
  events?: EventBus
  staticDir: string
  port?: number
  token?: string
  log?: Logger
  /** Largest accepted WebSocket frame (bytes). */
  maxPayload?: number
}

export interface WebServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const RPC_PATH = '/rpc'

const callFrame = z.object({
  id: z.number().int().nonnegative(),
  type: z.literal('call'),
  name: z.string().max(200),
  input: z.unknown(),
})

function sameToken(a: string, b: string): boolean {
  const ab = Buffer.from(a)
  const bb = Buffer.from(b)
  return ab.length === bb.length && timingSafeEqual(ab, bb)
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('hex')
  const log = options.log ?? silentLogger
  const serveStatic = sirv(options.staticDir, {
    dev: false,
    etag: true,
    setHeaders: (res) => {
      res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
      res.setHeader('X-Content-Type-Options', 'nosniff')
      res.setHeader('Referrer-Policy', 'no-referrer')
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
      res.setHeader('X-Frame-Options', 'DENY')
    },
  })

  let port = 0
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`]
  const hostOk = (req: IncomingMessage) => allowedHosts().includes(req.headers.host ?? '')

  const server: Server = createServer((req, res) => {
    if (!hostOk(req)) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('Misdirected request')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    serveStatic(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
    })
  })

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayload ?? 4 * 1024 * 1024,
  })

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const origin = req.headers.origin ?? ''
    const originOk = allowedHosts().some((h) => origin === `http://${h}`)
    const tokenOk = sameToken(url.searchParams.get('token') ?? '', token)
    if (url.pathname !== RPC_PATH || !hostOk(req) || !originOk || !tokenOk) {
      log.warn('web socket refused', { path: url.pathname, originOk, tokenOk, hostOk: hostOk(req) })
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })

  const sockets = new Set<WebSocket>()
  const unsubscribe = options.events?.onAny((name, payload) => {
    const frame = JSON.stringify({ type: 'event', name, payload })
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame)
  })

  wss.on('connection', (ws) => {
    sockets.add(ws)
    ws.on('close', () => sockets.delete(ws))
    ws.on('message', (data, isBinary) => {
      let frame: z.infer<typeof callFrame>
      try {
        if (isBinary) throw new Error('binary frame')
        frame = callFrame.parse(JSON.parse(String(data)))
      } catch {
        // A frame we cannot even attribute to a call: answer once and close (policy violation).
        ws.close(1008, 'malformed frame')
        return
      }
      void dispatch(
        options.handlers,
        frame.name,
        frame.input,
        { transport: 'web', trusted: true },
        log,
      ).then((result) => {
        if (ws.readyState === ws.OPEN)
          ws.send(JSON.stringify({ type: 'result', id: frame.id, result }))
      })
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: async () => {
      unsubscribe?.()
      for (const ws of sockets) ws.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
