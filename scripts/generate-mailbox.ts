/**
 * Generates a mailbox of any size from the demo mail generator, for benchmarks and load
 * tests (the shipped demo mailbox has its own script, generate-demo-mailbox.ts):
 *
 *   npx tsx scripts/generate-mailbox.ts --out DIR [--threads 17000] [--seed bench]
 *       [--now 2026-11-27T09:30:00Z] [--format maildir|eml] [--single]
 *
 * maildir (default): one Maildir++ per shared mailbox, DIR/<local part>/ (e.g. DIR/support/),
 * with INBOX and .Sent, INTERNALDATE as file mtimes and flags in the file names: point a
 * Dovecot user's mail_location at it. --single puts every shared mailbox's mail into one
 * maildir (DIR itself), for a one-account benchmark. eml: DIR/<local part>/<folder>/<thread>-<pos>.eml.
 * Either way DIR/summary.json records the options and counts. About 3 messages a thread, so
 * 17,000 threads give about 50,000 messages (49,264 for 16,700 with the default seed).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { writeMaildirMessage } from '../src/main/demo/maildir'
import { generateMailbox } from '../src/main/demo/mail-generator'

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name)
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback
}

function main(): void {
  const outArg = arg('--out', '')
  if (!outArg) {
    process.stderr.write(
      'usage: generate-mailbox.ts --out DIR [--threads N] [--seed S] [--now ISO] [--format maildir|eml] [--single]\n',
    )
    process.exitCode = 2
    return
  }
  const out = resolve(outArg)
  const threads = Number(arg('--threads', '17000'))
  const single = process.argv.includes('--single')
  const seed = arg('--seed', 'bench')
  const now = new Date(arg('--now', '2026-11-27T09:30:00Z'))
  const format = arg('--format', 'maildir')
  if (
    !Number.isInteger(threads) ||
    threads <= 0 ||
    Number.isNaN(now.getTime()) ||
    (format !== 'maildir' && format !== 'eml')
  ) {
    process.stderr.write('invalid --threads, --now or --format\n')
    process.exitCode = 2
    return
  }
  const counts: Record<string, number> = {}
  let bytes = 0
  let seq = 0
  const started = Date.now()
  for (const m of generateMailbox({ seed, now, threads })) {
    const box = m.mailbox.split('@')[0] ?? 'mail'
    if (format === 'maildir') writeMaildirMessage(single ? out : join(out, box), m, seq++)
    else {
      const dir = join(out, box, m.folder)
      mkdirSync(dir, { recursive: true })
      writeFileSync(
        join(
          dir,
          `${String(m.threadIndex).padStart(6, '0')}-${String(m.position).padStart(2, '0')}.eml`,
        ),
        m.raw,
      )
    }
    const key = `${m.mailbox} ${m.folder}`
    counts[key] = (counts[key] ?? 0) + 1
    bytes += m.raw.length
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0)
  mkdirSync(out, { recursive: true })
  writeFileSync(
    join(out, 'summary.json'),
    `${JSON.stringify({ seed, now: now.toISOString(), threads, format, single, messages: total, bytes, folders: counts }, null, 2)}\n`,
  )
  process.stdout.write(
    `wrote ${total} messages (${(bytes / 1024 / 1024).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s to ${out}\n`,
  )
}

main()
