import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findProjectRoot } from '../../src/main/paths'

// The desktop app cannot run here, so check what `npm run build` wrote for the main process.
describe('built main process', () => {
  const dir = join(findProjectRoot(__dirname), 'out', 'main')

  it('has the MIME parser and mail store workers beside index.js, where their owners look', () => {
    expect(existsSync(join(dir, 'index.js'))).toBe(true)
    expect(existsSync(join(dir, 'parse-worker.js'))).toBe(true)
    expect(existsSync(join(dir, 'store-worker.js'))).toBe(true)
  })

  it('requires only built-ins, electron, its own chunks and installed dependencies', () => {
    const files = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.js'))
    const req = createRequire(join(dir, 'index.js'))
    for (const file of files) {
      const source = readFileSync(join(dir, file), 'utf8')
      for (const [, id] of source.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)) {
        if (!id || id === 'electron' || id.startsWith('node:') || id.startsWith('.')) continue
        expect(() => req.resolve(id), `${file} requires ${id}`).not.toThrow()
      }
    }
  })
})
