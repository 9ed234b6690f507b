import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { createContractClient, type ContractClient } from '../../../src/shared/contract/client'
import type { ImageSender, ViewerSettings } from '../../../src/shared/contract/viewer'
import { AttachmentList } from '../../../src/renderer/src/mail/AttachmentList'
import { LinkConfirm } from '../../../src/renderer/src/mail/LinkConfirm'
import { RemoteImages } from '../../../src/renderer/src/mail/RemoteImages'
import { REFUSED_ATTR, sanitizeMailHtml } from '../../../src/renderer/src/mail/sanitize'
import type { Result } from '../../../src/shared/result'

/** A contract client over a scripted transport that records every call. */
function fakeClient(answer: (name: string, input: unknown) => Result<unknown>): {
  client: ContractClient
  calls: { name: string; input: unknown }[]
} {
  const calls: { name: string; input: unknown }[] = []
  const client = createContractClient({
    invoke: (name, input) => {
      calls.push({ name, input })
      return Promise.resolve(answer(name, input))
    },
    subscribe: () => () => undefined,
  })
  return { client, calls }
}

const webSettings: ViewerSettings = {
  attachmentsFolder: '/home/agent/.kontor/attachments',
  canChooseFolder: false,
  opensLinks: false,
  imageSenders: [],
}

describe('LinkConfirm', () => {
  it('shows the real target and host before opening; web mode opens it in a new tab, no call needed', () => {
    const opened: string[] = []
    const onClose = vi.fn()
    render(
      <LinkConfirm
        client={null}
        url="https://track.evil.example/r?to=https://bank.example"
        opensLinks={false}
        onClose={onClose}
        openWindow={(u) => opened.push(u)}
      />,
    )
    expect(screen.getByRole('dialog').textContent).toContain('Open this link outside Kontor?')
    expect(screen.getByTestId('link-host').textContent).toBe('track.evil.example')
    expect(screen.getByTestId('link-target').textContent).toBe(
      'https://track.evil.example/r?to=https://bank.example',
    )
    expect(opened).toEqual([])
    fireEvent.click(screen.getByRole('button', { name: 'Open link' }))
    expect(opened).toEqual(['https://track.evil.example/r?to=https://bank.example'])
    expect(onClose).toHaveBeenCalled()
  })

  it('cancel opens nothing', () => {
    const opened: string[] = []
    const onClose = vi.fn()
    render(
      <LinkConfirm
        client={null}
        url="https://acme.example/"
        opensLinks={false}
        onClose={onClose}
        openWindow={(u) => opened.push(u)}
      />,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(onClose).toHaveBeenCalled()
    expect(opened).toEqual([])
  })

  it('in the desktop app the core opens the link (app:openExternal)', async () => {
    const { client, calls } = fakeClient(() => ({
      ok: true,
      data: { url: 'mailto:finance@acme.example', openedBy: 'desktop' },
    }))
    const opened: string[] = []
    const onClose = vi.fn()
    render(
      <LinkConfirm
        client={client}
        url="mailto:finance@acme.example"
        opensLinks
        onClose={onClose}
        openWindow={(u) => opened.push(u)}
      />,
    )
    expect(screen.queryByTestId('link-host')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Open link' }))
    await waitFor(() => expect(onClose).toHaveBeenCalled())
    expect(calls).toEqual([
      { name: 'app:openExternal', input: { url: 'mailto:finance@acme.example' } },
    ])
    expect(opened).toEqual([])
  })

  it.each([
    ['javascript:alert(document.cookie)', 'javascript'],
    ['data:text/html;base64,PHNjcmlwdD4=', 'data'],
    ['file:///C:/Windows/System32/calc.exe', 'file'],
    ['cid:logo@acme', 'cid'],
  ])('refuses %s with a note and no way to open it', (url, scheme) => {
    const opened: string[] = []
    render(
      <LinkConfirm
        client={null}
        url={url}
        opensLinks={false}
        onClose={() => undefined}
        openWindow={(u) => opened.push(u)}
      />,
    )
    const dialog = screen.getByRole('dialog')
    expect(dialog.textContent).toContain('This link was not opened')
    expect(dialog.textContent).toContain(`"${scheme}:"`)
    expect(screen.getByTestId('link-target').textContent).toBe(url)
    expect(screen.queryByRole('button', { name: 'Open link' })).toBeNull()
    expect(opened).toEqual([])
  })

  it('renders a hostile target as text', () => {
    render(
      <LinkConfirm
        client={null}
        url={'javascript:"<img src=x onerror=alert(1)>"'}
        opensLinks={false}
        onClose={() => undefined}
      />,
    )
    expect(screen.getByRole('dialog').querySelector('img')).toBeNull()
  })
})

describe('the sanitizer keeps a refused link target for the question', () => {
  it('marks javascript: and file: links, keeps http(s) and mailto as links', () => {
    const { html, refusedLinks } = sanitizeMailHtml(
      '<a href="javascript:alert(1)">pay</a><a href="file:///etc/passwd">f</a><a href="https://acme.example/">ok</a>',
      { allowRemote: false },
    )
    const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html')
    const links = Array.from(doc.querySelectorAll('a'))
    expect(links.map((a) => [a.getAttribute('href'), a.getAttribute(REFUSED_ATTR)])).toEqual([
      [null, '0'],
      [null, '1'],
      ['https://acme.example/', null],
    ])
    expect(refusedLinks).toEqual(['javascript:alert(1)', 'file:///etc/passwd'])
  })
})

describe('RemoteImages', () => {
  it('offers once, always for the address, always for the domain', () => {
    const { client, calls } = fakeClient(() => ({ ok: true, data: [] }))
    const onLoadOnce = vi.fn()
    render(
      <RemoteImages
        client={client}
        blocked={3}
        fromAddress="Katrin.Vogel@Hallberg-Group.example"
        allowedBy={null}
        loadedOnce={false}
        onLoadOnce={onLoadOnce}
      />,
    )
    expect(screen.getByRole('region').textContent).toContain('3 remote images were blocked.')
    fireEvent.click(screen.getByRole('button', { name: 'Load images' }))
    expect(onLoadOnce).toHaveBeenCalledTimes(1)
    expect(calls).toEqual([])
    fireEvent.click(
      screen.getByRole('button', { name: 'Always for katrin.vogel@hallberg-group.example' }),
    )
    fireEvent.click(screen.getByRole('button', { name: 'Always for hallberg-group.example' }))
    expect(calls).toEqual([
      { name: 'viewer:allowImages', input: { sender: 'katrin.vogel@hallberg-group.example' } },
      { name: 'viewer:allowImages', input: { sender: 'hallberg-group.example' } },
    ])
  })

  it('says when a sender is allowed and lets the agent stop it', () => {
    const { client, calls } = fakeClient(() => ({ ok: true, data: [] }))
    const entry: ImageSender = { sender: 'acme.example', kind: 'domain', addedAt: '' }
    render(
      <RemoteImages
        client={client}
        blocked={0}
        fromAddress="x@acme.example"
        allowedBy={entry}
        loadedOnce={false}
        onLoadOnce={() => undefined}
      />,
    )
    expect(document.body.textContent).toContain('Images load for everyone at acme.example.')
    fireEvent.click(screen.getByRole('button', { name: 'Block again' }))
    expect(calls).toEqual([{ name: 'viewer:removeImageSender', input: { sender: 'acme.example' } }])
  })

  it('shows nothing when nothing was blocked or the images were loaded once', () => {
    const { container, rerender } = render(
      <RemoteImages
        client={null}
        blocked={0}
        fromAddress="x@acme.example"
        allowedBy={null}
        loadedOnce={false}
        onLoadOnce={() => undefined}
      />,
    )
    expect(container.textContent).toBe('')
    rerender(
      <RemoteImages
        client={null}
        blocked={2}
        fromAddress="x@acme.example"
        allowedBy={null}
        loadedOnce
        onLoadOnce={() => undefined}
      />,
    )
    expect(container.textContent).toBe('')
  })
})

describe('AttachmentList', () => {
  it('saves on demand and says where the file went; names are text', async () => {
    const { client, calls } = fakeClient(() => ({
      ok: true,
      data: {
        saved: true,
        path: '/home/agent/.kontor/attachments/img src=x onerror=alert(1).pdf',
        folder: '/home/agent/.kontor/attachments',
        fileName: 'img src=x onerror=alert(1).pdf',
        bytes: 10,
        mimeType: 'application/pdf',
      },
    }))
    render(
      <AttachmentList
        client={client}
        messageRowId={42}
        attachments={[
          {
            filename: '<img src=x onerror=alert(1)>.pdf',
            mimeType: 'application/pdf',
            size: 2_500_000,
          },
        ]}
        settings={webSettings}
      />,
    )
    const row = screen.getByTestId('attachment')
    expect(row.querySelector('img')).toBeNull()
    expect(row.textContent).toContain('<img src=x onerror=alert(1)>.pdf')
    expect(row.textContent).toContain('2.4 MB')
    expect(screen.queryByRole('button', { name: 'Save to…' })).toBeNull()
    expect(document.body.textContent).toContain('/home/agent/.kontor/attachments')
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }))
      await Promise.resolve()
    })
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        'Saved to /home/agent/.kontor/attachments/img src=x onerror=alert(1).pdf',
      ),
    )
    expect(calls).toEqual([
      { name: 'mail:saveAttachment', input: { messageRowId: 42, index: 0, choose: false } },
    ])
  })

  it('shows the core’s error (message moved: resync)', async () => {
    const { client } = fakeClient(() => ({
      ok: false,
      error: {
        code: 'E_NOT_FOUND',
        message: 'The message is no longer on the server (moved or deleted): resync and try again.',
      },
    }))
    render(
      <AttachmentList
        client={client}
        messageRowId={1}
        attachments={[{ filename: 'a.csv', mimeType: 'text/csv', size: 10 }]}
        settings={{ ...webSettings, canChooseFolder: true }}
      />,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Save to…' }))
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/resync/))
  })
})
