import { describe, expect, it, vi } from 'vitest'

// The Electron binary cannot run here: mock the module and pin the settings we pass it.
const handlers = new Map<string, (...args: unknown[]) => unknown>()
const sessionCalls: Record<string, unknown> = {}
vi.mock('electron', () => ({
  BrowserWindow: vi.fn(),
  screen: { getAllDisplays: () => [] },
  shell: { openExternal: vi.fn(async () => undefined) },
}))

import { shell, type Session, type WebContents } from 'electron'
import { forwardEvents, isAppFrame, registerIpc } from '../../../src/main/windows/ipc'
import {
  hardenContents,
  hardenSession,
  openExternalSafely,
  secureWebPreferences,
} from '../../../src/main/windows/main-window'
import { restoreBounds } from '../../../src/main/windows/window-state'
import { EventBus } from '../../../src/main/core/events'
import { silentLogger } from '../../../src/main/core/logger'
import { CALL_NAMES, IPC_CALL_PREFIX } from '../../../src/shared/contract'
import type { Handlers } from '../../../src/main/core/dispatch'

describe('window settings', () => {
  it('isolates and sandboxes the renderer', () => {
    expect(secureWebPreferences('/p/preload.js')).toMatchObject({
      preload: '/p/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
  })

  it('denies new windows, navigation away from the app and webviews', () => {
    const on = new Map<string, (event: { preventDefault(): void }, url?: string) => void>()
    let openHandler: (() => { action: string }) | undefined
    const contents = {
      setWindowOpenHandler: (h: () => { action: string }) => (openHandler = h),
      on: (name: string, h: (event: { preventDefault(): void }, url?: string) => void) =>
        on.set(name, h),
    } as unknown as WebContents
    hardenContents(contents, () => 'file:///app/index.html')
    expect(openHandler?.()).toEqual({ action: 'deny' })
    const prevented = (name: string, url?: string) => {
      let p = false
      on.get(name)?.({ preventDefault: () => (p = true) }, url)
      return p
    }
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true)
    expect(prevented('will-navigate', 'file:///app/index.html')).toBe(false)
    expect(prevented('will-redirect', 'https://evil.example/')).toBe(true)
    expect(prevented('will-attach-webview')).toBe(true)
  })

  it('denies permission requests and sets a strict CSP on every response', () => {
    const session = {
      setPermissionRequestHandler: (h: unknown) => (sessionCalls.request = h),
      setPermissionCheckHandler: (h: unknown) => (sessionCalls.check = h),
      webRequest: { onHeadersReceived: (h: unknown) => (sessionCalls.headers = h) },
    } as unknown as Session
    hardenSession(session)
    let granted: boolean | undefined
    ;(sessionCalls.request as (wc: unknown, p: string, cb: (g: boolean) => void) => void)(
      null,
      'media',
      (g) => (granted = g),
    )
    expect(granted).toBe(false)
    expect((sessionCalls.check as () => boolean)()).toBe(false)
    let headers: Record<string, string[]> = {}
    ;(
      sessionCalls.headers as (
        d: unknown,
        cb: (r: { responseHeaders: Record<string, string[]> }) => void,
      ) => void
    )({ responseHeaders: {} }, (r) => (headers = r.responseHeaders))
    const csp = headers['Content-Security-Policy']?.[0] ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).not.toMatch(/unsafe-(inline|eval)'[^;]*;?\s*$/m)
    expect(csp.split(';').find((d) => d.trim().startsWith('script-src'))).not.toMatch(/unsafe/)
  })

  it('opens only http(s) and mailto links externally', () => {
    expect(openExternalSafely('https://example.com/x')).toBe(true)
    expect(openExternalSafely('mailto:a@b.example')).toBe(true)
    expect(openExternalSafely('file:///etc/passwd')).toBe(false)
    expect(openExternalSafely('javascript:alert(1)')).toBe(false)
    expect(openExternalSafely('not a url')).toBe(false)
    expect(vi.mocked(shell.openExternal)).toHaveBeenCalledTimes(2)
  })
})

describe('IPC', () => {
  const appUrl = 'file:///opt/kontor/resources/app/out/renderer/index.html'

  it('trusts only the app page itself, at top level', () => {
    expect(isAppFrame({ url: appUrl, parent: null }, appUrl)).toBe(true)
    expect(isAppFrame({ url: appUrl + '#/tickets', parent: null }, appUrl)).toBe(true)
    expect(isAppFrame({ url: appUrl, parent: {} as never }, appUrl)).toBe(false)
    expect(isAppFrame({ url: 'file:///tmp/evil.html', parent: null }, appUrl)).toBe(false)
    expect(isAppFrame({ url: 'https://evil.example/', parent: null }, appUrl)).toBe(false)
    expect(isAppFrame({ url: 'about:srcdoc', parent: null }, appUrl)).toBe(false)
    expect(isAppFrame(null, appUrl)).toBe(false)
    expect(
      isAppFrame({ url: 'http://localhost:5173/', parent: null }, 'http://localhost:5173/'),
    ).toBe(true)
  })

  it('registers one prefixed handler per contract call and refuses other frames', async () => {
    const ipc = {
      handle: (ch: string, h: (...a: unknown[]) => unknown) => handlers.set(ch, h),
      removeHandler: (ch: string) => handlers.delete(ch),
    }
    const table = {
      'app:info': () => ({ hello: 'world' }),
      'app:diagnose': () => [],
    } as unknown as Handlers
    const dispose = registerIpc(
      ipc as unknown as Parameters<typeof registerIpc>[0],
      table,
      () => appUrl,
      silentLogger,
    )
    expect([...handlers.keys()].sort()).toEqual(CALL_NAMES.map((n) => IPC_CALL_PREFIX + n).sort())
    const handler = handlers.get(IPC_CALL_PREFIX + 'app:info')
    expect(await handler?.({ senderFrame: { url: appUrl, parent: null } }, {})).toEqual({
      ok: true,
      data: { hello: 'world' },
    })
    expect(
      await handler?.({ senderFrame: { url: appUrl, parent: { url: appUrl } } }, {}),
    ).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } })
    dispose()
    expect(handlers.size).toBe(0)
  })

  it('forwards core events on prefixed channels', () => {
    const bus = new EventBus()
    const sent: unknown[] = []
    const stop = forwardEvents(bus, (channel, payload) => sent.push([channel, payload]))
    bus.emit('db:changed', { tables: ['x'] })
    stop()
    bus.emit('db:changed', { tables: ['y'] })
    expect(sent).toEqual([['kontor-event:db:changed', { tables: ['x'] }]])
  })
})

describe('window state', () => {
  const display = { x: 0, y: 0, width: 1920, height: 1080 }
  it('restores saved bounds on a visible display', () => {
    expect(
      restoreBounds({ x: 100, y: 80, width: 1200, height: 800, maximized: true }, [display]),
    ).toEqual({ x: 100, y: 80, width: 1200, height: 800, maximized: true })
  })
  it('drops the position when its display is gone, keeps the size', () => {
    expect(
      restoreBounds({ x: 4000, y: 80, width: 1200, height: 800, maximized: false }, [display]),
    ).toEqual({ width: 1200, height: 800, maximized: false })
  })
  it('uses the default size the first time', () => {
    expect(restoreBounds(undefined, [display])).toEqual({
      width: 1440,
      height: 900,
      maximized: false,
    })
  })
})
