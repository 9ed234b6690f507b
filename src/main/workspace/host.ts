/**
 * The workspace host: which workspace the console shows (the demo or the real one), started
 * and switched in this process.
 *
 * - The main store (`<data dir>/kontor.sqlite`, or `--db PATH`) is the real workspace's local
 *   store. It also remembers the choice (`workspace.kind`, see `chooseWorkspace`) and the real
 *   workspace's sync server (`workspace.server`: URL and the agent it signs in as; the token
 *   goes to the secret vault). The demo has its own store and embedded server (`demo/`).
 * - Transports (Electron IPC, the web socket) are given `handlers` and `events` once: both are
 *   stable and delegate to whichever core is open, so a switch needs no new window or URL.
 * - A switch (or a change to the open real workspace's mailboxes or server) stops the open
 *   workspace (mail watchers log out, the sync loop and an embedded server stop), opens the
 *   other, and emits `workspace:switched`; the UI reloads. Calls that arrive meanwhile wait.
 *   The choice is written only once the other workspace has opened, so a failed switch
 *   leaves the previous one open and remembered.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { Clock } from '../../shared/clock'
import { CALL_NAMES, type CallName, type ParsedInput } from '../../shared/contract'
import type {
  MailboxTestResult,
  WorkspaceInfo,
  WorkspaceKind,
  WorkspaceMailboxInfo,
  WorkspaceServerInfo,
} from '../../shared/contract/workspace'
import { KontorError } from '../../shared/errors'
import { createCore, type Core, type CoreOptions } from '../core/core'
import type { Handler, Handlers } from '../core/dispatch'
import { EventBus } from '../core/events'
import type { Logger } from '../core/logger'
import { migrateDatabase, openDatabase, type DbHandle } from '../db/open'
import {
  chooseWorkspace,
  demoDir,
  openDemoWorkspace,
  rememberWorkspace,
  type DemoServerHost,
} from '../demo/workspace'
import { createHandlers } from '../services/handlers'
import { MailService } from '../services/mail-service'
import { SettingsStore } from '../services/settings'
import { ServerApi, type FetchLike, type ServerConnection } from '../sync/server-api'
import type { WorkspaceControl } from './control'
import {
  listRealMailboxes,
  mailboxIdFor,
  removeRealMailbox,
  saveRealMailbox,
  toMailboxInfo,
} from './mailboxes'
import { testImap, testSmtp } from './mailbox-test'
import { hasSecret, secretsNote, SERVER_TOKEN_REF, type SecretVault } from './secrets'

const SERVER_KEY = 'workspace.server'

const serverSettingSchema = z.object({
  url: z.string(),
  agent: z.object({ id: z.string(), name: z.string(), role: z.string() }).nullable(),
})

export interface WorkspaceHostOptions {
  /** `$KONTOR_HOME`, `~/.kontor` or the app's userData: the demo lives in its `demo/`. */
  dataDir: string
  /** The real workspace's store (default `<dataDir>/kontor.sqlite`). */
  dbPath?: string
  /** Project (or unpacked app) root: the demo mailbox. */
  root: string
  clock: Clock
  version: string
  migrationsFolder: string
  log: Logger
  startServer: DemoServerHost
  /** The vault, or how to make it on the main store (the app keeps ciphertext there). */
  secrets: SecretVault | ((main: DbHandle) => SecretVault)
  /** This run always opens this workspace (`kontor web --db` / `--demo`): no switching. */
  fixed?: WorkspaceKind
  /** Options every core gets (the desktop capability in the app). */
  core?: Pick<CoreOptions, 'desktop'>
  /** Called before the demo is built for the first time (about 20 s). */
  onDemoFirstStart?: (dir: string) => void
  demoSyncIntervalMs?: number
  fetchImpl?: FetchLike
}

interface Opened {
  kind: WorkspaceKind
  core: Core
  handlers: Handlers
  demo: { agent: { id: string; name: string }; dir: string; serverUrl: string } | null
  /** One line for the console's start message. */
  describe: string
  close(): Promise<void>
}

export class WorkspaceHost implements WorkspaceControl {
  /** Every open core's events, forwarded; plus `workspace:switched`. */
  readonly events = new EventBus()
  /** The one handler table for the transports: each call goes to the open core. */
  readonly handlers: Handlers
  /** The real workspace's store (also where the choice is remembered). */
  readonly main: DbHandle
  private readonly settings: SettingsStore
  private readonly secrets: SecretVault
  private opened: Opened | null = null
  private unforward: (() => void) | null = null
  /** Set while a workspace is being (re)opened; calls wait for it. */
  private changing: Promise<void> | null = null
  private closed = false

  private constructor(private readonly o: WorkspaceHostOptions) {
    this.main = openDatabase(o.dbPath ?? join(o.dataDir, 'kontor.sqlite'))
    this.settings = new SettingsStore(this.main, o.clock)
    this.secrets = typeof o.secrets === 'function' ? o.secrets(this.main) : o.secrets
    const table: Partial<Record<CallName, Handler<CallName>>> = {}
    for (const name of CALL_NAMES) {
      table[name] = async (input, ctx) => {
        while (this.changing) await this.changing
        const handler = this.current().handlers[name] as Handler<CallName>
        return handler(input, ctx)
      }
    }
    this.handlers = table as Handlers
  }

  /** Opens the main store and the workspace chosen last time (the demo when none was). */
  static async open(o: WorkspaceHostOptions): Promise<WorkspaceHost> {
    const host = new WorkspaceHost(o)
    try {
      migrateDatabase(host.main, o.migrationsFolder)
      const kind = o.fixed ?? chooseWorkspace(host.main, o.clock)
      host.install(await host.openKind(kind))
      return host
    } catch (error) {
      host.main.close()
      throw error
    }
  }

  get core(): Core {
    return this.current().core
  }

  get kind(): WorkspaceKind {
    return this.current().kind
  }

  /** What the start message says about the open workspace. */
  describe(): string {
    return this.current().describe
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    while (this.changing) await this.changing
    await this.uninstall()
    this.main.close()
  }

  // --- WorkspaceControl -------------------------------------------------------------------

  info(): WorkspaceInfo {
    const opened = this.current()
    return {
      kind: opened.kind,
      switchable: !this.o.fixed,
      secrets: { storage: this.secrets.storage, note: secretsNote(this.secrets.storage) },
      real: {
        mailboxes: listRealMailboxes(this.main).map((m) => toMailboxInfo(m, this.secrets)),
        server: this.serverInfo(),
      },
      demo: opened.demo ? { agent: opened.demo.agent, serverUrl: opened.demo.serverUrl } : null,
    }
  }

  async testMailbox(input: ParsedInput<'workspace:testMailbox'>): Promise<MailboxTestResult> {
    const id = input.id ?? mailboxIdFor(input.address)
    const secret = (given: string | undefined, ref: string): string | null => {
      if (given) return given
      try {
        return this.secrets.get(ref)
      } catch {
        return null
      }
    }
    const noPassword = (what: string) => ({
      ok: false,
      code: 'no_password' as const,
      message: `Enter the ${what} password to test.`,
      ms: 0,
    })
    const imapPassword = secret(input.imapPassword, `imap:${id}`)
    const smtpPassword = secret(input.smtpPassword, `smtp:${id}`) ?? imapPassword
    const [imap, smtp] = await Promise.all([
      imapPassword
        ? testImap({ ...input.imap, password: imapPassword }, input.folders, input.timeoutMs)
        : Promise.resolve(noPassword('IMAP')),
      input.smtp
        ? smtpPassword
          ? testSmtp({ ...input.smtp, password: smtpPassword }, input.timeoutMs)
          : Promise.resolve(noPassword('SMTP'))
        : Promise.resolve(null),
    ])
    this.o.log.info('mailbox tested', { mailbox: id, imap: imap.code, smtp: smtp?.code ?? null })
    return { imap, smtp }
  }

  async saveMailbox(input: ParsedInput<'workspace:saveMailbox'>): Promise<WorkspaceMailboxInfo> {
    let saved: WorkspaceMailboxInfo | null = null
    await this.reconfigure(() => {
      const cfg = saveRealMailbox(this.main, this.o.clock, this.secrets, input)
      saved = toMailboxInfo(cfg, this.secrets)
    })
    if (!saved) throw new KontorError('E_INTERNAL', 'The mailbox was not saved.')
    return saved
  }

  async removeMailbox(id: string): Promise<void> {
    await this.reconfigure(() => removeRealMailbox(this.main, this.secrets, id))
  }

  async connectServer(input: ParsedInput<'workspace:connectServer'>): Promise<WorkspaceServerInfo> {
    const url = input.url.replace(/\/+$/, '')
    const token = input.token ?? this.storedToken()
    if (!token)
      throw new KontorError('E_INVALID_INPUT', 'Enter the token the sync server gave you.', [
        { path: 'token', message: 'Enter the token.' },
      ])
    await this.checkHealth(url)
    const me = await new ServerApi({ url, token }, this.o.fetchImpl, 10_000).me()
    const agent = { id: me.id, name: me.name, role: me.role }
    await this.reconfigure(() => {
      this.secrets.set(SERVER_TOKEN_REF, token)
      this.settings.set(SERVER_KEY, { url, agent })
    })
    this.o.log.info('sync server connected', { url, agent: agent.id })
    return { url, tokenStored: true, agent }
  }

  async disconnectServer(): Promise<void> {
    await this.reconfigure(() => {
      this.secrets.delete(SERVER_TOKEN_REF)
      this.settings.delete(SERVER_KEY)
    })
  }

  async switchTo(kind: WorkspaceKind): Promise<WorkspaceInfo> {
    if (this.o.fixed)
      throw new KontorError(
        'E_RULE_VIOLATION',
        `This run was started on a fixed workspace (${this.o.fixed === 'demo' ? '--demo' : '--db'}); restart without it to switch.`,
      )
    if (kind === this.kind) return this.info()
    if (kind === 'real' && listRealMailboxes(this.main).length === 0 && !this.serverInfo())
      throw new KontorError(
        'E_RULE_VIOLATION',
        'Add a mailbox or connect a sync server before switching to your own workspace.',
      )
    await this.change(async () => {
      const previous = this.current().kind
      await this.uninstall()
      try {
        this.install(await this.openKind(kind))
      } catch (error) {
        this.o.log.error('workspace switch failed', { to: kind, error: (error as Error).message })
        this.install(await this.openKind(previous))
        throw error
      }
      rememberWorkspace(this.main, this.o.clock, kind)
    })
    this.o.log.info('workspace switched', { kind })
    this.events.emit('workspace:switched', { kind })
    return this.info()
  }

  // --- internals --------------------------------------------------------------------------

  private current(): Opened {
    if (!this.opened) throw new KontorError('E_OFFLINE', 'The workspace is being opened; retry.')
    return this.opened
  }

  /**
   * Change the real workspace's configuration. When the real workspace is open, its mail
   * service and sync client read the configuration at start: stop it, write, open it again.
   */
  private async reconfigure(write: () => void): Promise<void> {
    if (this.kind !== 'real') {
      write()
      return
    }
    await this.change(async () => {
      await this.uninstall()
      try {
        write()
      } finally {
        this.install(await this.openKind('real'))
      }
    })
    this.events.emit('workspace:switched', { kind: 'real' })
  }

  private async change(work: () => Promise<void>): Promise<void> {
    while (this.changing) await this.changing
    const running = work()
    this.changing = running.then(
      () => undefined,
      () => undefined,
    )
    try {
      await running
    } finally {
      this.changing = null
    }
  }

  private install(opened: Opened): void {
    this.opened = opened
    this.unforward = opened.core.events.onAny((name, payload) =>
      this.events.emit(name, payload as never),
    )
  }

  private async uninstall(): Promise<void> {
    const opened = this.opened
    if (!opened) return
    this.unforward?.()
    this.unforward = null
    this.opened = null
    await opened.close()
  }

  private storedToken(): string | null {
    try {
      return this.secrets.get(SERVER_TOKEN_REF)
    } catch {
      return null
    }
  }

  private serverInfo(): WorkspaceServerInfo | null {
    const stored = this.settings.get(SERVER_KEY, serverSettingSchema)
    if (!stored) return null
    return {
      url: stored.url,
      agent: stored.agent,
      tokenStored: hasSecret(this.secrets, SERVER_TOKEN_REF),
    }
  }

  private async checkHealth(url: string): Promise<void> {
    const fetchImpl = this.o.fetchImpl ?? fetch
    let response: Response
    try {
      response = await fetchImpl(new URL('/v1/health', url + '/').toString(), {
        signal: AbortSignal.timeout(10_000),
      })
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } }
      throw new KontorError(
        'E_OFFLINE',
        e.name === 'TimeoutError'
          ? `${url} did not answer within 10 s.`
          : `Nothing answers at ${url}${e.cause?.code ? ` (${e.cause.code})` : ''}.`,
      )
    }
    const body = (await response.json().catch(() => null)) as { ok?: boolean } | null
    if (!response.ok || !body || typeof body !== 'object')
      throw new KontorError(
        'E_NOT_FOUND',
        `${url} is not a Kontor sync server (GET /v1/health answered ${response.status}).`,
      )
  }

  private realConnection(): ServerConnection | undefined {
    const server = this.settings.get(SERVER_KEY, serverSettingSchema)
    if (!server) return undefined
    const token = this.storedToken()
    if (!token) {
      this.o.log.warn('sync server not used: no token for this run', { url: server.url })
      return undefined
    }
    return { url: server.url, token }
  }

  private async openKind(kind: WorkspaceKind): Promise<Opened> {
    const o = this.o
    if (kind === 'demo') {
      const dir = demoDir(o.dataDir)
      if (!existsSync(dir)) o.onDemoFirstStart?.(dir)
      const started = Date.now()
      const demo = await openDemoWorkspace({
        dataDir: o.dataDir,
        root: o.root,
        clock: o.clock,
        version: o.version,
        migrationsFolder: o.migrationsFolder,
        log: o.log,
        startServer: o.startServer,
        ...(o.demoSyncIntervalMs ? { syncIntervalMs: o.demoSyncIntervalMs } : {}),
        core: { ...o.core, workspace: this },
      })
      return {
        kind,
        core: demo.core,
        handlers: createHandlers(demo.core),
        demo: { agent: demo.agent, dir: demo.dir, serverUrl: demo.serverUrl },
        describe:
          `demo workspace in ${demo.dir} (${demo.ingested ? 'built' : 'opened'} in ${Date.now() - started} ms;` +
          ` signed in as ${demo.agent.name} to the embedded sync server ${demo.serverUrl};` +
          ` "kontor demo reset" starts it over)`,
        close: () => demo.close(),
      }
    }
    const server = this.realConnection()
    const core = createCore({
      db: this.main,
      clock: o.clock,
      version: o.version,
      migrationsFolder: o.migrationsFolder,
      log: o.log,
      secrets: this.secrets,
      workspace: this,
      ...o.core,
      ...(server ? { server } : {}),
    })
    const mail = new MailService({ core, secrets: this.secrets })
    mail.start()
    core.sync?.start()
    return {
      kind,
      core,
      handlers: createHandlers(core),
      demo: null,
      describe: `local store ${this.main.path}; ${mail.mailboxes().length} mailbox(es) watched${server ? `; sync server ${server.url}` : ''}`,
      close: async () => {
        await mail.stop()
        core.sync?.stop()
        // Let a pass in flight finish before the next core uses the store.
        if (core.sync) await core.sync.syncOnce()
        core.close()
      },
    }
  }
}
