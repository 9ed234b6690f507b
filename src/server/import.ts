/**
 * ERP import: bulk upsert by external id. Each row is validated on its own; valid rows are
 * written in one transaction (with their change-log rows and one audit row for the batch),
 * invalid rows are listed in the report with their field errors. Importing the same rows
 * again changes nothing (rows equal to the stored ones are counted `unchanged` and produce
 * no change for clients).
 */
import { eq, and } from 'drizzle-orm'
import type { z } from 'zod'
import {
  IMPORT_ROWS,
  type ImportKind,
  type ImportReport,
  type ImportRow,
} from '../shared/sync/import'
import { quoteTotals } from '../shared/sync/rules'
import { fieldErrors } from '../shared/sync/zod-errors'
import { appendAudit, canonicalJson } from './audit'
import {
  accounts,
  contacts,
  inventory,
  invoices,
  orders,
  quotes,
  type OrderLine,
  type QuoteRevision,
} from './db/schema'
import { lockWrites, type ServerDb, type Tx } from './db/store'
import { inventoryId, recordChange } from './entities'

type Versioned = { version: number; fieldVersions: Record<string, number> }

/** Compare only the imported fields: server-side bookkeeping and client-made changes are kept apart. */
function same(stored: Record<string, unknown>, incoming: Record<string, unknown>): boolean {
  return Object.keys(incoming).every(
    (k) => canonicalJson(stored[k] ?? null) === canonicalJson(incoming[k] ?? null),
  )
}

function bumpAll(row: Versioned, fields: string[]) {
  const version = row.version + 1
  const fieldVersions = { ...row.fieldVersions }
  for (const f of fields) fieldVersions[f] = version
  return { version, fieldVersions }
}

function normalise(kind: ImportKind, row: ImportRow<ImportKind>): Record<string, unknown> {
  switch (kind) {
    case 'accounts': {
      const r = row as ImportRow<'accounts'>
      return {
        ...r,
        parentId: r.parentId ?? null,
        calendar: r.calendar ?? null,
        domain: r.domain ?? null,
        repAgentId: r.repAgentId ?? null,
        teamId: r.teamId ?? null,
      }
    }
    case 'contacts': {
      const r = row as ImportRow<'contacts'>
      return { ...r, email: r.email.toLowerCase(), department: r.department ?? null }
    }
    case 'orders': {
      const r = row as ImportRow<'orders'>
      const lines: OrderLine[] = r.lines.map((l) => ({
        lineId: l.lineId,
        sku: l.sku,
        ...(l.description ? { description: l.description } : {}),
        qty: l.qty,
        unitPrice: l.unitPrice,
        shippedQty: l.shippedQty ?? 0,
        shipDate: l.shipDate ?? null,
        status: l.status ?? 'open',
      }))
      const total = lines
        .filter((l) => l.status !== 'cancelled')
        .reduce((s, l) => s + l.qty * l.unitPrice, 0)
      return { ...r, orderedAt: new Date(r.orderedAt).toISOString(), lines, total }
    }
    case 'quotes': {
      const r = row as ImportRow<'quotes'>
      const revisions: QuoteRevision[] = r.revisions
        .map((v) => ({
          ...v,
          createdAt: new Date(v.createdAt).toISOString(),
          total: quoteTotals(v.lines).total,
        }))
        .sort((a, b) => a.revision - b.revision)
      return { ...r, revisions, currentRevision: revisions[revisions.length - 1]?.revision ?? 1 }
    }
    case 'invoices': {
      const r = row as ImportRow<'invoices'>
      return { ...r, orderId: r.orderId ?? null }
    }
    case 'inventory': {
      const r = row as ImportRow<'inventory'>
      return {
        ...r,
        description: r.description ?? null,
        expectedQty: r.expectedQty ?? null,
        expectedDate: r.expectedDate ?? null,
      }
    }
  }
}

async function upsertOne(
  tx: Tx,
  kind: ImportKind,
  data: Record<string, unknown>,
  now: Date,
): Promise<'inserted' | 'updated' | 'unchanged'> {
  const fields = Object.keys(data)
  if (kind === 'inventory') {
    const sku = data.sku as string
    const warehouse = data.warehouse as string
    const [old] = await tx
      .select()
      .from(inventory)
      .where(and(eq(inventory.sku, sku), eq(inventory.warehouse, warehouse)))
    if (old && same(old, data)) return 'unchanged'
    const [row] = old
      ? await tx
          .update(inventory)
          .set({ ...data, ...bumpAll(old, fields), updatedAt: now })
          .where(and(eq(inventory.sku, sku), eq(inventory.warehouse, warehouse)))
          .returning()
      : await tx
          .insert(inventory)
          .values({ ...(data as typeof inventory.$inferInsert), updatedAt: now })
          .returning()
    if (row) await recordChange(tx, 'inventory', inventoryId(sku, warehouse), null, row)
    return old ? 'updated' : 'inserted'
  }
  const table = { accounts, contacts, orders, quotes, invoices }[kind]
  const entity = (
    {
      accounts: 'account',
      contacts: 'contact',
      orders: 'order',
      quotes: 'quote',
      invoices: 'invoice',
    } as const
  )[kind]
  const id = data.id as string
  const [old] = (await tx.select().from(table).where(eq(table.id, id))) as (Record<
    string,
    unknown
  > &
    Versioned)[]
  if (old && same(old, data)) return 'unchanged'
  const written = old
    ? await tx
        .update(table)
        .set({ ...data, ...bumpAll(old, fields), updatedAt: now } as never)
        .where(eq(table.id, id))
        .returning()
    : await tx
        .insert(table)
        .values({ ...data, updatedAt: now } as never)
        .returning()
  const row = written[0] as ({ version: number; id: string } & Record<string, unknown>) | undefined
  if (row) {
    const accountId = kind === 'accounts' ? row.id : (row.accountId as string)
    await recordChange(tx, entity, row.id, accountId, row)
  }
  return old ? 'updated' : 'inserted'
}

export async function importRows(
  db: ServerDb,
  kind: ImportKind,
  rows: unknown[],
  actorId: string,
  now: Date,
): Promise<ImportReport> {
  const schema: z.ZodType = IMPORT_ROWS[kind]
  const report: ImportReport = {
    kind,
    received: rows.length,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    errors: [],
  }
  const valid: Record<string, unknown>[] = []
  const seen = new Set<string>()
  rows.forEach((raw, index) => {
    const parsed = schema.safeParse(raw)
    const rawId =
      typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string'
        ? raw.id.slice(0, 128)
        : undefined
    if (!parsed.success) {
      report.errors.push({
        row: index,
        ...(rawId ? { id: rawId } : {}),
        fields: fieldErrors(parsed.error),
      })
      return
    }
    const data = normalise(kind, parsed.data as ImportRow<ImportKind>)
    const key =
      kind === 'inventory'
        ? inventoryId(data.sku as string, data.warehouse as string)
        : (data.id as string)
    if (seen.has(key)) {
      report.errors.push({
        row: index,
        id: key,
        fields: [{ path: 'id', message: 'appears twice in this import' }],
      })
      return
    }
    seen.add(key)
    valid.push(data)
  })
  if (valid.length === 0) return report
  await db.transaction(async (tx) => {
    await lockWrites(tx)
    for (const data of valid) report[await upsertOne(tx, kind, data, now)]++
    if (report.inserted + report.updated > 0)
      await appendAudit(tx, {
        at: now,
        actorId,
        accountId: null,
        entity: kind,
        entityId: '*',
        action: `import.${kind}`,
        clientId: null,
        mutationId: null,
        before: null,
        after: {
          inserted: report.inserted,
          updated: report.updated,
          unchanged: report.unchanged,
          errors: report.errors.length,
        },
      })
  })
  return report
}

/**
 * CSV for the import command: a header row of field names; `lines`/`revisions` columns hold
 * JSON; numbers are converted when the schema wants a number. RFC 4180 quoting.
 */
export function parseCsv(text: string): string[][] {
  const out: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      field = ''
      if (row.some((f) => f !== '')) out.push(row)
      row = []
    } else field += ch
  }
  row.push(field)
  if (row.some((f) => f !== '')) out.push(row)
  return out
}

const NUMERIC = new Set([
  'creditLimit',
  'creditUsed',
  'paymentTermsDays',
  'amount',
  'onHand',
  'expectedQty',
])
const JSON_FIELDS = new Set(['lines', 'revisions'])

export function csvToRows(text: string): Record<string, unknown>[] {
  const [header, ...body] = parseCsv(text)
  if (!header) return []
  return body.map((cells) => {
    const obj: Record<string, unknown> = {}
    header.forEach((name, i) => {
      const cell = cells[i] ?? ''
      if (cell === '') return
      if (NUMERIC.has(name) && /^-?\d+$/.test(cell)) obj[name] = Number(cell)
      else if (JSON_FIELDS.has(name)) {
        try {
          obj[name] = JSON.parse(cell)
        } catch {
          obj[name] = cell
        }
      } else obj[name] = cell
    })
    return obj
  })
}
