import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findProjectRoot } from '../../../src/main/paths'

// A sandboxed preload can only require('electron'); anything else fails at runtime in the
// app, which cannot run here. So check the built bundle (npm test builds before testing).
describe('built preload', () => {
  const file = join(findProjectRoot(__dirname), 'out', 'preload', 'index.js')

  it('exists (npm run build)', () => {
    expect(existsSync(file)).toBe(true)
  })

  it('requires nothing but electron', () => {
    const source = readFileSync(file, 'utf8')
    const required = [...source.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])
    expect(required.length).toBeGreaterThan(0)
    expect(new Set(required)).toEqual(new Set(['electron']))
    expect(source).not.toMatch(/\bimport\s*\(/)
  })

  it('exposes only the contract bridge', () => {
    const source = readFileSync(file, 'utf8')
    expect(
      [...source.matchAll(/exposeInMainWorld\(\s*["']([^"']+)["']/g)].map((m) => m[1]),
    ).toEqual(['kontor'])
  })
})
