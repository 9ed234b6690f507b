/**
 * The business documents (orders, quotes, invoices) that the demo mailbox's threads talk
 * about, in the sync server's import row format, so that the account pane beside a demo
 * mail shows the very order, quote or invoice the mail mentions.
 *
 * They are written next to the demo mailbox (`resources/demo/mailbox/documents.json`) with
 * absolute dates at the manifest's `now`; `shiftDemoDocuments` moves them by the same amount
 * as the mail (see src/main/demo/demo-mailbox.ts) before they are imported. Pure.
 */
import type { z } from 'zod'
import type { invoiceRow, orderRow, quoteRow } from '../sync/import'

export type DemoOrderRow = z.infer<typeof orderRow>
export type DemoQuoteRow = z.infer<typeof quoteRow>
export type DemoInvoiceRow = z.infer<typeof invoiceRow>

export interface DemoDocuments {
  version: 1
  /** The instant the documents were generated at (equal to the mailbox manifest's `now`). */
  now: string
  orders: DemoOrderRow[]
  quotes: DemoQuoteRow[]
  invoices: DemoInvoiceRow[]
}

const DAY = 86_400_000

function shiftInstant(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString()
}

/** Shifts a `YYYY-MM-DD` date by whole days (UTC arithmetic, so no DST surprises). */
function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY).toISOString().slice(0, 10)
}

/**
 * Moves every date of the documents so that `documents.now` becomes `now`: instants by the
 * exact difference, calendar dates by the difference rounded to whole days.
 */
export function shiftDemoDocuments(documents: DemoDocuments, now: Date): DemoDocuments {
  const ms = now.getTime() - Date.parse(documents.now)
  const days = Math.round(ms / DAY)
  return {
    version: 1,
    now: now.toISOString(),
    orders: documents.orders.map((o) => ({
      ...o,
      orderedAt: shiftInstant(o.orderedAt, ms),
      lines: o.lines.map((l) => ({
        ...l,
        ...(l.shipDate ? { shipDate: shiftDay(l.shipDate, days) } : {}),
      })),
    })),
    quotes: documents.quotes.map((q) => ({
      ...q,
      revisions: q.revisions.map((r) => ({
        ...r,
        createdAt: shiftInstant(r.createdAt, ms),
        validUntil: shiftDay(r.validUntil, days),
      })),
    })),
    invoices: documents.invoices.map((i) => ({
      ...i,
      issuedOn: shiftDay(i.issuedOn, days),
      dueOn: shiftDay(i.dueOn, days),
    })),
  }
}
