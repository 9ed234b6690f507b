import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import PostalMime from 'postal-mime'
import { describe, expect, it } from 'vitest'

const FIXTURES = join(__dirname, '..', '..', 'fixtures')
const MIME_DIR = join(FIXTURES, 'mime')
const HTML_DIR = join(FIXTURES, 'html-mail')

function emlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.eml'))
    .sort()
}

function readmeEntries(dir: string): string[] {
  return readFileSync(join(dir, 'README.md'), 'utf8')
    .split('\n')
    .map((line) => /^- `([^`]+\.eml)`: \S/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined)
}

describe('fixture corpora', { timeout: 60_000 }, () => {
  it.each([MIME_DIR, HTML_DIR])('%s has one README line per .eml file', (dir) => {
    const files = emlFiles(dir)
    expect(files.length).toBeGreaterThan(20)
    expect(readmeEntries(dir).sort()).toEqual(files)
  })

  it('covers what the mail engine must survive', () => {
    const files = emlFiles(MIME_DIR).join(' ')
    for (const topic of [
      'boundary-',
      'deep-nesting-200',
      'charset-unknown',
      'headers-raw-8bit',
      'huge-part',
      'missing-',
      'duplicate-message-id-a',
      'duplicate-message-id-b',
      'encoded-word-',
    ])
      expect(files).toContain(topic)
  })

  it('has a 200-level nesting and a multi-megabyte part', () => {
    const deep = readFileSync(join(MIME_DIR, 'deep-nesting-200.eml'), 'latin1')
    expect(deep.match(/^Content-Type: multipart\/mixed/gm)?.length).toBe(200)
    expect(readFileSync(join(MIME_DIR, 'huge-part-6mb.eml')).length).toBeGreaterThan(5_000_000)
  })

  it('keeps two different messages under one duplicated Message-ID', async () => {
    const a = await PostalMime.parse(readFileSync(join(MIME_DIR, 'duplicate-message-id-a.eml')))
    const b = await PostalMime.parse(readFileSync(join(MIME_DIR, 'duplicate-message-id-b.eml')))
    expect(a.messageId).toBe(b.messageId)
    expect(a.text).not.toBe(b.text)
  })

  it('points every remote URL of the HTML corpus at the canary placeholder', () => {
    for (const file of emlFiles(HTML_DIR)) {
      const raw = readFileSync(join(HTML_DIR, file), 'latin1')
      // Loopback only through the placeholder, so that a test's canary sees every leak.
      for (const m of raw.matchAll(/127\.0\.0\.1(.{0,14})/g))
        expect(m[1], file).toMatch(/^:CANARY_PORT\//)
      // Any other http(s) or protocol-relative URL (file: is not fetched remotely) is a namespace URI or a reserved .example host that cannot resolve.
      for (const m of raw.matchAll(/(?:https?:|["'(=\s])\/\/([^/\s"'<>)?#]+)/g)) {
        const host = (m[1] ?? '').split('@').pop() ?? ''
        expect(
          host === '127.0.0.1:CANARY_PORT' ||
            host === 'www.w3.org' ||
            host.endsWith('.example') ||
            host === '',
          `${file}: ${m[0]}`,
        ).toBe(true)
      }
      expect(raw, file).toContain(`CANARY_PORT/${file.replace(/\.eml$/, '')}/`)
    }
  })

  it('parses every HTML fixture to an HTML body once the port is substituted', async () => {
    for (const file of emlFiles(HTML_DIR)) {
      const raw = Buffer.from(
        readFileSync(join(HTML_DIR, file), 'latin1').replace(/CANARY_PORT/g, '45678'),
        'latin1',
      )
      const parsed = await PostalMime.parse(raw)
      expect(parsed.html ?? '', file).toMatch(/<|&lt;/)
      expect(parsed.html ?? '', file).not.toContain('CANARY_PORT')
    }
  })
})
