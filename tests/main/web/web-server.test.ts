import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createHandlers } from '../../../src/main/services/handlers'
import { startWebServer, type WebServer } from '../../../src/main/web/web-server'
import { makeTestCore } from '../../helpers/core'

function connect(
  server: WebServer,
  opts: { token?: string; origin?: string; host?: string; path?: string } = {},
) {
  const origin = opts.origin ?? `http://127.0.0.1:${server.port}`
  const ws = new WebSocket(
    `ws://127.0.0.1:${server.port}${opts.path ?? '/rpc'}?token=${opts.token ?? server.token}`,
    {
      origin,
      headers: opts.host ? { host: opts.host } : {},
    },
  )
  return new Promise<WebSocket>((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

function call(ws: WebSocket, frame: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>))
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  })
}

function get(
  port: number,
  path: string,
  host = `127.0.0.1:${port}`,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume()
      resolve({ status: res.statusCode ?? 0, headers: res.headers })
    })
      .on('error', reject)
      .end()
  })
}

describe('web mode transport', () => {
  let core: ReturnType<typeof makeTestCore>
  let server: WebServer

  beforeEach(async () => {
    core = makeTestCore()
    const staticDir = join(core.dir, 'static')
    mkdirSync(staticDir)
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>')
    server = await startWebServer({
      handlers: createHandlers(core),
      events: core.events,
      staticDir,
    })
  })
  afterEach(async () => {
    await server.close()
    core.dispose()
  })

  it('listens on 127.0.0.1 only and prints a URL carrying the token in the fragment', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{48}$/)
  })

  it('serves the console with a strict CSP and refuses foreign Host headers', async () => {
    const ok = await get(server.port, '/')
    expect(ok.status).toBe(200)
    expect(String(ok.headers['content-security-policy'])).toContain("script-src 'self'")
    expect(String(ok.headers['content-security-policy'])).toContain("object-src 'none'")
    expect((await get(server.port, '/', 'evil.example:80')).status).toBe(421)
    expect((await get(server.port, '/nope.js')).status).toBe(404)
  })

  it('answers contract calls through the wrapper', async () => {
    const ws = await connect(server)
    const answer = await call(ws, { id: 1, type: 'call', name: 'app:info', input: {} })
    expect(answer).toMatchObject({
      type: 'result',
      id: 1,
      result: { ok: true, data: { transport: 'web' } },
    })
    const bad = await call(ws, {
      id: 2,
      type: 'call',
      name: 'app:diagnose',
      input: { checks: 'all' },
    })
    expect(bad).toMatchObject({ id: 2, result: { ok: false, error: { code: 'E_INVALID_INPUT' } } })
    const unknown = await call(ws, {
      id: 3,
      type: 'call',
      name: 'mail:deleteEverything',
      input: {},
    })
    expect(unknown).toMatchObject({
      id: 3,
      result: { ok: false, error: { code: 'E_UNKNOWN_CALL' } },
    })
    ws.close()
  })

  it('pushes core events to connected sockets', async () => {
    const ws = await connect(server)
    const got = new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))))
    core.events.emit('db:changed', { tables: ['tickets'] })
    expect(await got).toEqual({
      type: 'event',
      name: 'db:changed',
      payload: { tables: ['tickets'] },
    })
    ws.close()
  })

  it.each([
    ['a wrong token', { token: 'f'.repeat(48) }],
    ['an empty token', { token: '' }],
    ['another origin', { origin: 'http://evil.example' }],
    ['a rebinding Host', { host: 'evil.example' }],
    ['another path', { path: '/other' }],
  ])('refuses a socket with %s (403)', async (_label, opts) => {
    await expect(connect(server, opts)).rejects.toThrow('HTTP 403')
  })

  it('closes a socket that sends a frame it cannot attribute to a call', async () => {
    const ws = await connect(server)
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    ws.send('{not json')
    expect(await closed).toBe(1008)
  })
})
