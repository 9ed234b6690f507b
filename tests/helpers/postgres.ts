/**
 * A real PostgreSQL server for integration tests: `initdb` in a temp dir, `pg_ctl` start on
 * a free 127.0.0.1 port with the socket dir inside the temp dir, stopped by pid.
 *
 * PostgreSQL refuses to run as root, so when the tests run as root the temp dir is given to
 * the `postgres` user and initdb/pg_ctl run through `runuser -u postgres --`.
 */
import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` (trust auth on loopback). */
  url: string
  port: number
  /** e.g. `PostgreSQL 15.14` */
  version: string
  /** Stop the server (by pid) and remove its temp dir. */
  stop: () => Promise<void>
}

export function findPostgresBin(): string | null {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return null
  const versions = readdirSync(base)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
  for (const v of versions) {
    const bin = join(base, v, 'bin')
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin
  }
  return null
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

function postgresUid(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'))
  if (!line) throw new Error('no postgres user on this machine (apt-get install postgresql)')
  const parts = line.split(':')
  return { uid: Number(parts[2]), gid: Number(parts[3]) }
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin()
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)')
  const asRoot = process.getuid?.() === 0
  const dir = mkdtempSync(join(tmpdir(), 'kontor-pg-'))
  const data = join(dir, 'data')
  const run = (cmd: string, args: string[]): string => {
    const full = asRoot ? ['runuser', '-u', 'postgres', '--', cmd, ...args] : [cmd, ...args]
    return execFileSync(full[0] as string, full.slice(1), {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  }
  if (asRoot) {
    const { uid, gid } = postgresUid()
    chownSync(dir, uid, gid)
  }
  run(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ])
  const port = await freePort()
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`
  run(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-o',
    opts,
    '-l',
    join(dir, 'log'),
    '-w',
    '-t',
    '60',
    'start',
  ])
  const pidLine = readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0] ?? ''
  const pid = Number(pidLine)
  const version = run(join(bin, 'postgres'), ['--version'])
    .trim()
    .replace(/^postgres \(PostgreSQL\) /, 'PostgreSQL ')
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    try {
      process.kill(pid, 'SIGINT') // fast shutdown
    } catch {
      // already gone
    }
    const deadline = Date.now() + 20_000
    while (Date.now() < deadline) {
      try {
        process.kill(pid, 0)
      } catch {
        break
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    rmSync(dir, { recursive: true, force: true })
  }
  return { url, port, version, stop }
}
