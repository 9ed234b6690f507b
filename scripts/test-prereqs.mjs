// Makes sure the real servers the tests talk to are installed: Dovecot (IMAP), PostgreSQL
// and Chromium, from Debian's packages. As root it installs what is missing; otherwise it
// fails naming the packages. Nothing is ever skipped for a missing server.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'

const installOnly = process.argv.includes('--install-only')

function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0
}

function hasPostgres() {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return false
  return readdirSync(base).some(
    (v) => existsSync(`${base}/${v}/bin/initdb`) && existsSync(`${base}/${v}/bin/pg_ctl`),
  )
}

const needs = [
  { pkg: 'dovecot-imapd', ok: () => hasCommand('dovecot') && existsSync('/usr/lib/dovecot/imap') },
  { pkg: 'postgresql', ok: hasPostgres },
  { pkg: 'chromium', ok: () => existsSync('/usr/bin/chromium') },
]

const missing = needs.filter((n) => !n.ok()).map((n) => n.pkg)
if (missing.length > 0) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (!isRoot) {
    console.error(
      `The tests need these Debian packages: ${missing.join(' ')}\nInstall them with: sudo apt-get install -y ${missing.join(' ')}`,
    )
    process.exit(1)
  }
  console.log(`Installing test servers: ${missing.join(' ')}`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  })
  const still = needs.filter((n) => !n.ok()).map((n) => n.pkg)
  if (still.length > 0) {
    console.error(`Still missing after apt-get install: ${still.join(' ')}`)
    process.exit(1)
  }
}

if (!installOnly) {
  // better-sqlite3 rebuilt for Electron (electron-rebuild) no longer loads in Node: say so plainly.
  try {
    const require = createRequire(import.meta.url)
    const Database = require('better-sqlite3')
    new Database(':memory:').close()
  } catch (error) {
    console.error(
      `better-sqlite3 does not load under Node ${process.version}: ${error.message}\nRun "npm rebuild better-sqlite3" (never electron-rebuild in a test checkout).`,
    )
    process.exit(1)
  }
}
