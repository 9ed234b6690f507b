import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import PostalMime from 'postal-mime'
import { describe, expect, it } from 'vitest'
import { shiftDemoDocuments, type DemoDocuments } from '../../../src/shared/demo/documents'
import { invoiceRow, orderRow, quoteRow } from '../../../src/shared/sync/import'
import { DemoDocumentBuilder } from '../../../src/main/demo/demo-documents'
import {
  DEMO_DOCUMENTS_FILE,
  readDemoDocuments,
  readDemoManifest,
} from '../../../src/main/demo/demo-mailbox'
import { generateMailbox, type GeneratedMessage } from '../../../src/main/demo/mail-generator'

const MAILBOX_DIR = join(__dirname, '..', '..', '..', 'resources', 'demo', 'mailbox')

function shipped(): DemoDocuments {
  return JSON.parse(readFileSync(join(MAILBOX_DIR, DEMO_DOCUMENTS_FILE), 'utf8')) as DemoDocuments
}

describe('demo documents', { timeout: 60_000 }, () => {
  it('are valid import rows with unique ids, and the generator reproduces them', () => {
    const docs = shipped()
    const manifest = readDemoManifest(MAILBOX_DIR)
    expect(docs.now).toBe(manifest.now)
    expect(docs.orders.length).toBeGreaterThan(100)
    expect(docs.quotes.length).toBeGreaterThan(20)
    expect(docs.invoices.length).toBeGreaterThan(20)
    for (const o of docs.orders) orderRow.parse(o)
    for (const q of docs.quotes) quoteRow.parse(q)
    for (const i of docs.invoices) invoiceRow.parse(i)
    const ids = [...docs.orders, ...docs.quotes, ...docs.invoices].map((d) => d.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const i of docs.invoices) expect(docs.orders.some((o) => o.id === i.orderId)).toBe(true)

    const builder = new DemoDocumentBuilder()
    let thread: GeneratedMessage[] = []
    const now = new Date(manifest.now)
    for (const m of generateMailbox({ seed: manifest.seed, now, threads: manifest.threads })) {
      if (thread.length > 0 && thread[0]?.threadIndex !== m.threadIndex) {
        builder.addThread(thread)
        thread = []
      }
      thread.push(m)
    }
    builder.addThread(thread)
    expect(JSON.parse(JSON.stringify(builder.build(now)))).toEqual(docs)
  })

  it('are the documents the mail talks about: each number appears in a thread of its account', async () => {
    const docs = shipped()
    const manifest = readDemoManifest(MAILBOX_DIR)
    const textByAccount = new Map<string, string>()
    for (const e of manifest.messages) {
      if (e.accountId === null) continue
      const p = await PostalMime.parse(readFileSync(join(MAILBOX_DIR, e.file)))
      const text = `${p.subject ?? ''}\n${p.text ?? ''}`
      textByAccount.set(e.accountId, (textByAccount.get(e.accountId) ?? '') + text)
    }
    // An invoice's order need not be named in the mail: the invoice links to it.
    const invoicedOrders = new Set(docs.invoices.map((i) => i.orderId))
    const named = [
      ...docs.orders.filter((o) => !invoicedOrders.has(o.id)),
      ...docs.quotes,
      ...docs.invoices,
    ]
    for (const d of named)
      expect(textByAccount.get(d.accountId) ?? '', d.number).toContain(d.number)
    // Partial deliveries and backorders show as such beside the mail.
    expect(docs.orders.some((o) => o.status === 'partially_shipped')).toBe(true)
    expect(docs.orders.some((o) => o.lines.some((l) => l.status === 'backordered'))).toBe(true)
    expect(docs.invoices.some((i) => i.status === 'overdue')).toBe(true)
    expect(docs.quotes.some((q) => q.revisions.length === 2)).toBe(true)
  })

  it('shift with the mail: instants exactly, calendar dates by whole days', () => {
    const docs = shipped()
    const later = new Date(Date.parse(docs.now) + 10 * 86_400_000 + 3_600_000)
    const shiftedDocs = readDemoDocuments(MAILBOX_DIR, later)
    expect(shiftedDocs.now).toBe(later.toISOString())
    const o = docs.orders[0]
    const so = shiftedDocs.orders[0]
    expect(Date.parse(so?.orderedAt ?? '') - Date.parse(o?.orderedAt ?? '')).toBe(
      10 * 86_400_000 + 3_600_000,
    )
    const i = docs.invoices[0]
    const si = shiftedDocs.invoices[0]
    expect(Date.parse(si?.dueOn ?? '') - Date.parse(i?.dueOn ?? '')).toBe(10 * 86_400_000)
    expect(shiftDemoDocuments(docs, new Date(docs.now))).toEqual(docs)
  })
})
