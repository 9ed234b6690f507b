import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

/** The checkout (or unpacked app) root: the nearest folder up whose package.json is Kontor's. */
export function findProjectRoot(start: string = __dirname): string {
  let dir = resolve(start)
  for (;;) {
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'kontor')
          return dir
      } catch {
        // not ours; keep walking up
      }
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`Kontor's package.json not found above ${start}`)
    dir = parent
  }
}

export function clientMigrationsFolder(root: string = findProjectRoot()): string {
  return join(root, 'drizzle', 'client')
}

export function rendererDir(root: string = findProjectRoot()): string {
  return join(root, 'out', 'renderer')
}

/** Where the CLI and web mode keep the local store unless told otherwise. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.KONTOR_HOME ? resolve(env.KONTOR_HOME) : join(homedir(), '.kontor')
}

export function packageVersion(root: string = findProjectRoot()): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string })
    .version
}
