/**
 * Derives the orders, quotes and invoices that generated threads talk about (same numbers,
 * lines, quantities and prices as the mail), in the sync server's import row format. The
 * demo mailbox script writes them to `resources/demo/mailbox/documents.json`.
 *
 * Dates follow the story of each thread: an order disputed on an invoice was shipped weeks
 * before the first mail; a quote's revisions carry the dates of the agent's quote mails; an
 * order placed in a quote thread carries the date of the customer's order mail.
 */
import { PAYMENT_TERMS, findDemoAccount, findDemoProduct } from '../../shared/demo/companies'
import type {
  DemoDocuments,
  DemoInvoiceRow,
  DemoOrderRow,
  DemoQuoteRow,
} from '../../shared/demo/documents'
import type { GeneratedMessage } from './mail-generator'

const DAY = 86_400_000

const day = (t: number): string => new Date(t).toISOString().slice(0, 10)
const iso = (t: number): string => new Date(t).toISOString()

/** Collects one thread's messages at a time and builds the documents at the end. */
export class DemoDocumentBuilder {
  private readonly orders: DemoOrderRow[] = []
  private readonly quotes: DemoQuoteRow[] = []
  private readonly invoices: DemoInvoiceRow[] = []

  /** Adds the documents of one thread (its messages in order, as the generator yields them). */
  addThread(messages: readonly GeneratedMessage[]): void {
    const first = messages[0]
    if (!first || first.accountId === null) return
    const account = findDemoAccount(first.accountId)
    if (!account) return
    const { refs, lines, currency } = first.business
    const start = first.business.start.getTime()
    const own = messages.filter((m) => !m.autoReply)
    const at = (position: number): number | null => own[position]?.date.getTime() ?? null
    const description = (sku: string): string => findDemoProduct(sku)?.name ?? sku
    const orderLines = (
      factor: number,
      shippedQtyOf: (i: number, qty: number) => number,
      shipDate: number | null,
    ): DemoOrderRow['lines'] =>
      lines.map((l, i) => {
        const shipped = shippedQtyOf(i, l.quantity)
        return {
          lineId: String((i + 1) * 10),
          sku: l.sku,
          description: description(l.sku),
          qty: l.quantity,
          unitPrice: Math.round(l.unitPriceMinor * factor),
          shippedQty: shipped,
          shipDate: shipDate === null ? null : day(shipDate),
          status: shipped >= l.quantity ? 'shipped' : 'open',
        }
      })
    const order = (
      orderedAt: number,
      status: DemoOrderRow['status'],
      orderLinesValue: DemoOrderRow['lines'],
    ): DemoOrderRow => {
      const row: DemoOrderRow = {
        id: `demo-${refs.so}`,
        accountId: account.id,
        number: refs.so,
        status,
        orderedAt: iso(orderedAt),
        currency,
        lines: orderLinesValue,
      }
      this.orders.push(row)
      return row
    }
    const invoice = (issued: number, status: DemoInvoiceRow['status'], row: DemoOrderRow): void => {
      this.invoices.push({
        id: `demo-${refs.invoice}`,
        accountId: account.id,
        orderId: row.id,
        number: refs.invoice,
        amount: row.lines.reduce((sum, l) => sum + l.qty * l.unitPrice, 0),
        currency,
        issuedOn: day(issued),
        dueOn: day(issued + PAYMENT_TERMS[account.paymentTerms].netDays * DAY),
        status,
      })
    }
    const all = (_: number, qty: number): number => qty
    const none = (): number => 0

    switch (first.scenario) {
      case 'quote_request': {
        const rev1 = at(1)
        if (rev1 === null) return
        const rev2 = at(3)
        // The order exists once our confirmation (message 6) names its number.
        const ordered = at(5)
        const revision = (
          n: number,
          t: number,
          factor: number,
        ): DemoQuoteRow['revisions'][number] => ({
          revision: n,
          lines: lines.map((l) => ({
            sku: l.sku,
            description: description(l.sku),
            qty: l.quantity,
            unitPrice: Math.round(l.unitPriceMinor * factor),
            ...(n > 1 ? { discountPct: 5 } : {}),
          })),
          validUntil: day(t + 30 * DAY),
          createdAt: iso(t),
        })
        this.quotes.push({
          id: `demo-${refs.quote}`,
          accountId: account.id,
          number: refs.quote,
          status: ordered !== null ? 'accepted' : 'sent',
          currency,
          revisions:
            rev2 === null
              ? [revision(1, rev1, 1)]
              : [revision(1, rev1, 1), revision(2, rev2, 0.95)],
        })
        if (ordered !== null) order(ordered, 'open', orderLines(0.95, none, ordered + 7 * DAY))
        return
      }
      case 'stock_question': {
        // Our last reply reserves the stock under the order number.
        const ordered = at(3)
        if (ordered !== null) order(ordered, 'open', orderLines(1, none, ordered + 2 * DAY))
        return
      }
      case 'order_change':
        order(start - 6 * DAY, 'open', orderLines(1, none, start + 8 * DAY))
        return
      case 'delivery_status':
        order(start - 10 * DAY, 'shipped', orderLines(1, all, start - 3 * DAY))
        return
      case 'partial_delivery': {
        // The mail says every line but the last is missing (a single line: half of it came).
        const n = lines.length
        const shipped = (i: number, qty: number): number =>
          n === 1 ? Math.floor(qty / 2) : i === n - 1 ? qty : 0
        const row = order(
          start - 12 * DAY,
          'partially_shipped',
          orderLines(1, shipped, start - DAY),
        )
        row.lines = row.lines.map((l) =>
          l.status === 'shipped' ? l : { ...l, status: 'backordered' },
        )
        return
      }
      case 'backorder': {
        const row = order(start - 5 * DAY, 'open', orderLines(1, none, start + 10 * DAY))
        row.lines = row.lines.map((l, i) => (i === 0 ? { ...l, status: 'backordered' } : l))
        return
      }
      case 'invoice_dispute': {
        const row = order(start - 30 * DAY, 'shipped', orderLines(1, all, start - 25 * DAY))
        invoice(start - 15 * DAY, 'open', row)
        return
      }
      case 'payment_reminder': {
        const net = PAYMENT_TERMS[account.paymentTerms].netDays
        const issued = start - (net + 10) * DAY
        const row = order(issued - 14 * DAY, 'shipped', orderLines(1, all, issued - 2 * DAY))
        invoice(issued, 'overdue', row)
        return
      }
      case 'new_customer':
        return
    }
  }

  build(now: Date): DemoDocuments {
    return {
      version: 1,
      now: now.toISOString(),
      orders: this.orders,
      quotes: this.quotes,
      invoices: this.invoices,
    }
  }
}
