/**
 * Writes the demo workspace's mailbox to resources/demo/mailbox/ from the mail generator,
 * with a fixed seed and a fixed `now`, so the output is byte-for-byte reproducible:
 *
 *   npx tsx scripts/generate-demo-mailbox.ts [--out DIR] [--threads N]
 *
 * Layout: <mailbox>/<INBOX|Sent>/<thread>-<position>.eml (mailbox = the shared mailbox's
 * local part), plus manifest.json with each file's folder, INTERNALDATE, its age relative to
 * the manifest's `now`, and flags. See src/main/demo/demo-mailbox.ts for the reader.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { DEMO_SHARED_MAILBOXES } from '../src/shared/demo/companies'
import {
  DEMO_DOCUMENTS_FILE,
  DEMO_MAILBOX_NOW,
  DEMO_MAILBOX_SEED,
  DEMO_MAILBOX_THREADS,
  DEMO_MANIFEST_FILE,
  type DemoManifest,
} from '../src/main/demo/demo-mailbox'
import { DemoDocumentBuilder } from '../src/main/demo/demo-documents'
import { generateMailbox, type GeneratedMessage } from '../src/main/demo/mail-generator'

const DEMO_SEED = DEMO_MAILBOX_SEED
const DEMO_NOW = DEMO_MAILBOX_NOW
const DEMO_THREADS = DEMO_MAILBOX_THREADS

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

function main(): void {
  const out = resolve(arg('--out') ?? join(__dirname, '..', 'resources', 'demo', 'mailbox'))
  const threads = Number(arg('--threads') ?? DEMO_THREADS)
  // Start clean so a smaller run leaves no stale files behind.
  mkdirSync(out, { recursive: true })
  for (const name of readdirSync(out)) {
    if (
      name === DEMO_MANIFEST_FILE ||
      DEMO_SHARED_MAILBOXES.some((m) => m.address.split('@')[0] === name)
    )
      rmSync(join(out, name), { recursive: true, force: true })
  }
  const manifest: DemoManifest = {
    version: 1,
    generator: 'src/main/demo/mail-generator.ts',
    seed: DEMO_SEED,
    now: DEMO_NOW.toISOString(),
    threads,
    mailboxes: DEMO_SHARED_MAILBOXES.map((m) => ({
      address: m.address,
      folder: m.address.split('@')[0] ?? m.id,
      displayName: m.displayName,
      purpose: m.purpose,
    })),
    messages: [],
  }
  let bytes = 0
  const documents = new DemoDocumentBuilder()
  let thread: GeneratedMessage[] = []
  for (const m of generateMailbox({ seed: DEMO_SEED, now: DEMO_NOW, threads })) {
    // The generator yields whole threads in order: a new index closes the previous thread.
    if (thread.length > 0 && thread[0]?.threadIndex !== m.threadIndex) {
      documents.addThread(thread)
      thread = []
    }
    thread.push(m)
    const box = m.mailbox.split('@')[0] ?? 'mail'
    const file = `${box}/${m.folder}/${String(m.threadIndex).padStart(4, '0')}-${String(m.position).padStart(2, '0')}.eml`
    mkdirSync(join(out, box, m.folder), { recursive: true })
    writeFileSync(join(out, file), m.raw)
    bytes += m.raw.length
    manifest.messages.push({
      file,
      mailbox: m.mailbox,
      folder: m.folder,
      internalDate: m.internalDate.toISOString(),
      ageMs: DEMO_NOW.getTime() - m.internalDate.getTime(),
      flags: m.flags,
      messageId: m.messageId,
      threadIndex: m.threadIndex,
      accountId: m.accountId,
      scenario: m.scenario,
      size: m.raw.length,
    })
  }
  documents.addThread(thread)
  writeFileSync(join(out, DEMO_MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`)
  writeFileSync(
    join(out, DEMO_DOCUMENTS_FILE),
    `${JSON.stringify(documents.build(DEMO_NOW), null, 1)}\n`,
  )
  process.stdout.write(
    `wrote ${manifest.messages.length} messages in ${threads} threads (${(bytes / 1024 / 1024).toFixed(2)} MB) to ${out}\n`,
  )
}

main()
