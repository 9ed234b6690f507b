/**
 * The shipped demo mailbox (`resources/demo/mailbox/`): its manifest format, and a reader
 * that shifts the demo's dates so that the newest mail is recent when the demo starts.
 *
 * The files are generated once by `scripts/generate-demo-mailbox.ts` at a fixed `now`
 * recorded in the manifest. At start-up the console calls `readDemoMailbox(dir, clock.now())`:
 * every message's INTERNALDATE and top-level Date header move forward by the same amount
 * (`now - manifest.now`), so SLA countdowns, "at risk" and "breached" look as they did at
 * generation time, relative to the present.
 */
import { readFileSync } from 'node:fs'
import { join, resolve, sep } from 'node:path'
import { z } from 'zod'
import { shiftDemoDocuments, type DemoDocuments } from '../../shared/demo/documents'
import { invoiceRow, orderRow, quoteRow } from '../../shared/sync/import'
import { formatRfc5322Date } from './mime-writer'

export const DEMO_MANIFEST_FILE = 'manifest.json'
/** Orders, quotes and invoices the threads talk about (see src/shared/demo/documents.ts). */
export const DEMO_DOCUMENTS_FILE = 'documents.json'

/** The generation parameters of the shipped mailbox (recorded in its manifest too). */
export const DEMO_MAILBOX_SEED = 'kontor-demo-v1'
/** A Friday morning in Europe: most of the week's mail is answered, the last day's is still open. */
export const DEMO_MAILBOX_NOW = new Date('2026-11-27T09:30:00.000Z')
export const DEMO_MAILBOX_THREADS = 300

export const demoManifestEntrySchema = z.object({
  /** Path relative to the mailbox directory, forward slashes. */
  file: z.string().regex(/^[a-z0-9-]+\/(INBOX|Sent)\/[0-9]{4}-[0-9]{2}\.eml$/),
  mailbox: z.string(),
  folder: z.enum(['INBOX', 'Sent']),
  /** INTERNALDATE, ISO 8601, absolute (as generated). */
  internalDate: z.string(),
  /** Milliseconds between INTERNALDATE and the manifest's `now` (≥ 0): the date to use is `now - ageMs`. */
  ageMs: z.number().int().nonnegative(),
  flags: z.array(z.string()),
  messageId: z.string(),
  threadIndex: z.number().int().nonnegative(),
  /** Null for a sender no account knows (Triage). */
  accountId: z.string().nullable(),
  scenario: z.string(),
  size: z.number().int().positive(),
})

export const demoManifestSchema = z.object({
  version: z.literal(1),
  generator: z.string(),
  seed: z.string(),
  /** The instant the mailbox was generated "at". */
  now: z.string(),
  threads: z.number().int().positive(),
  mailboxes: z.array(
    z.object({
      address: z.string(),
      folder: z.string(),
      displayName: z.string(),
      purpose: z.string(),
    }),
  ),
  messages: z.array(demoManifestEntrySchema),
})

export type DemoManifest = z.infer<typeof demoManifestSchema>
export type DemoManifestEntry = z.infer<typeof demoManifestEntrySchema>

export interface DemoMailboxMessage {
  entry: DemoManifestEntry
  /** INTERNALDATE shifted to the present: `now - entry.ageMs`. */
  internalDate: Date
  /** The raw message with its top-level Date header shifted by the same amount. */
  raw: Buffer
}

export function readDemoManifest(dir: string): DemoManifest {
  return demoManifestSchema.parse(JSON.parse(readFileSync(join(dir, DEMO_MANIFEST_FILE), 'utf8')))
}

const DATE_HEADER = /^Date: [^\r\n]*?([+-])(\d{2})(\d{2})\r?$/m

/**
 * Moves the top-level Date header by `shiftMs`, keeping the sender's UTC offset. Only the
 * header block is touched (the first `Date:` line before the blank line); bodies and
 * quoted text keep their wording.
 */
export function shiftDateHeader(raw: Buffer, shiftMs: number): Buffer {
  const text = raw.toString('latin1')
  const end = text.indexOf('\r\n\r\n')
  const head = end < 0 ? text : text.slice(0, end)
  const match = DATE_HEADER.exec(head)
  if (!match || match.index === undefined) return raw
  const line = match[0].replace(/\r$/, '')
  const original = Date.parse(line.slice('Date: '.length))
  if (Number.isNaN(original)) return raw
  const offset = (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]))
  const shifted = `Date: ${formatRfc5322Date(new Date(original + shiftMs), offset)}`
  return Buffer.from(
    text.slice(0, match.index) + shifted + text.slice(match.index + line.length),
    'latin1',
  )
}

const demoDocumentsSchema = z.object({
  version: z.literal(1),
  now: z.string(),
  orders: z.array(orderRow),
  quotes: z.array(quoteRow),
  invoices: z.array(invoiceRow),
})

/** Reads the demo documents with every date shifted like the mail (`now - documents.now`). */
export function readDemoDocuments(dir: string, now: Date): DemoDocuments {
  const documents = demoDocumentsSchema.parse(
    JSON.parse(readFileSync(join(dir, DEMO_DOCUMENTS_FILE), 'utf8')),
  )
  return shiftDemoDocuments(documents, now)
}

/** Reads the demo mailbox with every date shifted so that the manifest's `now` becomes `now`. */
export function* readDemoMailbox(
  dir: string,
  now: Date,
): Generator<DemoMailboxMessage, void, undefined> {
  const manifest = readDemoManifest(dir)
  const root = resolve(dir)
  const shift = now.getTime() - Date.parse(manifest.now)
  for (const entry of manifest.messages) {
    const path = resolve(root, entry.file)
    // The manifest is shipped data, but a path that leaves the folder is refused all the same.
    if (!path.startsWith(root + sep))
      throw new Error(`demo manifest entry outside the mailbox folder: ${entry.file}`)
    yield {
      entry,
      internalDate: new Date(now.getTime() - entry.ageMs),
      raw: shiftDateHeader(readFileSync(path), shift),
    }
  }
}
