/**
 * The zero-setup demo workspace (issue 6 §1). With no configuration the console opens this:
 *
 * - a local store of its own (`<data dir>/demo/kontor.sqlite`), so demo mail never mixes with
 *   a real workspace's;
 * - the shipped demo mailbox (`resources/demo/mailbox`) ingested once through the normal mail
 *   pipeline (`ingestRawMessages`) into three local mailboxes (support@, billing@, emea@), with
 *   dates shifted so that the newest mail is recent at the first start; remembered in
 *   app_settings so a restart does not ingest again;
 * - the demo accounts and contacts imported locally (tickets map to accounts by contact);
 * - an embedded sync server on PGlite (`<demo dir>/server`) seeded with the demo companies and
 *   the documents the mails talk about, on 127.0.0.1 at a free port, and the core's
 *   SyncClient signed in as a demo account manager, so the replica fills with account data.
 *
 * Which workspace the console opens (demo or real) is remembered in the main store's
 * app_settings (`chooseWorkspace`).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { buildServer, openStore, seedDemo, type Store } from '../../server'
import type { Clock } from '../../shared/clock'
import { DEMO_AGENTS, DEMO_SHARED_MAILBOXES, demoAccountsImport } from '../../shared/demo/companies'
import { createCore, type Core } from '../core/core'
import type { Logger } from '../core/logger'
import { migrateDatabase, openDatabase, type DbHandle } from '../db/open'
import { importAccounts } from '../mail/accounts'
import { ingestRawMessages, isLocalMailbox, saveLocalMailbox } from '../mail/ingest'
import { listMailboxes } from '../mail/mailboxes'
import { ParserPool } from '../mail/parser'
import { SettingsStore } from '../services/settings'
import { readDemoDocuments, readDemoManifest, readDemoMailbox } from './demo-mailbox'

export type WorkspaceKind = 'demo' | 'real'

const WORKSPACE_KEY = 'workspace.kind'
const INGESTED_KEY = 'demo.mailboxIngested'

const ingestedSchema = z.object({
  at: z.string(),
  /** The instant the demo's generation time was shifted to. */
  shiftedTo: z.string(),
  messages: z.number().int(),
  tickets: z.number().int(),
})

/** The demo agent's credentials for the embedded server (a 0600 file beside its data). */
const agentFileSchema = z.object({ agentId: z.string(), token: z.string() })
const AGENT_FILE = 'demo-agent.json'

/** The demo workspace's folder inside the data dir (`$KONTOR_HOME` or `~/.kontor`). */
export function demoDir(dataDir: string): string {
  return join(dataDir, 'demo')
}

/** The shipped demo mailbox (manifest, .eml files, documents.json). */
export function demoMailboxDir(root: string): string {
  return join(root, 'resources', 'demo', 'mailbox')
}

/**
 * Which workspace to open, remembered in `store`'s app_settings. The first time: real when a
 * (non-local) mailbox is configured there, else the demo.
 */
export function chooseWorkspace(handle: DbHandle, clock: Clock): WorkspaceKind {
  const settings = new SettingsStore(handle, clock)
  const remembered = settings.get(WORKSPACE_KEY, z.enum(['demo', 'real']))
  if (remembered) return remembered
  const kind: WorkspaceKind = listMailboxes(handle).some((m) => !isLocalMailbox(m))
    ? 'real'
    : 'demo'
  settings.set(WORKSPACE_KEY, kind)
  return kind
}

/** Remember the user's choice (connect real mailboxes, or go back to the demo). */
export function rememberWorkspace(handle: DbHandle, clock: Clock, kind: WorkspaceKind): void {
  new SettingsStore(handle, clock).set(WORKSPACE_KEY, kind)
}

export interface DemoWorkspaceOptions {
  /** The data dir (`$KONTOR_HOME` or `~/.kontor`); the demo lives in its `demo/` folder. */
  dataDir: string
  /** Project (or unpacked app) root: resources and migrations. */
  root: string
  clock: Clock
  version: string
  migrationsFolder: string
  log: Logger
  /** Sync loop heartbeat (the SyncClient's default when omitted). */
  syncIntervalMs?: number
}

export interface DemoWorkspace {
  core: Core
  dir: string
  serverUrl: string
  agent: { id: string; name: string }
  /** What this start ingested (null when the mailbox was already in the store). */
  ingested: { messages: number; bodies: number; tickets: number } | null
  /** Whether this start seeded the embedded server. */
  seeded: boolean
  close(): Promise<void>
}

/** The account manager the demo signs in as: the rep of the most accounts. */
function demoAgentId(): string {
  const manager = DEMO_AGENTS.find((a) => a.role === 'account_manager')
  if (!manager) throw new Error('the demo company set has no account manager')
  return manager.id
}

async function startServer(
  dir: string,
  o: DemoWorkspaceOptions,
): Promise<{ store: Store; app: FastifyInstance; url: string; token: string; seeded: boolean }> {
  const serverDir = join(dir, 'server')
  mkdirSync(serverDir, { recursive: true })
  const store = await openStore({ dataDir: serverDir })
  try {
    const agentFile = join(serverDir, AGENT_FILE)
    let seeded = false
    let credentials = existsSync(agentFile)
      ? agentFileSchema.safeParse(JSON.parse(readFileSync(agentFile, 'utf8')))
      : null
    if (!credentials?.success) {
      const now = o.clock.now()
      const documents = readDemoDocuments(demoMailboxDir(o.root), now)
      const summary = await seedDemo(store.db, now, undefined, documents)
      const agentId = demoAgentId()
      const agent = summary.agents.find((a) => a.id === agentId)
      if (!agent) throw new Error(`the demo seed created no agent ${agentId}`)
      // Tokens are printed once by `kontor server seed-demo`; the demo keeps its own here,
      // readable by this user only. It opens a loopback server holding sample data.
      writeFileSync(agentFile, JSON.stringify({ agentId, token: agent.token }), { mode: 0o600 })
      chmodSync(agentFile, 0o600)
      credentials = agentFileSchema.safeParse({ agentId, token: agent.token })
      seeded = true
    }
    if (!credentials.success) throw new Error('demo agent credentials unreadable')
    const app = await buildServer({ store, now: () => o.clock.now(), version: o.version })
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    return { store, app, url, token: credentials.data.token, seeded }
  } catch (error) {
    await store.close()
    throw error
  }
}

/** Ingest the demo mailbox into three local mailboxes, once; accounts imported first. */
async function ingestDemoMailbox(
  db: DbHandle,
  o: DemoWorkspaceOptions,
): Promise<DemoWorkspace['ingested']> {
  const settings = new SettingsStore(db, o.clock)
  if (settings.get(INGESTED_KEY, ingestedSchema)) return null
  const dir = demoMailboxDir(o.root)
  const manifest = readDemoManifest(dir)
  // Contacts first: rebuilding tickets maps each thread to its account by contact address.
  importAccounts(db, demoAccountsImport())
  const idByAddress = new Map<string, string>()
  for (const m of DEMO_SHARED_MAILBOXES) {
    const folders = [
      ...new Set(manifest.messages.filter((e) => e.mailbox === m.address).map((e) => e.folder)),
    ]
    saveLocalMailbox(db, o.clock, {
      id: m.id,
      address: m.address,
      displayName: m.displayName,
      folders: folders.length ? folders : ['INBOX', 'Sent'],
    })
    idByAddress.set(m.address, m.id)
  }
  const now = o.clock.now()
  const byMailbox = new Map<
    string,
    { folder: string; raw: Buffer; internalDate: Date; flags: string[] }[]
  >()
  for (const msg of readDemoMailbox(dir, now)) {
    const id = idByAddress.get(msg.entry.mailbox)
    if (!id) throw new Error(`demo message for unknown mailbox ${msg.entry.mailbox}`)
    const list = byMailbox.get(id) ?? []
    list.push({
      folder: msg.entry.folder,
      raw: msg.raw,
      internalDate: msg.internalDate,
      flags: msg.entry.flags,
    })
    byMailbox.set(id, list)
  }
  const parser = new ParserPool(1)
  const total = { messages: 0, bodies: 0, tickets: 0 }
  try {
    for (const [mailboxId, messages] of byMailbox) {
      const r = await ingestRawMessages(db, { mailboxId, messages, parser, clock: o.clock })
      total.messages += r.messages
      total.bodies += r.bodies
      total.tickets = r.tickets
    }
  } finally {
    await parser.close()
  }
  settings.set(INGESTED_KEY, {
    at: o.clock.now().toISOString(),
    shiftedTo: now.toISOString(),
    messages: total.messages,
    tickets: total.tickets,
  })
  return total
}

/**
 * Opens (creating on first use) the demo workspace and starts its embedded server and sync
 * loop. `close()` stops both and closes the stores.
 */
export async function openDemoWorkspace(o: DemoWorkspaceOptions): Promise<DemoWorkspace> {
  const dir = demoDir(o.dataDir)
  mkdirSync(dir, { recursive: true })
  const db = openDatabase(join(dir, 'kontor.sqlite'))
  let server: Awaited<ReturnType<typeof startServer>> | null = null
  try {
    migrateDatabase(db, o.migrationsFolder)
    server = await startServer(dir, o)
    const ingested = await ingestDemoMailbox(db, o)
    const core = createCore({
      db,
      clock: o.clock,
      version: o.version,
      migrationsFolder: o.migrationsFolder,
      log: o.log,
      server: { url: server.url, token: server.token },
    })
    core.sync?.start(o.syncIntervalMs ? { intervalMs: o.syncIntervalMs } : {})
    const agentId = demoAgentId()
    const running = server
    return {
      core,
      dir,
      serverUrl: running.url,
      agent: { id: agentId, name: DEMO_AGENTS.find((a) => a.id === agentId)?.name ?? agentId },
      ingested,
      seeded: running.seeded,
      close: async () => {
        core.sync?.stop()
        // Let a pass in flight finish before its store closes.
        await core.sync?.syncOnce()
        await running.app.close()
        await running.store.close()
        db.close()
      },
    }
  } catch (error) {
    if (server) {
      await server.app.close()
      await server.store.close()
    }
    db.close()
    throw error
  }
}
