import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { createLogger } from '../../core/logger'
import { importAccounts } from '../../mail/accounts'
import { loadMailbox, saveMailbox } from '../../mail/mailboxes'
import { listTickets } from '../../mail/queries'
import { searchMail } from '../../mail/search'
import { EnvSecretStore } from '../../mail/secrets'
import { MailboxSync, type SyncResult } from '../../mail/sync'
import { remapTicketAccounts } from '../../mail/tickets'
import { MailboxWatcher } from '../../mail/watch'
import {
  openMigrated,
  printJson,
  UsageError,
  type CliContext,
  type RegisterCommands,
} from '../context'

interface ImapTarget {
  user: string
  host: string
  port: number
}

/** `imap://USER@HOST:PORT` (USER may itself contain an escaped `@`, e.g. `support%40acme.example`). */
export function parseImapUrl(raw: string, tls: boolean): ImapTarget {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new UsageError(`--imap must look like imap://USER@HOST:PORT, got "${raw}"`)
  }
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:')
    throw new UsageError('--imap must start with imap://')
  if (url.password) throw new UsageError('put the password in KONTOR_IMAP_PASSWORD, not in the URL')
  const user = decodeURIComponent(url.username)
  if (!user || !url.hostname)
    throw new UsageError('--imap needs a user and a host: imap://USER@HOST:PORT')
  const port = url.port ? Number(url.port) : tls || url.protocol === 'imaps:' ? 993 : 143
  return { user, host: url.hostname.replace(/^\[|\]$/g, ''), port }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.')
}

function summary(r: SyncResult): string {
  const parts = r.folders.map(
    (f) =>
      `${f.folder} ${f.mode}${f.uidValidityReset ? ' (uidvalidity reset)' : ''}: +${f.newMessages} new, ${f.flagChanges} flag changes, ${f.removed} removed`,
  )
  return `${parts.join('; ')}; ${r.bodies} bodies; ${r.tickets} tickets\n`
}

function registerSync(program: Command, ctx: CliContext): void {
  program
    .command('sync')
    .description(
      'sync a shared mailbox into the local store (password from KONTOR_IMAP_PASSWORD); stays on IDLE unless --once',
    )
    .requiredOption('--db <path>', 'path of the SQLite file')
    .requiredOption('--imap <url>', 'imap://USER@HOST:PORT')
    .option('--tls', 'implicit TLS (port 993)')
    .option('--starttls', 'upgrade with STARTTLS (default for non-loopback hosts)')
    .option('--folders <list>', 'comma-separated folders', 'INBOX,Sent')
    .option(
      '--address <email>',
      "the shared mailbox's own address (default: the user if it is an address)",
    )
    .option('--mailbox-id <id>', 'local id of this mailbox (default: the address)')
    .option('--once', 'one pass, then exit')
    .option('--json', 'print the result as JSON')
    .action(
      async (opts: {
        db: string
        imap: string
        tls?: boolean
        starttls?: boolean
        folders: string
        address?: string
        mailboxId?: string
        once?: boolean
        json?: boolean
      }) => {
        const target = parseImapUrl(opts.imap, !!opts.tls)
        const address =
          opts.address ??
          (target.user.includes('@') ? target.user : `${target.user}@${target.host}`)
        const folders = opts.folders
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean)
        if (folders.length === 0) throw new UsageError('--folders needs at least one folder')
        const security = opts.tls
          ? 'tls'
          : opts.starttls || !isLoopback(target.host)
            ? 'starttls'
            : 'plain'
        const secrets = new EnvSecretStore(ctx.env)
        const id = opts.mailboxId ?? address.toLowerCase()
        secrets.get(`imap:${id}`) // fail early, before touching the database
        const handle = openMigrated(opts.db, ctx)
        const log = createLogger({
          level: 'warn',
          write: (line) => ctx.stderr(line + '\n'),
          scope: 'sync',
        })
        let sync: MailboxSync | undefined
        try {
          const existing = loadMailbox(handle, id)
          saveMailbox(handle, ctx.clock, {
            id,
            address,
            displayName: existing?.displayName ?? null,
            imap: { host: target.host, port: target.port, security, user: target.user },
            smtp: existing?.smtp ?? null,
            folders,
            syncWindowDays: existing?.syncWindowDays ?? null,
          })
          const mailbox = loadMailbox(handle, id)
          if (!mailbox) throw new Error('mailbox not saved')
          sync = new MailboxSync({ db: handle, mailbox, secrets, clock: ctx.clock, log })
          if (opts.once) {
            const result = await sync.syncOnce()
            if (opts.json) printJson(ctx, result)
            else ctx.stdout(summary(result))
            return
          }
          const watcher = new MailboxWatcher(sync, folders, {
            log,
            onSynced: (r) =>
              opts.json ? ctx.stdout(JSON.stringify(r) + '\n') : ctx.stdout(summary(r)),
          })
          const stop = () => void watcher.stop()
          process.once('SIGINT', stop)
          process.once('SIGTERM', stop)
          await watcher.start()
        } finally {
          await sync?.close()
          handle.close()
        }
      },
    )
}

export const registerMailCommands: RegisterCommands = (program, ctx) => {
  registerSync(program, ctx)

  program
    .command('tickets')
    .description('list tickets (threads of the synced mail)')
    .requiredOption('--db <path>', 'path of the SQLite file')
    .option('--account <id>', 'only this account')
    .option('--triage', 'only tickets without an account')
    .option('--json', 'print a JSON array')
    .action((opts: { db: string; account?: string; triage?: boolean; json?: boolean }) => {
      const handle = openMigrated(opts.db, ctx)
      try {
        const tickets = listTickets(handle, {
          accountId: opts.account ?? null,
          triage: !!opts.triage,
        })
        if (opts.json) printJson(ctx, tickets)
        else
          for (const t of tickets)
            ctx.stdout(
              `${t.id}  ${t.status.padEnd(7)}  ${String(t.messageCount).padStart(3)}  ${t.accountId ?? '(triage)'}  ${t.subject}\n`,
            )
      } finally {
        handle.close()
      }
    })

  program
    .command('search')
    .description('full-text search over subject, participants and body')
    .requiredOption('--db <path>', 'path of the SQLite file')
    .option('--json', 'print a JSON array')
    .option('--limit <n>', 'maximum results', '50')
    .argument('<query...>', 'words to search for (any text; quoted for FTS5 token by token)')
    .action((query: string[], opts: { db: string; json?: boolean; limit: string }) => {
      const limit = Number(opts.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 500)
        throw new UsageError('--limit must be between 1 and 500')
      const handle = openMigrated(opts.db, ctx)
      try {
        const hits = searchMail(handle, query.join(' '), { limit }).map((h) => ({
          ticketId: h.ticketId,
          messageId: h.messageId ? `<${h.messageId}>` : null,
          subject: h.subject,
          from: h.fromAddress,
          date: h.internalDate,
          snippet: h.snippet,
          highlights: h.highlights,
        }))
        if (opts.json) printJson(ctx, hits)
        else for (const h of hits) ctx.stdout(`${h.ticketId}  ${h.subject}\n    ${h.snippet}\n`)
      } finally {
        handle.close()
      }
    })

  const accounts = program
    .command('accounts')
    .description('customer accounts (local until the sync server provides them)')
  accounts
    .command('import')
    .description(
      'replace local accounts and contacts from a JSON file: [{id,name,domains:[],contacts:[{email,name,role}]}]',
    )
    .requiredOption('--db <path>', 'path of the SQLite file')
    .argument('<file>', 'JSON file')
    .option('--json', 'print the result as JSON')
    .action((file: string, opts: { db: string; json?: boolean }) => {
      let data: unknown
      try {
        data = JSON.parse(readFileSync(file, 'utf8'))
      } catch (error) {
        throw new UsageError(`cannot read ${file}: ${(error as Error).message}`)
      }
      const handle = openMigrated(opts.db, ctx)
      try {
        const result = importAccounts(handle, data)
        // Accounts changed: map the tickets again (threads are untouched by accounts).
        const tickets = remapTicketAccounts(handle).length
        if (opts.json) printJson(ctx, { ...result, tickets })
        else
          ctx.stdout(
            `${result.accounts} accounts, ${result.contacts} contacts imported; ${tickets} tickets re-mapped\n`,
          )
      } finally {
        handle.close()
      }
    })
}
