import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { maildirFolderPath, maildirInfo, writeMaildirMessage } from '../../../src/main/demo/maildir'
import { generateMailbox } from '../../../src/main/demo/mail-generator'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('maildir writer', () => {
  it('maps IMAP flags to maildir letters in ASCII order', () => {
    expect(maildirInfo(['\\Seen', '\\Answered', '\\Flagged'])).toBe(':2,FRS')
    expect(maildirInfo([])).toBe(':2,')
    expect(maildirInfo(['\\Seen', '\\Seen', '$Label1'])).toBe(':2,S')
  })

  it('lays out folders as Maildir++', () => {
    expect(maildirFolderPath('/m', 'INBOX')).toBe('/m')
    expect(maildirFolderPath('/m', 'Sent')).toBe('/m/.Sent')
    expect(maildirFolderPath('/m', 'shared/support')).toBe('/m/.shared.support')
  })

  it('writes generated messages with exact sizes, flags in the name and INTERNALDATE as mtime', () => {
    const root = mkdtempSync(join(tmpdir(), 'kontor-maildir-'))
    dirs.push(root)
    const messages = [
      ...generateMailbox({ seed: 'maildir', now: new Date('2026-11-20T10:00:00Z'), threads: 15 }),
    ]
    const paths = messages.map((m, i) => writeMaildirMessage(root, m, i))
    expect(
      readdirSync(join(root, 'cur')).length + readdirSync(join(root, '.Sent', 'cur')).length,
    ).toBe(messages.length)
    for (const sub of ['new', 'tmp']) expect(statSync(join(root, sub)).isDirectory()).toBe(true)
    messages.forEach((m, i) => {
      const path = paths[i] ?? ''
      expect(path.startsWith(join(m.folder === 'INBOX' ? root : join(root, '.Sent'), 'cur'))).toBe(
        true,
      )
      expect(readFileSync(path).equals(m.raw)).toBe(true)
      expect(basename(path)).toContain(`,S=${m.raw.length}:2,`)
      expect(basename(path).endsWith(maildirInfo(m.flags))).toBe(true)
      expect(Math.abs(statSync(path).mtimeMs - m.internalDate.getTime())).toBeLessThan(1000)
    })
    expect(new Set(paths).size).toBe(paths.length)
  })
})
