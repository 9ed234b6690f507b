import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../../src/main/core/core'
import type { DesktopCapability } from '../../../src/main/core/desktop'
import { dispatch } from '../../../src/main/core/dispatch'
import { migrateDatabase, openDatabase } from '../../../src/main/db/open'
import { clientMigrationsFolder } from '../../../src/main/paths'
import { createHandlers } from '../../../src/main/services/handlers'
import { fixedClock } from '../../../src/shared/clock'
import { externalUrl, imageSenderFor } from '../../../src/shared/contract/viewer'
import type { CallInput, CallName, CallOutput, EventName } from '../../../src/shared/contract'
import type { Result } from '../../../src/shared/result'
import { tempDir } from '../../helpers/core'

const caller = { transport: 'web' as const, trusted: true }

class FakeDesktop implements DesktopCapability {
  opened: string[] = []
  folder: string | null = null
  asked = 0
  openExternal(url: string): Promise<void> {
    this.opened.push(url)
    return Promise.resolve()
  }
  chooseFolder(): Promise<string | null> {
    this.asked++
    return Promise.resolve(this.folder)
  }
}

const disposers: (() => void)[] = []
afterEach(() => disposers.splice(0).forEach((d) => d()))

function open(dir: string, desktop?: DesktopCapability) {
  const db = openDatabase(join(dir, 'kontor.sqlite'))
  migrateDatabase(db, clientMigrationsFolder())
  const core: Core = createCore({
    db,
    clock: fixedClock('2026-11-27T09:00:00Z'),
    version: 'test',
    migrationsFolder: clientMigrationsFolder(),
    ...(desktop ? { desktop } : {}),
  })
  const handlers = createHandlers(core)
  const events: { name: EventName; payload: unknown }[] = []
  core.events.onAny((name, payload) => events.push({ name, payload }))
  return {
    core,
    events,
    call: async <K extends CallName>(name: K, input: CallInput<K>) =>
      (await dispatch(handlers, name, input, caller)) as Result<CallOutput<K>>,
    close: () => db.close(),
  }
}

describe('externalUrl (shared by the core, the Electron shell and the renderer)', () => {
  it.each([
    ['https://acme.example/orders?id=1', 'https://acme.example/orders?id=1'],
    ['http://acme.example', 'http://acme.example/'],
    ['  HTTPS://ACME.example/x  ', 'https://acme.example/x'],
    ['mailto:buyer@acme.example?subject=PO%2012', 'mailto:buyer@acme.example?subject=PO%2012'],
    ['https://xn--80ak6aa92e.example/', 'https://xn--80ak6aa92e.example/'],
  ])('allows %s', (raw, href) => {
    expect(externalUrl(raw)?.href).toBe(href)
  })

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'cid:logo@acme',
    'vbscript:msgbox(1)',
    'ftp://acme.example/file',
    'tel:+4930123',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'search-ms:query=invoice',
    '//acme.example/no-scheme',
    '/relative/path',
    '#anchor',
    '',
    'https://user:pass@acme.example/',
    'https://bank.example@evil.example/',
    'https://acme.example/\u0000x',
    'https://acme.example/a b',
    'http://',
    `https://acme.example/${'a'.repeat(9000)}`,
  ])('refuses %j', (raw) => {
    expect(externalUrl(raw)).toBeNull()
  })
})

describe('viewer handlers', () => {
  it('app:openExternal hands only http(s) and mailto to the desktop shell', async () => {
    const t = tempDir('kontor-viewer-')
    const desktop = new FakeDesktop()
    const app = open(t.dir, desktop)
    disposers.push(() => {
      app.close()
      t.dispose()
    })
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'cid:a']) {
      const r = await app.call('app:openExternal', { url })
      expect(r).toMatchObject({ ok: false, error: { code: 'E_INVALID_INPUT' } })
    }
    expect(desktop.opened).toEqual([])
    const ok = await app.call('app:openExternal', { url: 'https://acme.example/track?o=1' })
    expect(ok).toEqual({
      ok: true,
      data: { url: 'https://acme.example/track?o=1', openedBy: 'desktop' },
    })
    await app.call('app:openExternal', { url: 'mailto:finance@acme.example' })
    expect(desktop.opened).toEqual([
      'https://acme.example/track?o=1',
      'mailto:finance@acme.example',
    ])
  })

  it('without a desktop shell (web mode) the caller opens the validated link itself', async () => {
    const t = tempDir('kontor-viewer-')
    const app = open(t.dir)
    disposers.push(() => {
      app.close()
      t.dispose()
    })
    expect(await app.call('app:openExternal', { url: 'https://acme.example' })).toEqual({
      ok: true,
      data: { url: 'https://acme.example/', openedBy: 'caller' },
    })
    expect(await app.call('app:openExternal', { url: 'javascript:void 0' })).toMatchObject({
      ok: false,
      error: { code: 'E_INVALID_INPUT' },
    })
    const settings = await app.call('viewer:settings', {})
    expect(settings).toMatchObject({
      ok: true,
      data: {
        attachmentsFolder: join(t.dir, 'attachments'),
        canChooseFolder: false,
        opensLinks: false,
        imageSenders: [],
      },
    })
    // Choosing a folder needs the desktop app.
    expect(
      await app.call('mail:saveAttachment', { messageRowId: 1, index: 0, choose: true }),
    ).toMatchObject({ ok: false, error: { code: 'E_INVALID_INPUT' } })
  })

  it('image senders are validated, persisted across restarts, announced, and removable', async () => {
    const t = tempDir('kontor-viewer-')
    disposers.push(() => t.dispose())
    const first = open(t.dir)
    const seen: unknown[] = []
    const off = first.core.events.on('viewer:imageSendersChanged', (e) => seen.push(e))
    for (const sender of ['not an address', 'com', '<x@y.z>', 'a@b', '']) {
      const r = await first.call('viewer:allowImages', { sender })
      expect(r).toMatchObject({ ok: false, error: { code: 'E_INVALID_INPUT' } })
    }
    const a = await first.call('viewer:allowImages', {
      sender: ' Katrin.Vogel@Hallberg-Group.example ',
    })
    expect(a).toEqual({
      ok: true,
      data: [
        {
          sender: 'katrin.vogel@hallberg-group.example',
          kind: 'address',
          addedAt: '2026-11-27T09:00:00.000Z',
        },
      ],
    })
    await first.call('viewer:allowImages', { sender: 'acme.example' })
    // Adding twice keeps one entry.
    await first.call('viewer:allowImages', { sender: 'ACME.example' })
    expect(seen).toHaveLength(2)
    off()
    first.close()

    const second = open(t.dir)
    disposers.push(() => second.close())
    const list = await second.call('viewer:imageSenders', {})
    expect(list.ok && list.data.map((s) => [s.sender, s.kind])).toEqual([
      ['katrin.vogel@hallberg-group.example', 'address'],
      ['acme.example', 'domain'],
    ])
    const removed = await second.call('viewer:removeImageSender', { sender: 'acme.example' })
    expect(removed.ok && removed.data.map((s) => s.sender)).toEqual([
      'katrin.vogel@hallberg-group.example',
    ])
    expect(await second.call('viewer:removeImageSender', { sender: 'acme.example' })).toMatchObject(
      { ok: false, error: { code: 'E_NOT_FOUND' } },
    )
  })

  it('imageSenderFor matches an address exactly and a domain with its subdomains', () => {
    const list = [
      { sender: 'katrin@hallberg.example', kind: 'address' as const, addedAt: '' },
      { sender: 'acme.example', kind: 'domain' as const, addedAt: '' },
    ]
    expect(imageSenderFor(list, 'Katrin@Hallberg.example')?.sender).toBe('katrin@hallberg.example')
    expect(imageSenderFor(list, 'other@hallberg.example')).toBeNull()
    expect(imageSenderFor(list, 'x@acme.example')?.sender).toBe('acme.example')
    expect(imageSenderFor(list, 'x@mail.acme.example')?.sender).toBe('acme.example')
    expect(imageSenderFor(list, 'x@notacme.example')).toBeNull()
    expect(imageSenderFor(list, 'x@acme.example.evil')).toBeNull()
    expect(imageSenderFor(list, null)).toBeNull()
  })

  it('the attachments folder is a setting (absolute paths only); the folder dialog may be cancelled', async () => {
    const t = tempDir('kontor-viewer-')
    const desktop = new FakeDesktop()
    const app = open(t.dir, desktop)
    disposers.push(() => {
      app.close()
      t.dispose()
    })
    expect(await app.call('viewer:setAttachmentsFolder', { folder: 'relative/dir' })).toMatchObject(
      {
        ok: false,
        error: { code: 'E_INVALID_INPUT' },
      },
    )
    const set = await app.call('viewer:setAttachmentsFolder', { folder: join(t.dir, 'Downloads') })
    expect(set).toMatchObject({
      ok: true,
      data: {
        attachmentsFolder: join(t.dir, 'Downloads'),
        canChooseFolder: true,
        opensLinks: true,
      },
    })
    const reset = await app.call('viewer:setAttachmentsFolder', { folder: null })
    expect(reset).toMatchObject({
      ok: true,
      data: { attachmentsFolder: join(t.dir, 'attachments') },
    })
    // Cancelled dialog: nothing is fetched or written.
    desktop.folder = null
    expect(
      await app.call('mail:saveAttachment', { messageRowId: 1, index: 0, choose: true }),
    ).toEqual({ ok: true, data: { saved: false } })
    expect(desktop.asked).toBe(1)
    // No such message: a clear error, not a crash.
    expect(await app.call('mail:saveAttachment', { messageRowId: 99, index: 0 })).toMatchObject({
      ok: false,
      error: { code: 'E_NOT_FOUND', message: 'No message 99.' },
    })
  })
})
