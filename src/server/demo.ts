/**
 * `kontor server seed-demo`: the demo company set of src/shared/demo (the same account ids,
 * domains and contact emails as the demo mailboxes) loaded through the import path, plus a
 * year of orders, quotes with revisions, invoices and stock, generated from a seeded PRNG so
 * the same seed and date give the same data. Agents of every role get tokens, printed once.
 */
import { addDays, formatISO, subDays } from 'date-fns'
import {
  DEMO_ACCOUNTS,
  DEMO_AGENTS,
  DEMO_CONTACTS,
  DEMO_PRODUCTS,
  DEMO_TIER_DISCOUNT,
  PAYMENT_TERMS,
  demoListPrice,
  type DemoAccount,
} from '../shared/demo/companies'
import { createPrng } from '../shared/demo/random'
import { KontorError } from '../shared/errors'
import type { ImportKind } from '../shared/sync/import'
import { addAgent } from './agents'
import type { ServerDb } from './db/store'
import { importRows } from './import'

const WAREHOUSES = ['NUE', 'RTM', 'CHI'] as const
const day = (d: Date) => formatISO(d, { representation: 'date' })

export interface DemoSummary {
  counts: Record<ImportKind, number>
  agents: {
    id: string
    name: string
    email: string
    role: string
    team: string | null
    token: string
  }[]
}

function accountRow(a: DemoAccount) {
  return {
    id: a.id,
    name: a.name,
    parentId: a.parentId,
    tier: a.tier,
    region: a.region,
    timeZone: a.timeZone,
    calendar: a.calendar,
    domain: a.domains[0] ?? null,
    currency: a.currency,
    creditLimit: a.creditLimitMinor,
    creditUsed: 0,
    paymentTermsDays: PAYMENT_TERMS[a.paymentTerms].netDays,
    repAgentId: a.repId,
    teamId: a.teamId,
  }
}

/** Build every import batch (pure: same seed and date, same rows). */
export function demoRows(
  now: Date,
  seed = 'kontor-demo',
): Record<ImportKind, Record<string, unknown>[]> {
  const rng = createPrng(seed)
  const accounts = DEMO_ACCOUNTS.map(accountRow)
  const contacts = DEMO_CONTACTS.map((c) => ({
    id: c.id,
    accountId: c.accountId,
    name: c.name,
    email: c.email,
    role: c.role,
    department: c.department,
  }))
  const orders: Record<string, unknown>[] = []
  const quotes: Record<string, unknown>[] = []
  const invoices: Record<string, unknown>[] = []
  const today = day(now)
  let orderNo = 40_000
  let quoteNo = 7_000
  let invoiceNo = 90_000
  const used = new Map<string, number>()
  for (const acc of DEMO_ACCOUNTS) {
    const r = rng.fork(acc.id)
    const price = (sku: (typeof DEMO_PRODUCTS)[number]) =>
      Math.round(demoListPrice(sku, acc.currency) * (1 - DEMO_TIER_DISCOUNT[acc.tier] / 100))
    const nOrders =
      acc.tier === 'strategic' ? r.int(30, 48) : acc.tier === 'key' ? r.int(14, 26) : r.int(5, 12)
    for (let i = 0; i < nOrders; i++) {
      const ordered = subDays(now, r.int(0, 364))
      const age = Math.round((now.getTime() - ordered.getTime()) / 86_400_000)
      const products = r.sample(DEMO_PRODUCTS, r.int(1, 6))
      const lines = products.map((p, j) => {
        const qty = r.int(1, 40) * (acc.tier === 'strategic' ? 5 : 1)
        const shipDate = day(addDays(ordered, r.int(2, 12)))
        const shipped = age > 20 ? qty : age > 7 && r.chance(0.5) ? Math.floor(qty / 2) : 0
        const backordered = shipped < qty && r.chance(0.15)
        return {
          lineId: `L${j + 1}`,
          sku: p.sku,
          description: p.name,
          qty,
          unitPrice: price(p),
          shippedQty: shipped,
          shipDate,
          status: shipped === qty ? 'shipped' : backordered ? 'backordered' : 'open',
        }
      })
      const all = lines.every((l) => l.status === 'shipped')
      const some = lines.some((l) => l.shippedQty > 0)
      const id = `so-${++orderNo}`
      orders.push({
        id,
        accountId: acc.id,
        number: `SO-${orderNo}`,
        status: all ? 'shipped' : some ? 'partially_shipped' : 'open',
        orderedAt: ordered.toISOString(),
        currency: acc.currency,
        lines,
      })
      if (all) {
        const issued = addDays(ordered, 12)
        const due = addDays(issued, PAYMENT_TERMS[acc.paymentTerms].netDays)
        const amount = lines.reduce((s, l) => s + l.qty * l.unitPrice, 0)
        const status =
          day(due) < today ? (r.chance(0.9) ? 'paid' : 'overdue') : r.chance(0.2) ? 'paid' : 'open'
        if (status !== 'paid') used.set(acc.id, (used.get(acc.id) ?? 0) + amount)
        invoices.push({
          id: `inv-${++invoiceNo}`,
          accountId: acc.id,
          orderId: id,
          number: `RE-${invoiceNo}`,
          amount,
          currency: acc.currency,
          issuedOn: day(issued),
          dueOn: day(due),
          status,
        })
      }
    }
    const nQuotes = acc.tier === 'standard' ? r.int(1, 3) : r.int(3, 7)
    for (let i = 0; i < nQuotes; i++) {
      const created = subDays(now, r.int(0, 120))
      const products = r.sample(DEMO_PRODUCTS, r.int(1, 5))
      const revisions = Array.from({ length: r.int(1, 3) }, (_, k) => {
        const at = addDays(created, k * r.int(1, 6))
        return {
          revision: k + 1,
          lines: products.map((p) => ({
            sku: p.sku,
            description: p.name,
            qty: r.int(10, 500),
            unitPrice: price(p),
            ...(k > 0 ? { discountPct: 2 * k } : {}),
          })),
          validUntil: day(addDays(at, 30)),
          createdAt: at.toISOString(),
        }
      })
      const last = revisions[revisions.length - 1]
      const expired = last !== undefined && last.validUntil < today
      quotes.push({
        id: `qt-${++quoteNo}`,
        accountId: acc.id,
        number: `QT-${quoteNo}`,
        status: expired
          ? r.chance(0.5)
            ? 'accepted'
            : 'expired'
          : r.weighted([
              ['sent', 6],
              ['draft', 2],
              ['accepted', 1],
            ] as const),
        currency: acc.currency,
        revisions,
      })
    }
  }
  for (const a of accounts) a.creditUsed = Math.min(used.get(a.id) ?? 0, a.creditLimit)
  const inventory = DEMO_PRODUCTS.flatMap((p) => {
    const r = rng.fork(p.sku)
    return WAREHOUSES.map((w) => {
      const out = r.chance(0.12)
      return {
        sku: p.sku,
        warehouse: w,
        description: p.name,
        onHand: out ? 0 : r.int(5, 2000),
        ...(out
          ? {
              expectedQty: r.int(50, 500),
              expectedDate: day(addDays(now, p.leadTimeDays + r.int(0, 10))),
            }
          : {}),
      }
    })
  })
  return { accounts, contacts, orders, quotes, invoices, inventory }
}

/** Extra documents to import with the demo set (the demo mailbox's orders, quotes and invoices). */
export interface DemoExtras {
  orders: unknown[]
  quotes: unknown[]
  invoices: unknown[]
}

export interface SeedDemoOptions {
  /**
   * The agent a demo workspace signs in as. It works the shared mailboxes, which serve every
   * account, so it also covers every top-level account (children come with them): its console
   * then knows each ticket's account, tier and calendar, and can settle any of them.
   */
  deskAgentId?: string
}

export async function seedDemo(
  db: ServerDb,
  now: Date,
  seed?: string,
  extras?: DemoExtras,
  options: SeedDemoOptions = {},
): Promise<DemoSummary> {
  const generated = demoRows(now, seed)
  const rows: Record<ImportKind, unknown[]> = {
    ...generated,
    orders: [...generated.orders, ...(extras?.orders ?? [])],
    quotes: [...generated.quotes, ...(extras?.quotes ?? [])],
    invoices: [...generated.invoices, ...(extras?.invoices ?? [])],
  }
  const counts = {} as Record<ImportKind, number>
  for (const kind of [
    'accounts',
    'contacts',
    'orders',
    'quotes',
    'invoices',
    'inventory',
  ] as const) {
    const report = await importRows(db, kind, rows[kind], 'seed-demo', now)
    if (report.errors.length)
      throw new KontorError(
        'E_INVALID_INPUT',
        `demo ${kind} row ${report.errors[0]?.row}: ${report.errors[0]?.fields.map((f) => `${f.path} ${f.message}`).join('; ')}`,
      )
    counts[kind] = report.received
  }
  const agents: DemoSummary['agents'] = []
  for (const a of DEMO_AGENTS) {
    // Agents and account managers get the top-level accounts they look after (children come with them).
    const assigned =
      a.id === options.deskAgentId
        ? DEMO_ACCOUNTS.filter((acc) => acc.parentId === null).map((acc) => acc.id)
        : a.role === 'account_manager'
          ? DEMO_ACCOUNTS.filter((acc) => acc.repId === a.id).map((acc) => acc.id)
          : a.role === 'agent'
            ? DEMO_ACCOUNTS.filter((acc) => acc.teamId === a.teamId && acc.parentId === null).map(
                (acc) => acc.id,
              )
            : []
    const { token } = await addAgent(
      db,
      {
        id: a.id,
        name: a.name,
        email: a.email,
        role: a.role,
        ...(a.teamId ? { team: a.teamId } : {}),
        accounts: assigned,
      },
      now,
    )
    agents.push({ id: a.id, name: a.name, email: a.email, role: a.role, team: a.teamId, token })
  }
  return { counts, agents }
}
