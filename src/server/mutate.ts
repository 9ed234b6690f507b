/**
 * The server side of every mutation: re-run authoritatively against the current state,
 * inside the caller's transaction (which also writes the audit row, the change log and the
 * outbound feed). A thrown `Rejection` rolls all of it back; push then records the
 * mutation as rejected with its reason.
 */
import { TZDate } from '@date-fns/tz'
import { format } from 'date-fns'
import { createHash } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import type { ErrorCode } from '../shared/errors'
import type { Mutation } from '../shared/sync/mutations'
import type { ConflictInfo, EntityType } from '../shared/sync/protocol'
import { creditCheck, quoteIsValid, quoteTotals } from '../shared/sync/rules'
import type { Caller } from './auth'
import {
  accounts,
  contacts,
  invoices,
  orders,
  outbound,
  quotes,
  tickets,
  triageTickets,
  type OrderLine,
} from './db/schema'
import type { Tx } from './db/store'
import { canSeeAgent } from './directory'
import { publicRow, recordChange } from './entities'

export class Rejection extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly conflict?: ConflictInfo,
  ) {
    super(message)
    this.name = 'Rejection'
  }
}

export interface MutationContext {
  tx: Tx
  caller: Caller
  scope: Set<string>
  now: Date
}

export interface Applied {
  entity: EntityType
  entityId: string
  /** null: data of no account (a Triage ticket), for every agent. */
  accountId: string | null
  before: Record<string, unknown> | null
  after: Record<string, unknown>
  version: number
}

const notFound = (what: string, id: string) =>
  new Rejection('E_NOT_FOUND', `${what} ${id} not found`)

/** An object in another account's scope is answered exactly like a missing one. */
function visible<T extends { accountId: string }>(
  ctx: MutationContext,
  row: T | undefined,
  what: string,
  id: string,
): T {
  if (!row || !ctx.scope.has(row.accountId)) throw notFound(what, id)
  return row
}

/**
 * A conflict exists when a field group this mutation touches changed after the version the
 * client based its change on. Untouched groups may have moved on: those changes merge.
 */
function checkConflict(
  entity: string,
  entityId: string,
  row: { version: number; fieldVersions: Record<string, number> },
  baseVersion: number | undefined,
  fields: string[],
  server: Record<string, unknown>,
  client: Record<string, unknown>,
): void {
  if (baseVersion === undefined) return
  const stale =
    baseVersion > row.version
      ? fields
      : fields.filter((f) => (row.fieldVersions[f] ?? 0) > baseVersion)
  if (stale.length === 0) return
  throw new Rejection(
    'E_CONFLICT',
    `${entity} ${entityId} changed since version ${baseVersion} (now ${row.version})`,
    {
      entity,
      entityId,
      fields: stale,
      baseVersion,
      serverVersion: row.version,
      server,
      client,
    },
  )
}

function bump(row: { version: number; fieldVersions: Record<string, number> }, fields: string[]) {
  const version = row.version + 1
  const fieldVersions = { ...row.fieldVersions }
  for (const f of fields) fieldVersions[f] = version
  return { version, fieldVersions }
}

async function accountToday(ctx: MutationContext, accountId: string): Promise<string> {
  const [acc] = await ctx.tx
    .select({ timeZone: accounts.timeZone })
    .from(accounts)
    .where(eq(accounts.id, accountId))
  return format(new TZDate(ctx.now, acc?.timeZone ?? 'UTC'), 'yyyy-MM-dd')
}

async function adjustCredit(
  ctx: MutationContext,
  accountId: string,
  delta: number,
  enforce: boolean,
): Promise<void> {
  if (delta === 0) return
  const [acc] = await ctx.tx.select().from(accounts).where(eq(accounts.id, accountId))
  if (!acc) throw notFound('account', accountId)
  if (enforce && delta > 0) {
    const check = creditCheck({ limit: acc.creditLimit, used: acc.creditUsed }, delta)
    if (!check.ok)
      throw new Rejection(
        'E_RULE_VIOLATION',
        `credit limit exceeded: ${check.shortBy} ${acc.currency} cents above the remaining credit`,
      )
  }
  const next = {
    creditUsed: Math.max(0, acc.creditUsed + delta),
    ...bump(acc, ['creditUsed']),
    updatedAt: ctx.now,
  }
  const [updated] = await ctx.tx
    .update(accounts)
    .set(next)
    .where(eq(accounts.id, accountId))
    .returning()
  if (updated) await recordChange(ctx.tx, 'account', accountId, accountId, updated)
}

async function queueOutbound(
  ctx: MutationContext,
  applied: Applied,
  action: string,
): Promise<void> {
  await ctx.tx.insert(outbound).values({
    at: ctx.now,
    entity: applied.entity,
    entityId: applied.entityId,
    accountId: applied.accountId,
    action,
    data: applied.after,
  })
}

// ---------------------------------------------------------------- tickets

type TicketRow = typeof tickets.$inferSelect

async function loadTicket(
  ctx: MutationContext,
  ticketId: string,
  accountId: string,
): Promise<TicketRow | null> {
  const [row] = await ctx.tx.select().from(tickets).where(eq(tickets.id, ticketId))
  // The ticket's account must be the one named and in scope; otherwise it "does not exist".
  if (row && row.accountId !== accountId) throw notFound('ticket', ticketId)
  if (!ctx.scope.has(accountId)) throw notFound('ticket', ticketId)
  return row ?? null
}

async function writeTicket(
  ctx: MutationContext,
  ticketId: string,
  accountId: string,
  before: TicketRow | null,
  fields: string[],
  change: Partial<TicketRow>,
): Promise<Applied> {
  let after: TicketRow | undefined
  if (before) {
    ;[after] = await ctx.tx
      .update(tickets)
      .set({ ...change, ...bump(before, fields), updatedAt: ctx.now })
      .where(eq(tickets.id, ticketId))
      .returning()
  } else {
    const fieldVersions = Object.fromEntries(fields.map((f) => [f, 1]))
    ;[after] = await ctx.tx
      .insert(tickets)
      .values({ id: ticketId, accountId, ...change, version: 1, fieldVersions, updatedAt: ctx.now })
      .returning()
  }
  if (!after) throw new Error('ticket write returned nothing')
  await recordChange(ctx.tx, 'ticket', ticketId, accountId, after)
  return {
    entity: 'ticket',
    entityId: ticketId,
    accountId,
    before: before && publicRow(before),
    after: publicRow(after),
    version: after.version,
  }
}

function ticketBase(before: TicketRow | null): {
  version: number
  fieldVersions: Record<string, number>
} {
  return before ?? { version: 0, fieldVersions: {} }
}

async function targetAccount(
  ctx: MutationContext,
  type: 'order' | 'quote' | 'invoice' | 'ticket',
  id: string,
): Promise<string | undefined> {
  const table = { order: orders, quote: quotes, invoice: invoices, ticket: tickets }[type]
  const [row] = await ctx.tx
    .select({ accountId: table.accountId })
    .from(table)
    .where(eq(table.id, id))
  return row?.accountId
}

// ---------------------------------------------------------------- dispatcher

export async function applyMutation(
  ctx: MutationContext,
  m: Mutation,
): Promise<{ applied: Applied; outboundAction?: string }> {
  switch (m.name) {
    case 'ticket.assign': {
      const a = m.args
      const before = await loadTicket(ctx, a.ticketId, a.accountId)
      // Only an agent the caller may see (the directory they pull): an id outside it is
      // answered like a missing one, so assigning cannot probe for agents.
      if (
        a.assigneeId !== null &&
        !(await canSeeAgent(ctx.tx, ctx.caller, ctx.scope, a.assigneeId))
      )
        throw notFound('agent', a.assigneeId)
      checkConflict(
        'ticket',
        a.ticketId,
        ticketBase(before),
        m.baseVersion,
        ['assignee'],
        { assigneeId: before?.assigneeId ?? null },
        { assigneeId: a.assigneeId },
      )
      return {
        applied: await writeTicket(ctx, a.ticketId, a.accountId, before, ['assignee'], {
          assigneeId: a.assigneeId,
        }),
      }
    }
    case 'ticket.setStatus': {
      const a = m.args
      const before = await loadTicket(ctx, a.ticketId, a.accountId)
      checkConflict(
        'ticket',
        a.ticketId,
        ticketBase(before),
        m.baseVersion,
        ['status'],
        { status: before?.status ?? 'open', pauseReason: before?.pauseReason ?? null },
        { status: a.status, pauseReason: a.pauseReason ?? null },
      )
      return {
        applied: await writeTicket(ctx, a.ticketId, a.accountId, before, ['status'], {
          status: a.status,
          pauseReason: a.pauseReason ?? null,
          statusHistory: [
            ...(before?.statusHistory ?? []),
            {
              at: ctx.now.toISOString(),
              status: a.status,
              pauseReason: a.pauseReason ?? null,
              by: ctx.caller.id,
            },
          ],
        }),
      }
    }
    case 'ticket.addNote': {
      const a = m.args
      const before = await loadTicket(ctx, a.ticketId, a.accountId)
      const notes = before?.notes ?? []
      // Notes only accumulate: no conflict is possible, and a note id seen before is not added twice.
      const next = notes.some((n) => n.noteId === a.noteId)
        ? notes
        : [
            ...notes,
            { noteId: a.noteId, text: a.text, by: ctx.caller.id, at: ctx.now.toISOString() },
          ]
      return {
        applied: await writeTicket(ctx, a.ticketId, a.accountId, before, ['notes'], {
          notes: next,
        }),
      }
    }
    case 'ticket.setOrderType': {
      const a = m.args
      const before = await loadTicket(ctx, a.ticketId, a.accountId)
      checkConflict(
        'ticket',
        a.ticketId,
        ticketBase(before),
        m.baseVersion,
        ['orderType'],
        { orderType: before?.orderType ?? null },
        { orderType: a.orderType },
      )
      return {
        applied: await writeTicket(ctx, a.ticketId, a.accountId, before, ['orderType'], {
          orderType: a.orderType,
        }),
      }
    }
    case 'ticket.link': {
      const a = m.args
      const before = await loadTicket(ctx, a.ticketId, a.accountId)
      const targetAcc = await targetAccount(ctx, a.target.type, a.target.id)
      if (!targetAcc || !ctx.scope.has(targetAcc)) throw notFound(a.target.type, a.target.id)
      if (a.target.type === 'ticket') {
        if (a.target.id === a.ticketId)
          throw new Rejection('E_RULE_VIOLATION', 'a ticket cannot be merged into itself')
        return {
          applied: await writeTicket(ctx, a.ticketId, a.accountId, before, ['mergedInto'], {
            mergedInto: a.unlink ? null : a.target.id,
          }),
        }
      }
      const links = (before?.links ?? []).filter(
        (l) => !(l.type === a.target.type && l.id === a.target.id),
      )
      if (!a.unlink) links.push({ type: a.target.type, id: a.target.id })
      return {
        applied: await writeTicket(ctx, a.ticketId, a.accountId, before, ['links'], { links }),
      }
    }

    case 'contact.add':
      return addContact(ctx, m.args)

    case 'triage.setStatus': {
      const a = m.args
      const [before] = await ctx.tx
        .select()
        .from(triageTickets)
        .where(eq(triageTickets.id, a.ticketId))
      checkConflict(
        'triage',
        a.ticketId,
        before ?? { version: 0, fieldVersions: {} },
        m.baseVersion,
        ['status'],
        { status: before?.status ?? 'open', reason: before?.reason ?? null },
        { status: a.status, reason: a.reason ?? null },
      )
      const change = {
        status: a.status,
        reason: a.reason ?? null,
        statusHistory: [
          ...(before?.statusHistory ?? []),
          {
            at: ctx.now.toISOString(),
            status: a.status,
            pauseReason: null,
            reason: a.reason ?? null,
            by: ctx.caller.id,
          },
        ],
      }
      const [after] = before
        ? await ctx.tx
            .update(triageTickets)
            .set({ ...change, ...bump(before, ['status']), updatedAt: ctx.now })
            .where(eq(triageTickets.id, a.ticketId))
            .returning()
        : await ctx.tx
            .insert(triageTickets)
            .values({
              id: a.ticketId,
              ...change,
              version: 1,
              fieldVersions: { status: 1 },
              updatedAt: ctx.now,
            })
            .returning()
      if (!after) throw new Error('triage write returned nothing')
      await recordChange(ctx.tx, 'triage', after.id, null, after)
      return {
        applied: {
          entity: 'triage',
          entityId: after.id,
          accountId: null,
          before: before ? publicRow(before) : null,
          after: publicRow(after),
          version: after.version,
        },
      }
    }

    case 'quote.revise': {
      const a = m.args
      const [row] = await ctx.tx.select().from(quotes).where(eq(quotes.id, a.quoteId))
      const before = visible(ctx, row, 'quote', a.quoteId)
      const current = before.revisions.find((r) => r.revision === before.currentRevision)
      checkConflict(
        'quote',
        a.quoteId,
        before,
        m.baseVersion,
        ['lines'],
        {
          revision: before.currentRevision,
          lines: current?.lines ?? [],
          validUntil: current?.validUntil ?? null,
        },
        { lines: a.lines, validUntil: a.validUntil },
      )
      if (!['draft', 'sent'].includes(before.status))
        throw new Rejection(
          'E_RULE_VIOLATION',
          `quote ${a.quoteId} is ${before.status}: it can no longer be revised`,
        )
      const today = await accountToday(ctx, before.accountId)
      if (a.validUntil < today)
        throw new Rejection('E_RULE_VIOLATION', `validUntil ${a.validUntil} is in the past`)
      const revision = before.currentRevision + 1
      const rev = {
        revision,
        lines: a.lines,
        validUntil: a.validUntil,
        createdAt: ctx.now.toISOString(),
        total: quoteTotals(a.lines).total,
        createdBy: ctx.caller.id,
        ...(a.note ? { note: a.note } : {}),
      }
      const [after] = await ctx.tx
        .update(quotes)
        .set({
          currentRevision: revision,
          revisions: [...before.revisions, rev],
          status: 'sent',
          ...bump(before, ['lines', 'status']),
          updatedAt: ctx.now,
        })
        .where(eq(quotes.id, a.quoteId))
        .returning()
      if (!after) throw new Error('quote update returned nothing')
      await recordChange(ctx.tx, 'quote', after.id, after.accountId, after)
      return {
        applied: {
          entity: 'quote',
          entityId: after.id,
          accountId: after.accountId,
          before: publicRow(before),
          after: publicRow(after),
          version: after.version,
        },
        outboundAction: 'quote.revised',
      }
    }
    case 'quote.accept': {
      const a = m.args
      const [row] = await ctx.tx.select().from(quotes).where(eq(quotes.id, a.quoteId))
      const before = visible(ctx, row, 'quote', a.quoteId)
      checkConflict(
        'quote',
        a.quoteId,
        before,
        m.baseVersion,
        ['lines', 'status'],
        { revision: before.currentRevision, status: before.status },
        { revision: a.revision, status: 'accepted' },
      )
      if (a.revision !== before.currentRevision)
        throw new Rejection(
          'E_RULE_VIOLATION',
          `revision ${a.revision} is not the current revision (${before.currentRevision})`,
        )
      if (!['draft', 'sent'].includes(before.status))
        throw new Rejection('E_RULE_VIOLATION', `quote ${a.quoteId} is ${before.status}`)
      const rev = before.revisions.find((r) => r.revision === before.currentRevision)
      if (!rev)
        throw new Rejection('E_RULE_VIOLATION', `quote ${a.quoteId} has no revision ${a.revision}`)
      const today = await accountToday(ctx, before.accountId)
      if (!quoteIsValid(rev.validUntil, today))
        throw new Rejection('E_RULE_VIOLATION', `quote ${a.quoteId} expired on ${rev.validUntil}`)
      await adjustCredit(ctx, before.accountId, rev.total, true)
      const [after] = await ctx.tx
        .update(quotes)
        .set({ status: 'accepted', ...bump(before, ['status']), updatedAt: ctx.now })
        .where(eq(quotes.id, a.quoteId))
        .returning()
      if (!after) throw new Error('quote update returned nothing')
      await recordChange(ctx.tx, 'quote', after.id, after.accountId, after)
      return {
        applied: {
          entity: 'quote',
          entityId: after.id,
          accountId: after.accountId,
          before: publicRow(before),
          after: publicRow(after),
          version: after.version,
        },
        outboundAction: 'quote.accepted',
      }
    }

    case 'order.changeLines':
    case 'order.splitShipment':
    case 'order.confirmBackorder':
      return applyOrderMutation(ctx, m)

    case 'invoice.correct': {
      const a = m.args
      const [row] = await ctx.tx.select().from(invoices).where(eq(invoices.id, a.invoiceId))
      const before = visible(ctx, row, 'invoice', a.invoiceId)
      checkConflict(
        'invoice',
        a.invoiceId,
        before,
        m.baseVersion,
        ['amount'],
        { amount: before.amount },
        { amount: a.amount },
      )
      if (before.status === 'cancelled')
        throw new Rejection('E_RULE_VIOLATION', `invoice ${a.invoiceId} is cancelled`)
      if (before.status === 'open' || before.status === 'overdue')
        await adjustCredit(ctx, before.accountId, a.amount - before.amount, false)
      const correction = {
        from: before.amount,
        to: a.amount,
        reason: a.reason,
        at: ctx.now.toISOString(),
        by: ctx.caller.id,
      }
      const [after] = await ctx.tx
        .update(invoices)
        .set({
          amount: a.amount,
          corrections: [...before.corrections, correction],
          ...bump(before, ['amount']),
          updatedAt: ctx.now,
        })
        .where(eq(invoices.id, a.invoiceId))
        .returning()
      if (!after) throw new Error('invoice update returned nothing')
      await recordChange(ctx.tx, 'invoice', after.id, after.accountId, after)
      return {
        applied: {
          entity: 'invoice',
          entityId: after.id,
          accountId: after.accountId,
          before: publicRow(before),
          after: publicRow(after),
          version: after.version,
        },
        outboundAction: 'invoice.corrected',
      }
    }
  }
}

/** The id of a contact an agent added: made from the address, so adding it twice is one contact. */
export function agentContactId(email: string): string {
  return 'mail-' + createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 24)
}

/**
 * A contact added by an agent (sorting a Triage ticket). One address belongs to one account:
 * an address already known in this account is success without a change, one known in another
 * account is refused, naming that account when the caller may see it.
 */
async function addContact(
  ctx: MutationContext,
  a: Extract<Mutation, { name: 'contact.add' }>['args'],
): Promise<{ applied: Applied; outboundAction?: string }> {
  const [account] = await ctx.tx
    .select({ id: accounts.id, name: accounts.name })
    .from(accounts)
    .where(eq(accounts.id, a.accountId))
  if (!account || !ctx.scope.has(account.id)) throw notFound('account', a.accountId)
  const email = a.email.trim()
  const [existing] = await ctx.tx
    .select()
    .from(contacts)
    .where(sql`lower(${contacts.email}) = ${email.toLowerCase()}`)
    .limit(1)
  if (existing) {
    if (existing.accountId === account.id)
      return {
        applied: {
          entity: 'contact',
          entityId: existing.id,
          accountId: existing.accountId,
          before: publicRow(existing),
          after: publicRow(existing),
          version: existing.version,
        },
      }
    let owner = 'an account outside your scope'
    if (ctx.scope.has(existing.accountId)) {
      const [other] = await ctx.tx
        .select({ name: accounts.name })
        .from(accounts)
        .where(eq(accounts.id, existing.accountId))
      owner = other?.name ?? existing.accountId
    }
    throw new Rejection('E_RULE_VIOLATION', `${email} is already a contact of ${owner}`)
  }
  const [after] = await ctx.tx
    .insert(contacts)
    .values({
      id: agentContactId(email),
      accountId: account.id,
      name: a.name.trim(),
      email,
      role: a.role,
      department: a.department ?? null,
      version: 1,
      fieldVersions: {},
      updatedAt: ctx.now,
    })
    .returning()
  if (!after) throw new Error('contact insert returned nothing')
  await recordChange(ctx.tx, 'contact', after.id, after.accountId, after)
  return {
    applied: {
      entity: 'contact',
      entityId: after.id,
      accountId: after.accountId,
      before: null,
      after: publicRow(after),
      version: after.version,
    },
    outboundAction: 'contact.added',
  }
}

type OrderMutation = Extract<
  Mutation,
  { name: 'order.changeLines' | 'order.splitShipment' | 'order.confirmBackorder' }
>

function orderTotal(lines: OrderLine[]): number {
  return lines
    .filter((l) => l.status !== 'cancelled')
    .reduce((sum, l) => sum + l.qty * l.unitPrice, 0)
}

async function applyOrderMutation(
  ctx: MutationContext,
  m: OrderMutation,
): Promise<{ applied: Applied; outboundAction: string }> {
  const orderId = m.args.orderId
  const [row] = await ctx.tx.select().from(orders).where(eq(orders.id, orderId))
  const before = visible(ctx, row, 'order', orderId)
  if (before.status === 'shipped' || before.status === 'cancelled')
    throw new Rejection('E_RULE_VIOLATION', `order ${orderId} is ${before.status}`)
  const lines = before.lines.map((l) => ({ ...l }))
  let shipments = before.shipments
  const lineOf = (lineId: string): OrderLine => {
    const line = lines.find((l) => l.lineId === lineId)
    if (!line) throw notFound(`order ${orderId} line`, lineId)
    // Shipped goods cannot be changed from the console; that is a return, handled in the ERP.
    if (line.status === 'shipped')
      throw new Rejection('E_RULE_VIOLATION', `line ${lineId} has shipped and cannot be changed`)
    return line
  }
  let fields: string[]
  let action: string
  if (m.name === 'order.changeLines') {
    fields = []
    for (const c of m.args.changes) {
      const line = lineOf(c.lineId)
      if (c.qty !== undefined) {
        if (c.qty < line.shippedQty)
          throw new Rejection(
            'E_RULE_VIOLATION',
            `line ${c.lineId}: ${line.shippedQty} already shipped, cannot go to ${c.qty}`,
          )
        line.qty = c.qty
        fields.push(`lines.${c.lineId}.qty`)
      }
      if (c.shipDate !== undefined) {
        line.shipDate = c.shipDate
        fields.push(`lines.${c.lineId}.shipDate`)
      }
    }
    action = 'order.linesChanged'
  } else if (m.name === 'order.splitShipment') {
    const line = lineOf(m.args.lineId)
    const open = line.qty - line.shippedQty
    const sum = m.args.parts.reduce((s, p) => s + p.qty, 0)
    if (sum !== open)
      throw new Rejection(
        'E_RULE_VIOLATION',
        `parts add up to ${sum}, the open quantity of line ${m.args.lineId} is ${open}`,
      )
    shipments = [
      ...shipments.filter((s) => s.lineId !== m.args.lineId),
      ...m.args.parts.map((p) => ({ lineId: m.args.lineId, ...p })),
    ]
    fields = [`lines.${m.args.lineId}.qty`, `lines.${m.args.lineId}.shipDate`]
    action = 'order.shipmentSplit'
  } else {
    const line = lineOf(m.args.lineId)
    line.status = 'backordered'
    line.expectedDate = m.args.expectedDate
    fields = [`lines.${m.args.lineId}.status`]
    action = 'order.backorderConfirmed'
  }
  const server = Object.fromEntries(
    fields.map((f) => {
      const [, lineId, key] = f.split('.')
      const l = before.lines.find((x) => x.lineId === lineId)
      return [f, l ? l[key as keyof OrderLine] : null]
    }),
  )
  const client: Record<string, unknown> = Object.fromEntries(
    fields.map((f) => {
      const [, lineId, key] = f.split('.')
      const l = lines.find((x) => x.lineId === lineId)
      return [f, l ? l[key as keyof OrderLine] : null]
    }),
  )
  if (m.name === 'order.splitShipment') client[`lines.${m.args.lineId}.shipments`] = m.args.parts
  checkConflict('order', orderId, before, m.baseVersion, fields, server, client)
  const total = orderTotal(lines)
  await adjustCredit(ctx, before.accountId, total - before.total, true)
  const [after] = await ctx.tx
    .update(orders)
    .set({ lines, shipments, total, ...bump(before, fields), updatedAt: ctx.now })
    .where(eq(orders.id, orderId))
    .returning()
  if (!after) throw new Error('order update returned nothing')
  await recordChange(ctx.tx, 'order', after.id, after.accountId, after)
  return {
    applied: {
      entity: 'order',
      entityId: after.id,
      accountId: after.accountId,
      before: publicRow(before),
      after: publicRow(after),
      version: after.version,
    },
    outboundAction: action,
  }
}

export { queueOutbound }
