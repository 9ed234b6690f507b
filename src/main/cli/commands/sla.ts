import { readFileSync } from 'node:fs'
import { notInArray } from 'drizzle-orm'
import { z } from 'zod'
import {
  AccountSlaSchema,
  type BusinessCalendar,
  compileCalendar,
  computeTicketSla,
  defaultSlaBook,
  METRICS,
  resolvePolicy,
  SlaBookSchema,
  type SlaEvent,
  simulateScenario,
  sortEvents,
  ticketSlaToJson,
  type TicketSlaJson,
  type Tier,
} from '../../../shared/sla'
import { openDatabase, type DbHandle } from '../../db/open'
import { mailTickets } from '../../db/schema'
import { loadMailSlaEvents } from '../../sla/ticket-events'
import { type CliContext, printJson, type RegisterCommands, UsageError } from '../context'

function readJsonFile(path: string, what: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new UsageError(
      `cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    )
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new UsageError(`${what} ${path} is not JSON: ${(error as Error).message}`)
  }
}

/** One line naming the first problem, e.g. `events.2.reason: Invalid option ...`. */
function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid input'
  const path = issue.path.map(String).join('.')
  return path ? `${path}: ${issue.message}` : issue.message
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value)
  if (!result.success) throw new UsageError(`${what}: ${describeZodError(result.error)}`)
  return result.data
}

function parseInstant(raw: string): number {
  if (!z.iso.datetime({ offset: true }).safeParse(raw).success) {
    throw new UsageError(`--at must be an ISO 8601 instant with an offset, got "${raw}"`)
  }
  return Date.parse(raw)
}

/**
 * Policies for `sla --db` until the sync server delivers accounts with their tiers and
 * calendars: `--policy FILE.json` holds the book (tier targets, region calendars), the
 * accounts' terms, and the fallback for tickets whose account is unknown (Triage).
 */
const PolicyFileSchema = z
  .object({
    book: SlaBookSchema,
    accounts: z.array(AccountSlaSchema).default([]),
    fallback: z
      .object({
        tier: z.union([z.literal(1), z.literal(2), z.literal(3)]),
        region: z.string().min(1),
      })
      .strict(),
  })
  .strict()
type PolicyFile = z.infer<typeof PolicyFileSchema>

/** Without --policy: default tier targets, tier 2, on a 24/7 calendar in UTC (said in the output). */
const DEFAULT_POLICY: PolicyFile = PolicyFileSchema.parse({
  book: defaultSlaBook({ default: { always: true, timezone: 'UTC' } }),
  accounts: [],
  fallback: { tier: 2, region: 'default' },
})

interface TicketEvents {
  ticketId: string
  accountId: string | null
  status: string
  events: SlaEvent[]
}

/** Ticket statuses that end SLA clocks for good; everything else is an open ticket. */
const CLOSED_STATUSES = ['solved', 'closed']

/**
 * Open tickets with their SLA events, read from the mail engine's tables (read-only); the
 * events come from the derivation the console shares (src/main/sla/ticket-events.ts).
 */
export function loadOpenTicketEvents(handle: DbHandle): TicketEvents[] {
  const tickets = handle.db
    .select({ id: mailTickets.id, accountId: mailTickets.accountId, status: mailTickets.status })
    .from(mailTickets)
    .where(notInArray(mailTickets.status, CLOSED_STATUSES))
    .orderBy(mailTickets.id)
    .all()
  if (tickets.length === 0) return []
  const events = loadMailSlaEvents(
    handle,
    tickets.map((t) => t.id),
  )
  return tickets.map((t) => ({
    ticketId: t.id,
    accountId: t.accountId,
    status: t.status,
    events: events.get(t.id) ?? [],
  }))
}

interface TicketFigures extends TicketSlaJson {
  ticketId: string
  accountId: string | null
  status: string
  tier: Tier
  calendar: string
}

export function openTicketFigures(
  tickets: readonly TicketEvents[],
  policy: PolicyFile,
  now: number,
): TicketFigures[] {
  const accounts = new Map(policy.accounts.map((a) => [a.accountId, a]))
  const calendars = new Map<string, BusinessCalendar>()
  return tickets.map((t) => {
    const sorted = sortEvents(t.events)
    const openedAt = sorted.find((e) => e.type === 'customer_message')?.at ?? now
    const account = (t.accountId !== null ? accounts.get(t.accountId) : undefined) ?? {
      accountId: t.accountId ?? 'triage',
      region: policy.fallback.region,
      terms: [{ effectiveFrom: '1970-01-01T00:00:00Z', tier: policy.fallback.tier }],
    }
    const resolved = resolvePolicy(policy.book, account, openedAt)
    let calendar = calendars.get(resolved.calendarKey)
    if (!calendar) {
      calendar = compileCalendar(resolved.calendar)
      calendars.set(resolved.calendarKey, calendar)
    }
    const sla = computeTicketSla(
      sorted,
      { targets: resolved.targets, atRiskFraction: resolved.atRiskFraction, calendar },
      now,
    )
    return {
      ticketId: t.ticketId,
      accountId: t.accountId,
      status: t.status,
      tier: resolved.tier,
      calendar: resolved.calendarKey,
      ...ticketSlaToJson(sla, calendar.timezone),
    }
  })
}

function printTable(ctx: CliContext, at: string, rows: TicketFigures[]): void {
  ctx.stdout(`SLA at ${at}: ${rows.length} open ticket${rows.length === 1 ? '' : 's'}\n`)
  const cell = (f: TicketSlaJson[keyof TicketSlaJson]) =>
    f.state === 'not_started'
      ? '-'
      : `${f.state} ${f.remainingMinutes}m${f.dueAt ? ` due ${f.dueAt}` : ''}`
  for (const r of rows) {
    ctx.stdout(
      `${r.ticketId}  tier ${r.tier}  ${METRICS.map((m) => `${m}: ${cell(r[m])}`).join('  ')}\n`,
    )
  }
}

function simulate(ctx: CliContext, file: string): void {
  const scenario = readJsonFile(file, 'scenario')
  let out: TicketSlaJson
  try {
    out = simulateScenario(scenario)
  } catch (error) {
    if (error instanceof z.ZodError)
      throw new UsageError(`scenario ${file}: ${describeZodError(error)}`)
    throw error
  }
  printJson(ctx, out)
}

function openTickets(
  ctx: CliContext,
  opts: { db: string; json?: boolean; at?: string; policy?: string },
): void {
  const now = opts.at !== undefined ? parseInstant(opts.at) : ctx.clock.now().getTime()
  const policy = opts.policy
    ? parseWith(
        PolicyFileSchema,
        readJsonFile(opts.policy, 'policy file'),
        `policy file ${opts.policy}`,
      )
    : DEFAULT_POLICY
  const handle = openDatabase(opts.db, { readonly: true })
  let tickets: TicketEvents[]
  try {
    tickets = loadOpenTicketEvents(handle)
  } finally {
    handle.close()
  }
  const rows = openTicketFigures(tickets, policy, now)
  const at = new Date(now).toISOString()
  if (opts.json) {
    printJson(ctx, {
      at,
      policy: opts.policy ? 'file' : 'default: tier 2, 24/7 UTC',
      tickets: rows,
    })
  } else printTable(ctx, at, rows)
}

/**
 * `kontor sla --db PATH [--json] [--at ISO] [--policy FILE]` and `kontor sla simulate FILE`.
 * One command with an optional verb rather than a group with a sub-command: the CLI turns
 * every group's own action into "needs a command", and `sla --db` is the group's action.
 */
export const registerSlaCommands: RegisterCommands = (program, ctx) => {
  program
    .command('sla')
    .description(
      'SLA figures: every open ticket in a local store (--db), or one scenario (simulate FILE.json)',
    )
    .argument('[verb]', '"simulate" to evaluate one scenario file')
    .argument('[file]', 'scenario JSON: {calendar, targets, atRiskFraction, events, at}')
    .option('--db <path>', 'path of the SQLite file (opened read-only)')
    .option('--json', 'print the result as JSON')
    .option('--at <iso>', 'evaluate at this instant instead of now (ISO 8601 with offset)')
    .option(
      '--policy <file>',
      'JSON {book, accounts, fallback}; default: tier 2 on a 24/7 UTC calendar',
    )
    .action(
      (
        verb: string | undefined,
        file: string | undefined,
        opts: { db?: string; json?: boolean; at?: string; policy?: string },
      ) => {
        if (verb === undefined) {
          if (!opts.db)
            throw new UsageError('sla needs --db PATH, or: kontor sla simulate FILE.json')
          openTickets(ctx, { ...opts, db: opts.db })
          return
        }
        if (verb !== 'simulate')
          throw new UsageError(`unknown sla command "${verb}" (expected simulate)`)
        if (file === undefined) throw new UsageError('sla simulate needs a scenario FILE.json')
        if (opts.db || opts.at || opts.policy)
          throw new UsageError('sla simulate takes only FILE.json (its "at" is inside)')
        simulate(ctx, file)
      },
    )
}
