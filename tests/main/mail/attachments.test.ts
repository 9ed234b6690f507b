import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import fc from 'fast-check'
import type { MessageStructureObject } from 'imapflow'
import { afterAll, describe, expect, it } from 'vitest'
import {
  attachmentParts,
  commitFile,
  contained,
  matchPart,
  numberedName,
  safeFileName,
} from '../../../src/main/mail/attachments'
import { tempDir } from '../../helpers/core'

const tmp = tempDir('kontor-attach-unit-')
afterAll(() => tmp.dispose())

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/
const WINDOWS_FORBIDDEN = /[<>:"/\\|?*]/

describe('safeFileName', () => {
  it.each([
    ['drawing.pdf', 'drawing.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\System32\\evil.dll', 'evil.dll'],
    ['/etc/shadow', 'shadow'],
    ['C:\\Users\\x\\invoice.pdf', 'invoice.pdf'],
    ['\\\\server\\share\\list.csv', 'list.csv'],
    ['dir/', 'dir'],
    ['..', 'attachment'],
    ['.', 'attachment'],
    ['', 'attachment'],
    [null, 'attachment'],
    ['   ', 'attachment'],
    ['.bashrc', '_bashrc'],
    ['...hidden.txt', '_hidden.txt'],
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['nul .txt', '_nul.txt'],
    ['LPT1.tar.gz', '_LPT1.tar.gz'],
    ['COM¹.log', '_COM¹.log'],
    ['report.', 'report'],
    ['report . ', 'report'],
    ['a<b>c:d"e|f?g*h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['file\u0000name.txt', 'filename.txt'],
    ['line\r\nbreak.txt', 'line break.txt'],
    // RIGHT-TO-LEFT OVERRIDE: "invoice‮fdp.exe" is shown as "invoiceexe.pdf" by a bidi renderer.
    ['invoice\u202efdp.exe', 'invoicefdp.exe'],
    ['zero\u200bwidth\ufeff.pdf', 'zerowidth.pdf'],
    ['／etc／passwd', '_etc_passwd'],
    ['a\u2215b.txt', 'a_b.txt'],
    // NFD "é" (e + combining acute) becomes NFC.
    ['Rechnung_Mai_e\u0301.pdf', 'Rechnung_Mai_é.pdf'],
    ['Angebot Nr. 2026-0042.pdf', 'Angebot Nr. 2026-0042.pdf'],
    ['Lieferschein   März.PDF', 'Lieferschein März.PDF'],
    ['報價單.xlsx', '報價單.xlsx'],
  ])('%j -> %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected)
  })

  it('bounds long names in UTF-8 bytes and keeps the extension', () => {
    const long = safeFileName(`${'x'.repeat(400)}.pdf`)
    expect(long.endsWith('.pdf')).toBe(true)
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(200)
    const emoji = safeFileName(`${'😀'.repeat(200)}.png`)
    expect(emoji.endsWith('.png')).toBe(true)
    expect(Buffer.byteLength(emoji)).toBeLessThanOrEqual(200)
    // No half surrogate pair at the cut.
    expect(emoji).toBe(emoji.normalize('NFC'))
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(emoji)).toBe(false)
    // A long "extension" is not kept as one.
    expect(safeFileName(`a.${'b'.repeat(40)}`)).toBe(`a.${'b'.repeat(40)}`)
  })

  it('gives a safe, stable, contained name for any input (property)', () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc
        .array(
          fc.constantFrom(
            '..',
            '.',
            '/',
            '\\',
            'CON',
            'nul',
            '\u202e',
            '\u200b',
            '\u0000',
            '\r\n',
            ' ',
            '：',
            '／',
            'a',
            'é',
            '😀',
            '.exe',
            '.pdf',
            ':',
            '*',
          ),
          { maxLength: 40 },
        )
        .map((parts) => parts.join('')),
    )
    fc.assert(
      fc.property(hostile, (name) => {
        const out = safeFileName(name)
        expect(out.length).toBeGreaterThan(0)
        expect(out).not.toMatch(/[/\\]/)
        expect(out).not.toMatch(CONTROL)
        expect(out).not.toMatch(BIDI)
        expect(out).not.toMatch(WINDOWS_FORBIDDEN)
        expect(out.startsWith('.')).toBe(false)
        expect(/[. ]$/.test(out)).toBe(false)
        expect(WINDOWS_RESERVED.test(out)).toBe(false)
        expect(Buffer.byteLength(out)).toBeLessThanOrEqual(200)
        expect(out).toBe(out.normalize('NFC'))
        expect(safeFileName(out)).toBe(out)
        const target = resolve(tmp.dir, numberedName(out, 7))
        expect(dirname(target)).toBe(resolve(tmp.dir))
      }),
      { numRuns: 2000 },
    )
  })
})

describe('contained and commitFile', () => {
  it('refuses a name that would leave the folder', () => {
    expect(() => contained(tmp.dir, '../x')).toThrow(/leave the folder/)
    expect(() => contained(tmp.dir, '/etc/passwd')).toThrow(/leave the folder/)
    expect(() => contained(tmp.dir, 'a/b')).toThrow(/leave the folder/)
    expect(contained(tmp.dir, 'ok.txt')).toBe(join(resolve(tmp.dir), 'ok.txt'))
  })

  it('never overwrites: taken names get (1), (2) ...', () => {
    const dir = join(tmp.dir, 'commit')
    mkdirSync(dir)
    writeFileSync(join(dir, 'offer.pdf'), 'existing')
    const names: string[] = []
    for (let i = 0; i < 3; i++) {
      const temp = join(dir, `.kontor-${i}.part`)
      writeFileSync(temp, `new ${i}`)
      names.push(commitFile(temp, dir, 'offer.pdf'))
      expect(existsSync(temp)).toBe(false)
    }
    expect(names.map((n) => n.slice(dir.length + 1))).toEqual([
      'offer (1).pdf',
      'offer (2).pdf',
      'offer (3).pdf',
    ])
    expect(readFileSync(join(dir, 'offer.pdf'), 'utf8')).toBe('existing')
    expect(readFileSync(join(dir, 'offer (2).pdf'), 'utf8')).toBe('new 1')
    expect(readdirSync(dir).sort()).toEqual([
      'offer (1).pdf',
      'offer (2).pdf',
      'offer (3).pdf',
      'offer.pdf',
    ])
  })

  it('a hostile name lands inside the folder under its sanitised name', () => {
    const dir = join(tmp.dir, 'hostile')
    mkdirSync(dir)
    const temp = join(dir, '.kontor-h.part')
    writeFileSync(temp, 'x')
    const path = commitFile(temp, dir, '../../../../tmp/evil\u202egnp.sh')
    expect(path).toBe(join(dir, 'evilgnp.sh'))
  })
})

describe('matching a stored attachment to its BODYSTRUCTURE part', () => {
  const node = (o: Partial<MessageStructureObject> & { type: string }): MessageStructureObject =>
    o as MessageStructureObject
  const structure = node({
    type: 'multipart/mixed',
    childNodes: [
      node({
        type: 'multipart/related',
        childNodes: [
          node({ part: '1.1', type: 'text/html', size: 400 }),
          node({ part: '1.2', type: 'image/png', size: 900, id: '<logo>' }),
        ],
      }),
      node({
        part: '2',
        type: 'application/pdf',
        size: 4000,
        disposition: 'attachment',
        dispositionParameters: { filename: 'a.pdf' },
      }),
      node({
        part: '3',
        type: 'application/pdf',
        size: 5000,
        disposition: 'attachment',
        dispositionParameters: { filename: 'a.pdf' },
      }),
      node({ part: '4', type: 'text/csv', size: 10, parameters: { name: 'lines.csv' } }),
    ],
  })

  it('lists named, attached and non-text inline parts, not the text body', () => {
    expect(attachmentParts(structure).map((p) => p.part)).toEqual(['1.2', '2', '3', '4'])
  })

  it('matches by name, type and rank, not by position in another list', () => {
    const parts = attachmentParts(structure)
    // A parser that does not list the inline logo: positions differ, names do not.
    const stored = [
      { filename: 'a.pdf', mimeType: 'application/pdf', size: 3000 },
      { filename: 'a.pdf', mimeType: 'application/pdf', size: 3700 },
      { filename: 'lines.csv', mimeType: 'text/csv', size: 8 },
    ]
    expect(matchPart(parts, stored, 0)?.part).toBe('2')
    expect(matchPart(parts, stored, 1)?.part).toBe('3')
    expect(matchPart(parts, stored, 2)?.part).toBe('4')
    expect(matchPart(parts, stored, 3)).toBeNull()
    // A stored section is used when it still names the same file.
    expect(
      matchPart(
        parts,
        [{ filename: 'a.pdf', mimeType: 'application/pdf', size: 3000, part: '3' }],
        0,
      )?.part,
    ).toBe('3')
    // ... and ignored when it does not.
    expect(
      matchPart(parts, [{ filename: 'lines.csv', mimeType: 'text/csv', size: 8, part: '2' }], 0)
        ?.part,
    ).toBe('4')
    // The same name with a different type reported still matches.
    expect(
      matchPart(
        parts,
        [{ filename: 'lines.csv', mimeType: 'application/octet-stream', size: 1 }],
        0,
      )?.part,
    ).toBe('4')
  })
})
