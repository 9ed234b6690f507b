/**
 * The sync server's commands: `kontor serve` and `kontor server import|agent|audit|seed-demo`.
 * Every command takes its store as `--data DIR` (PGlite) or `--database-url URL`
 * (PostgreSQL; `DATABASE_URL` by default), like `kontor serve`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import type { Command } from 'commander'
import { IMPORT_KINDS, type ImportKind } from '../../../shared/sync/import'
import { isRole, ROLES } from '../../../shared/sync/roles'
import {
  addAgent,
  assignAccounts,
  buildServer,
  csvToRows,
  importRows,
  openStore,
  revokeAgent,
  seedDemo,
  verifyAudit,
  type Store,
} from '../../../server'
import { readDemoDocuments } from '../../demo/demo-mailbox'
import { packageVersion } from '../../paths'
import {
  parseIntOption,
  printJson,
  UsageError,
  type CliContext,
  type RegisterCommands,
} from '../context'

interface StoreOpts {
  data?: string
  databaseUrl?: string
}

function storeOptions(cmd: Command): Command {
  return cmd
    .option('--data <dir>', 'PGlite data directory (the embedded store)')
    .option('--database-url <url>', 'PostgreSQL connection string (default: $DATABASE_URL)')
}

async function withStore<T>(
  ctx: CliContext,
  opts: StoreOpts,
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await open(ctx, opts)
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
}

function open(ctx: CliContext, opts: StoreOpts): Promise<Store> {
  if (opts.data && opts.databaseUrl)
    throw new UsageError('give either --data or --database-url, not both')
  const databaseUrl = opts.databaseUrl ?? (opts.data ? undefined : ctx.env.DATABASE_URL)
  if (!databaseUrl && !opts.data)
    throw new UsageError(
      'give the store: --data DIR (PGlite) or --database-url URL (or set DATABASE_URL)',
    )
  return openStore(databaseUrl ? { databaseUrl } : { dataDir: opts.data })
}

/** A poke for every listener (PostgreSQL NOTIFY reaches the running servers). */
const SCOPE_CHANGED = JSON.stringify({ accounts: '*' })

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

export const registerServerCommands: RegisterCommands = (program, ctx) => {
  storeOptions(
    program
      .command('serve')
      .description('run the sync server (migrations are applied at start)')
      .requiredOption('--port <port>', 'port to listen on', parseIntOption('--port', 65535))
      .option('--host <host>', 'address to listen on (0.0.0.0 to serve a team)', '127.0.0.1')
      .option('--log-level <level>', 'fatal, error, warn, info or debug', 'info'),
  ).action(async (opts: StoreOpts & { port: number; host: string; logLevel: string }) => {
    if (!['fatal', 'error', 'warn', 'info', 'debug'].includes(opts.logLevel))
      throw new UsageError(`unknown --log-level ${opts.logLevel}`)
    const store = await open(ctx, opts)
    const app = await buildServer({
      store,
      now: () => ctx.clock.now(),
      version: packageVersion(ctx.root),
      // Structured JSON lines: method, path, status, time. Never bodies, never headers.
      logger: { level: opts.logLevel },
    })
    try {
      const address = await app.listen({ port: opts.port, host: opts.host })
      ctx.stdout(
        `Kontor sync server on ${address} (store: ${store.kind}${opts.data ? ` in ${opts.data}` : ''}); Ctrl+C to stop\n`,
      )
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve)
        process.once('SIGTERM', resolve)
      })
    } finally {
      await app.close()
      await store.close()
    }
  })

  const server = program
    .command('server')
    .description('sync server administration (import, agents, audit, demo data)')

  storeOptions(
    server
      .command('import')
      .description(
        'bulk upsert ERP rows from a JSON (array or {rows}) or CSV file; prints a per-row error report',
      )
      .argument('<file>', 'JSON or CSV file')
      .option(
        '--kind <kind>',
        `one of ${IMPORT_KINDS.join(', ')} (default: from the file name, e.g. orders.csv)`,
      )
      .option('--json', 'print the report as JSON'),
  ).action(async (file: string, opts: StoreOpts & { kind?: string; json?: boolean }) => {
    const kind = opts.kind ?? basename(file, extname(file)).toLowerCase()
    if (!(IMPORT_KINDS as string[]).includes(kind))
      throw new UsageError(`unknown import kind "${kind}": use --kind ${IMPORT_KINDS.join('|')}`)
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      throw new UsageError(`cannot read ${file}`)
    }
    let rows: unknown[]
    if (extname(file).toLowerCase() === '.csv') rows = csvToRows(text)
    else {
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        throw new UsageError(`${file} is not valid JSON`)
      }
      const list = Array.isArray(parsed) ? parsed : (parsed as { rows?: unknown }).rows
      if (!Array.isArray(list))
        throw new UsageError(`${file}: expected an array of rows or {"rows": [...]}`)
      rows = list
    }
    const report = await withStore(ctx, opts, (store) =>
      importRows(store.db, kind as ImportKind, rows, 'cli-import', ctx.clock.now()),
    )
    if (opts.json) printJson(ctx, report)
    else {
      ctx.stdout(
        `${kind}: ${report.received} rows, ${report.inserted} inserted, ${report.updated} updated, ${report.unchanged} unchanged, ${report.errors.length} rejected\n`,
      )
      for (const e of report.errors.slice(0, 50))
        ctx.stdout(
          `  row ${e.row}${e.id ? ` (${e.id})` : ''}: ${e.fields.map((f) => `${f.path}: ${f.message}`).join('; ')}\n`,
        )
    }
    if (report.errors.length) process.exitCode = 1
  })

  const agent = server.command('agent').description('agents and their bearer tokens')
  storeOptions(
    agent
      .command('add')
      .description('create an agent and print its bearer token (shown once, stored hashed)')
      .requiredOption('--name <name>', 'display name')
      .requiredOption('--email <email>', 'sign-in email (unique)')
      .requiredOption('--role <role>', ROLES.join(' | '))
      .option('--team <team>', 'team id (created if new; required for team_lead)')
      .option('--accounts <ids>', 'comma-separated account ids this agent looks after'),
  ).action(
    async (
      opts: StoreOpts & {
        name: string
        email: string
        role: string
        team?: string
        accounts?: string
      },
    ) => {
      if (!isRole(opts.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`)
      if (opts.role === 'team_lead' && !opts.team) throw new UsageError('a team_lead needs --team')
      const role = opts.role
      const out = await withStore(ctx, opts, (store) =>
        addAgent(
          store.db,
          {
            name: opts.name,
            email: opts.email,
            role,
            ...(opts.team ? { team: opts.team } : {}),
            accounts: splitList(opts.accounts ?? ''),
          },
          ctx.clock.now(),
        ),
      )
      ctx.stdout(
        `agent ${out.id} (${role})\ntoken: ${out.token}\nThis token is shown once; the server stores only its hash.\n`,
      )
    },
  )
  storeOptions(
    agent
      .command('revoke')
      .description('revoke an agent: the token is refused from the next request on')
      .argument('<agent>', 'agent id or email'),
  ).action(async (who: string, opts: StoreOpts) => {
    const id = await withStore(ctx, opts, async (store) => {
      const revoked = await revokeAgent(store.db, who, ctx.clock.now())
      // Running servers re-check tokens and scopes of their open event streams on a poke.
      await store.notify(SCOPE_CHANGED)
      return revoked
    })
    ctx.stdout(`revoked ${id}\n`)
  })
  storeOptions(
    agent
      .command('assign')
      .description(
        "set the accounts an agent or account manager looks after (takes effect on the agent's next request)",
      )
      .argument('<agent>', 'agent id')
      .requiredOption('--accounts <ids>', 'comma-separated account ids')
      .option('--add', 'add to the current assignment instead of replacing it'),
  ).action(async (id: string, opts: StoreOpts & { accounts: string; add?: boolean }) => {
    await withStore(ctx, opts, async (store) => {
      await assignAccounts(store.db, id, splitList(opts.accounts), !opts.add)
      await store.notify(SCOPE_CHANGED)
    })
    ctx.stdout(`assigned ${splitList(opts.accounts).length} account(s) to ${id}\n`)
  })

  const audit = server.command('audit').description('the append-only audit log')
  storeOptions(
    audit
      .command('verify')
      .description('recompute the audit hash chain; exit 1 if any row was altered')
      .option('--json', 'print the result as JSON'),
  ).action(async (opts: StoreOpts & { json?: boolean }) => {
    const result = await withStore(ctx, opts, (store) => verifyAudit(store.db))
    if (opts.json) printJson(ctx, result)
    else if (result.ok) ctx.stdout(`audit chain ok: ${result.rows} rows\n`)
    else
      ctx.stdout(
        `audit chain BROKEN at row ${result.brokenAt}: ${result.reason} (${result.rows} rows verified before it)\n`,
      )
    if (!result.ok) process.exitCode = 1
  })

  storeOptions(
    server
      .command('seed-demo')
      .description(
        'load the demo company set (about 40 accounts, a year of orders, quotes, invoices, stock) and agents of every role; prints their tokens once',
      )
      .option('--seed <seed>', 'PRNG seed', 'kontor-demo')
      .option(
        '--mailbox <dir>',
        'demo mailbox whose documents.json (the orders, quotes and invoices its mail mentions) is imported too',
        'resources/demo/mailbox',
      )
      .option('--no-mailbox-documents', "skip the demo mailbox's documents")
      .option('--json', 'print the summary (with tokens) as JSON'),
  ).action(
    async (
      opts: StoreOpts & {
        seed: string
        json?: boolean
        mailbox: string
        mailboxDocuments: boolean
      },
    ) => {
      const now = ctx.clock.now()
      const dir = join(ctx.root, opts.mailbox)
      // The demo mail talks about specific orders and quotes: import them too, dates shifted like the mail.
      const extras =
        opts.mailboxDocuments && existsSync(join(dir, 'documents.json'))
          ? readDemoDocuments(dir, now)
          : undefined
      const summary = await withStore(ctx, opts, (store) =>
        seedDemo(store.db, now, opts.seed, extras),
      )
      if (opts.json) return printJson(ctx, summary)
      ctx.stdout(
        `demo data: ${Object.entries(summary.counts)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')}\n\nagents (tokens are shown once):\n`,
      )
      for (const a of summary.agents)
        ctx.stdout(`  ${a.role.padEnd(15)} ${a.id.padEnd(26)} ${a.token}\n`)
    },
  )
}
