import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ParserPool } from '../../../src/main/mail/parser'

const CORPUS = join(__dirname, '../../fixtures/mail/malformed')
const files = readdirSync(CORPUS).filter((f) => f.endsWith('.eml'))

/** Which corpus files exceed a parse limit (stored as failed with raw source) rather than parse. */
const OVER_LIMIT = new Set(['deep-nesting.eml', 'huge-header.eml'])

describe('MIME parsing in a worker, with limits', () => {
  const pool = new ParserPool()
  afterAll(() => pool.close())

  it.each(files)('%s parses or fails cleanly', async (file) => {
    const raw = readFileSync(join(CORPUS, file))
    const body = await pool.parse(raw)
    if (OVER_LIMIT.has(file)) {
      expect(body.parseError).toBeTruthy()
      expect(body.raw?.equals(raw)).toBe(true)
    } else {
      expect(body.parseError).toBeNull()
      expect(body.raw).toBeNull()
    }
  })

  it('decodes legacy charsets and 8-bit bodies', async () => {
    const latin = await pool.parse(readFileSync(join(CORPUS, 'latin1-8bit-headers.eml')))
    expect(latin.text).toContain('Lieferung für Auftrag 4711 ist verspätet')
    const cp = await pool.parse(readFileSync(join(CORPUS, 'windows-1252-qp.eml')))
    expect(cp.text).toContain('Price € 120 “net”')
  })

  it('handles a huge attachment part and reports it without keeping its content', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 7)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n')
    const raw = Buffer.from(
      [
        'From: buyer@acme.example',
        'Subject: Big drawing',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="B"',
        '',
        '--B',
        'Content-Type: text/plain',
        '',
        'See the drawing.',
        '--B',
        'Content-Type: application/pdf; name="drawing.pdf"',
        'Content-Disposition: attachment; filename="drawing.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        big,
        '--B--',
        '',
      ].join('\r\n'),
    )
    const body = await pool.parse(raw)
    expect(body.parseError).toBeNull()
    expect(body.text?.trim()).toBe('See the drawing.')
    expect(body.attachments).toEqual([
      { filename: 'drawing.pdf', mimeType: 'application/pdf', size: 6 * 1024 * 1024 },
    ])
  })

  it('a parse past the time limit fails that message and the pool keeps working', async () => {
    const slow = new ParserPool(1, 1)
    try {
      const raw = Buffer.from(
        'Subject: x\r\nContent-Type: text/plain\r\n\r\n' + 'word '.repeat(2_000_000),
      )
      const body = await slow.parse(raw)
      expect(body.parseError).toMatch(/exceeded 1 ms/)
      expect(body.raw?.length).toBe(raw.length)
    } finally {
      await slow.close()
    }
    const ok = await pool.parse(Buffer.from('Subject: after\r\n\r\nstill fine\r\n'))
    expect(ok.text?.trim()).toBe('still fine')
  })
})
