import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { freePort } from './ports'

/**
 * A real Dovecot 2.3 IMAP server for integration tests: its own config, state and mail in a
 * temp dir, plain IMAP on a free loopback port, users from a passwd-file. Mail is owned by a
 * non-root uid (Dovecot refuses to access mail as root); the auth process runs as `dovecot`,
 * so the temp dir and the passwd-file are world-readable.
 */
export interface DovecotUser {
  user: string
  password: string
}

export interface DeliverOptions {
  /** IMAP system flags (\\Seen, \\Answered, \\Flagged, \\Deleted, \\Draft). */
  flags?: string[]
  /** The message's INTERNALDATE (RFC 3501 §2.3.3); maildir takes it from the file's mtime. */
  internalDate?: Date
}

export interface DovecotServer {
  host: '127.0.0.1'
  port: number
  version: string
  users: DovecotUser[]
  dir: string
  maildir(user: string): string
  /** Write a message straight into a maildir folder (fast; Dovecot picks it up on next scan). */
  deliver(
    user: string,
    folder: string,
    rawMessage: string | Buffer,
    options?: DeliverOptions,
  ): string
  /** Create an (empty) maildir folder, e.g. `Sent` or `Archive.2024`. */
  createFolder(user: string, folder: string): void
  stop(): Promise<void>
}

export interface StartDovecotOptions {
  users: DovecotUser[]
  /** Extra lines appended to dovecot.conf (e.g. to turn off an extension). */
  extraConfig?: string
}

const MAIL_UID = 65534
const MAIL_GID = 65534

const FLAG_LETTERS: Record<string, string> = {
  '\\Draft': 'D',
  '\\Flagged': 'F',
  '\\Answered': 'R',
  '\\Seen': 'S',
  '\\Deleted': 'T',
}

function chownMail(path: string): void {
  chownSync(path, MAIL_UID, MAIL_GID)
}

/** mkdir -p that gives every level it creates to the mail uid (mkdirSync only returns the first). */
function mkdirMail(path: string): void {
  if (existsSync(path)) return
  mkdirMail(dirname(path))
  mkdirSync(path)
  chownMail(path)
}

export function dovecotVersion(): string {
  return execFileSync('dovecot', ['--version'], { encoding: 'utf8' }).trim()
}

function waitForGreeting(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect(port, '127.0.0.1')
      socket.once('data', (chunk) => {
        socket.destroy()
        if (chunk.toString().startsWith('* OK')) resolve()
        else reject(new Error(`unexpected greeting: ${chunk.toString().slice(0, 80)}`))
      })
      socket.once('error', () => {
        socket.destroy()
        if (Date.now() > deadline) reject(new Error(`Dovecot did not listen on ${port}`))
        else setTimeout(attempt, 50)
      })
    }
    attempt()
  })
}

export async function startDovecot(options: StartDovecotOptions): Promise<DovecotServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-dovecot-'))
  chmodSync(dir, 0o755)
  const port = await freePort()
  const mailRoot = join(dir, 'mail')
  mkdirMail(mailRoot)
  const runDir = join(dir, 'run')
  const stateDir = join(dir, 'state')
  mkdirSync(runDir, { mode: 0o755 })
  mkdirSync(stateDir, { mode: 0o755 })
  const passwd = join(dir, 'passwd')
  writeFileSync(
    passwd,
    options.users.map((u) => `${u.user}:{PLAIN}${u.password}::::::`).join('\n') + '\n',
    {
      mode: 0o644,
    },
  )
  for (const u of options.users) {
    for (const sub of ['cur', 'new', 'tmp']) mkdirMail(join(mailRoot, u.user, 'Maildir', sub))
  }
  const conf = join(dir, 'dovecot.conf')
  writeFileSync(
    conf,
    [
      `base_dir = ${runDir}`,
      `state_dir = ${stateDir}`,
      `log_path = ${join(dir, 'dovecot.log')}`,
      `info_log_path = ${join(dir, 'dovecot.log')}`,
      'protocols = imap',
      `listen = 127.0.0.1`,
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `mail_location = maildir:${mailRoot}/%u/Maildir`,
      'mail_uid = 65534',
      'mail_gid = 65534',
      'first_valid_uid = 1',
      'mail_privileged_group =',
      // CONDSTORE/QRESYNC (RFC 7162) need the modseq index; Dovecot keeps it by default.
      'mail_plugins =',
      'imap_capability = +QRESYNC',
      'default_login_user = dovenull',
      'default_internal_user = dovecot',
      `service imap-login {\n  chroot =\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
      `service anvil {\n  chroot =\n}`,
      `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN ${passwd}\n}`,
      `userdb {\n  driver = static\n  args = uid=65534 gid=65534 home=${mailRoot}/%u\n}`,
      `namespace inbox {\n  inbox = yes\n  separator = /\n  mailbox Sent {\n    special_use = \\Sent\n  }\n}`,
      options.extraConfig ?? '',
    ].join('\n') + '\n',
    { mode: 0o644 },
  )
  const child: ChildProcess = spawn('dovecot', ['-F', '-c', conf], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    await Promise.race([
      waitForGreeting(port, 10_000),
      exited.then(() => {
        throw new Error(`dovecot exited: ${stderr.slice(0, 500)}`)
      }),
    ])
  } catch (error) {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    throw error
  }

  const maildir = (user: string) => join(mailRoot, user, 'Maildir')
  // Maildir++ folder names: `.Sent`, `.Archive.2024` (with separator "/" mapped to ".").
  const folderDir = (user: string, folder: string) =>
    folder.toUpperCase() === 'INBOX'
      ? maildir(user)
      : join(maildir(user), '.' + folder.replace(/\//g, '.'))
  const createFolder = (user: string, folder: string) => {
    const base = folderDir(user, folder)
    for (const sub of ['cur', 'new', 'tmp']) mkdirMail(join(base, sub))
    if (folder.toUpperCase() !== 'INBOX') {
      writeFileSync(join(base, 'maildirfolder'), '')
      chownMail(join(base, 'maildirfolder'))
    }
  }
  let counter = 0
  const deliver = (
    user: string,
    folder: string,
    raw: string | Buffer,
    opts: DeliverOptions = {},
  ) => {
    const base = folderDir(user, folder)
    createFolder(user, folder)
    const data = typeof raw === 'string' ? Buffer.from(raw.replace(/\r?\n/g, '\r\n')) : raw
    const when = opts.internalDate ?? new Date()
    counter += 1
    // Maildir unique name (time.Mpid_counter.host); S= lets Dovecot skip a stat for the size.
    const unique = `${Math.floor(when.getTime() / 1000)}.M${randomBytes(4).toString('hex')}P${process.pid}Q${counter}.kontor,S=${data.length}`
    const letters = (opts.flags ?? [])
      .map((f) => FLAG_LETTERS[f])
      .filter(Boolean)
      .sort()
      .join('')
    const tmp = join(base, 'tmp', unique)
    writeFileSync(tmp, data)
    chownMail(tmp)
    utimesSync(tmp, when, when)
    const final = join(base, 'cur', `${unique}:2,${letters}`)
    // rename is atomic: Dovecot never sees a half-written message (the maildir contract).
    renameSync(tmp, final)
    return final
  }

  return {
    host: '127.0.0.1',
    port,
    version: dovecotVersion(),
    users: options.users,
    dir,
    maildir,
    deliver,
    createFolder,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
        await exited
        clearTimeout(timer)
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
