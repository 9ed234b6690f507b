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
 * app_settings (`chooseWorkspace`); `src/main/workspace/host.ts` opens it and switches.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { Clock } from '../../shared/clock'
import {
  DEMO_ACCOUNTS,
  DEMO_AGENTS,
  DEMO_SHARED_MAILBOXES,
  demoAccountsImport,
} from '../../shared/demo/companies'
import type { PauseReason } from '../../shared/sla'
import { createCore, type Core, type CoreOptions } from '../core/core'
import type { Logger } from '../core/logger'
import { migrateDatabase, openDatabase, type DbHandle } from '../db/open'
import { importAccounts } from '../mail/accounts'
import { ingestRawMessages, isLocalMailbox, saveLocalMailbox } from '../mail/ingest'
import { listMailboxes } from '../mail/mailboxes'
import { ParserPool } from '../mail/parser'
import { MailStore } from '../mail/store'
import { SettingsStore } from '../services/settings'
import type { DemoDocuments } from '../../shared/demo/documents'
import { deliverDemoReplies } from './demo-outbox'
import { readDemoDocuments, readDemoManifest, readDemoMailbox } from './demo-mailbox'

export type WorkspaceKind = 'demo' | 'real'

const WORKSPACE_KEY = 'workspace.kind'
const INGESTED_KEY = 'demo.mailboxIngested'
const SETTLED_KEY = 'demo.historySettled'

const ingestedSchema = z.object({
  at: z.string(),
  /** The instant the demo's generation time was shifted to. */
  shiftedTo: z.string(),
  messages: z.number().int(),
  tickets: z.number().int(),
})

/** The embedded sync server, running (see `DemoServerHost`). */
export interface DemoServer {
  url: string
  /** The demo agent's bearer token (a secret: never logged). */
  token: string
  /** Whether this start seeded it (first start). */
  seeded: boolean
  close(): Promise<void>
}

/**
 * Starts the demo's embedded sync server. Injected by the composition root (the CLI, the
 * Electron entry): the core does not import the sync server (lint enforces the arrow).
 */
export type DemoServerHost = (options: {
  /** The server's PGlite data folder. */
  dataDir: string
  clock: Clock
  version: string
  /** The agent to sign in as (an account manager of the demo set). */
  agentId: string
  /** The documents the demo mails talk about, dated for now (read only when seeding). */
  documents: () => DemoDocuments
}) => Promise<DemoServer>

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
  startServer: DemoServerHost
  /** Sync loop heartbeat (the SyncClient's default when omitted). */
  syncIntervalMs?: number
  /** Passed to the demo's core: the workspace host (Settings, switching), the desktop shell. */
  core?: Pick<CoreOptions, 'workspace' | 'desktop'>
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

/** The account manager the demo signs in as (the first of the demo set). */
export function demoAgentId(): string {
  const manager = DEMO_AGENTS.find((a) => a.role === 'account_manager')
  if (!manager) throw new Error('the demo company set has no account manager')
  return manager.id
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
    const saved = saveLocalMailbox(db, o.clock, {
      id: m.id,
      address: m.address,
      displayName: m.displayName,
      folders: folders.length ? folders : ['INBOX', 'Sent'],
    })
    // A start interrupted while ingesting left part of the mailbox: drop it and begin again,
    // or the next pass would place the same mails a second time under new UIDs.
    const store = new MailStore(db, new Set())
    for (const path of saved.folders) {
      const folder = store.folder(saved.id, path)
      if (folder.lastUid > 0) store.resetFolder(folder.id, folder.uidValidity ?? '1')
    }
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

/** Pause reasons of the demo's recently answered tickets, in turn (the customer's most often). */
const DEMO_PAUSES: readonly PauseReason[] = [
  'waiting_on_customer',
  'waiting_on_po_approval',
  'waiting_on_customer',
  'waiting_on_erp_backorder',
  'waiting_on_customer',
  'waiting_on_supplier',
]

/** The demo manager's own accounts: those they look after, with their descendants. */
function repAccountIds(agentId: string): Set<string> {
  const own = new Set(DEMO_ACCOUNTS.filter((a) => a.repId === agentId).map((a) => a.id))
  for (let grew = true; grew;) {
    grew = false
    for (const a of DEMO_ACCOUNTS)
      if (a.parentId !== null && own.has(a.parentId) && !own.has(a.id)) {
        own.add(a.id)
        grew = true
      }
  }
  return own
}

/**
 * Give the demo a believable past: two in three of the open tickets on the demo manager's
 * own accounts are assigned to them, threads we answered more than two days ago are marked
 * resolved, and so are those the customer closed with a last word that needs no answer, and most answered since are paused (waiting on the customer, a PO approval, an
 * ERP backorder or a supplier), through the normal sync outbox as the demo agent (for every
 * account in the agent's scope, which the first pull has just brought: the demo agent
 * covers all of them, see `seedDemo`). Done once per workspace.
 */
export async function settleDemoHistory(core: Core): Promise<number> {
  const settings = new SettingsStore(core.db, core.clock)
  if (!core.sync || settings.get(SETTLED_KEY, z.boolean())) return 0
  const status = await core.sync.syncOnce()
  if (status.state !== 'idle') return 0
  const cutoff = new Date(core.clock.now().getTime() - 2 * 86_400_000).toISOString()
  const tickets = core.db.sqlite
    .prepare(
      `SELECT t.id, t.account_id AS accountId, t.last_message_at AS lastMessageAt, t.status
         FROM mail_tickets t
         JOIN replica_entities a ON a.entity = 'account' AND a.id = t.account_id
        WHERE t.status IN ('waiting', 'open')
        ORDER BY t.id`,
    )
    .all() as { id: string; accountId: string; lastMessageAt: string; status: string }[]
  const rows = tickets.filter((t) => t.status === 'waiting')
  const agentId = demoAgentId()
  const own = repAccountIds(agentId)
  const allOpen = tickets.filter((t) => t.status === 'open')
  // A customer's last word more than two days ago was a thank-you ("received, thanks") or a
  // form whose quotation went out in a thread of its own: closed without a reply.
  const closed = allOpen.filter((row) => row.lastMessageAt < cutoff)
  // The customers waiting for an answer on the demo manager's own accounts are theirs ("My
  // tickets"); the rest of the open mail stays unassigned for the team.
  const open = allOpen.filter((row) => row.lastMessageAt >= cutoff && own.has(row.accountId))
  let queued = 0
  let paused = 0
  core.db.sqlite.transaction(() => {
    for (const row of closed) {
      core.sync?.enqueue({
        name: 'ticket.setStatus',
        args: { ticketId: row.id, accountId: row.accountId, status: 'resolved' },
      })
      queued++
    }
    open.forEach((row, i) => {
      if (i % 3 === 2) return
      core.sync?.enqueue({
        name: 'ticket.assign',
        args: { ticketId: row.id, accountId: row.accountId, assigneeId: agentId },
      })
      queued++
    })
    rows.forEach((row, i) => {
      if (row.lastMessageAt < cutoff) {
        core.sync?.enqueue({
          name: 'ticket.setStatus',
          args: { ticketId: row.id, accountId: row.accountId, status: 'resolved' },
        })
        queued++
      } else if (i % 4 !== 3) {
        core.sync?.enqueue({
          name: 'ticket.setStatus',
          args: {
            ticketId: row.id,
            accountId: row.accountId,
            status: 'paused',
            pauseReason: DEMO_PAUSES[paused++ % DEMO_PAUSES.length] ?? 'waiting_on_customer',
          },
        })
        queued++
      }
    })
    settings.set(SETTLED_KEY, true)
  })()
  await core.sync.syncOnce()
  return queued
}

/**
 * Opens (creating on first use) the demo workspace and starts its embedded server and sync
 * loop. `close()` stops both and closes the stores.
 */
export async function openDemoWorkspace(o: DemoWorkspaceOptions): Promise<DemoWorkspace> {
  const dir = demoDir(o.dataDir)
  mkdirSync(dir, { recursive: true })
  const db = openDatabase(join(dir, 'kontor.sqlite'))
  let server: DemoServer | null = null
  try {
    migrateDatabase(db, o.migrationsFolder)
    const serverDir = join(dir, 'server')
    mkdirSync(serverDir, { recursive: true })
    let t0 = Date.now()
    server = await o.startServer({
      dataDir: serverDir,
      clock: o.clock,
      version: o.version,
      agentId: demoAgentId(),
      documents: () => readDemoDocuments(demoMailboxDir(o.root), o.clock.now()),
    })
    o.log.info(server.seeded ? 'demo server seeded and started' : 'demo server started', {
      ms: Date.now() - t0,
    })
    t0 = Date.now()
    const ingested = await ingestDemoMailbox(db, o)
    if (ingested) o.log.info('demo mailbox ingested', { ...ingested, ms: Date.now() - t0 })
    const core = createCore({
      db,
      clock: o.clock,
      version: o.version,
      migrationsFolder: o.migrationsFolder,
      log: o.log,
      server: { url: server.url, token: server.token },
      ...o.core,
    })
    const settled = await settleDemoHistory(core)
    if (settled) o.log.info('demo history settled', { tickets: settled })
    core.sync?.start(o.syncIntervalMs ? { intervalMs: o.syncIntervalMs } : {})
    // Replies go to the demo mailbox's own Sent folder (no mail leaves the machine), one
    // delivery pass at a time; replies left queued by the last run go now.
    const parser = new ParserPool(1)
    let delivering: Promise<unknown> = Promise.resolve()
    const deliver = () => {
      delivering = delivering
        .then(() => deliverDemoReplies(core, parser))
        .catch((error: unknown) =>
          o.log.warn('demo reply delivery failed', { error: (error as Error).message }),
        )
      return delivering
    }
    const unsubscribe = core.events.on('mail:outboxChanged', (e) => {
      if (e.state === 'queued') void deliver()
    })
    void deliver()
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
        unsubscribe()
        await delivering
        await parser.close()
        core.sync?.stop()
        // Let a pass in flight finish before its store closes.
        await core.sync?.syncOnce()
        core.close()
        await running.close()
        db.close()
      },
    }
  } catch (error) {
    if (server) await server.close()
    db.close()
    throw error
  }
}
