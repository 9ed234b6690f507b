import { beforeEach, describe, expect, it, vi } from 'vitest'

// The Electron binary cannot run here: mock the module and check what the shell is handed.
vi.mock('electron', () => ({
  BrowserWindow: { getFocusedWindow: vi.fn(() => null) },
  shell: { openExternal: vi.fn(async () => undefined) },
  dialog: { showOpenDialog: vi.fn() },
}))

import { dialog, shell } from 'electron'
import { electronDesktop } from '../../../src/main/windows/desktop'

describe('the Electron desktop capability', () => {
  beforeEach(() => vi.clearAllMocks())

  it('hands only http(s) and mailto URLs to the system browser', async () => {
    const desktop = electronDesktop(() => null)
    await desktop.openExternal('https://acme.example/orders?id=1')
    await desktop.openExternal('mailto:finance@acme.example')
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'ms-msdt:/id x', 'smb://h/s'])
      await expect(desktop.openExternal(url)).rejects.toThrow(/refused/)
    expect(vi.mocked(shell.openExternal).mock.calls.map((c) => c[0])).toEqual([
      'https://acme.example/orders?id=1',
      'mailto:finance@acme.example',
    ])
  })

  it('asks for a folder (directories only) and reports a cancel as null', async () => {
    const desktop = electronDesktop(() => null)
    vi.mocked(dialog.showOpenDialog).mockResolvedValueOnce({
      canceled: false,
      filePaths: ['/home/agent/Downloads'],
    })
    expect(await desktop.chooseFolder({ title: 'Save in', defaultPath: '/home/agent' })).toBe(
      '/home/agent/Downloads',
    )
    expect(vi.mocked(dialog.showOpenDialog).mock.calls[0]).toEqual([
      {
        title: 'Save in',
        defaultPath: '/home/agent',
        properties: ['openDirectory', 'createDirectory'],
      },
    ])
    vi.mocked(dialog.showOpenDialog).mockResolvedValueOnce({ canceled: true, filePaths: [] })
    expect(await desktop.chooseFolder({ title: 'Save in' })).toBeNull()
  })
})
