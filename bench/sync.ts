/**
 * Mail engine benchmark (issue 3): `npm run bench:sync [-- --messages 50000]`.
 *
 * One process, one generated mailbox (src/main/demo/mail-generator: threads, several customer
 * domains, attachments, HTML, legacy charsets) in a real Dovecot on loopback:
 *   1. baselines: raw imapflow envelope fetch (ENVELOPE, BODYSTRUCTURE, flags, size,
 *      INTERNALDATE, References), raw fetch of the items Kontor's phase 1 asks for (the same
 *      information as header fields: see src/main/mail/envelope.ts), and raw full fetch; each
 *      runs before and again right after Kontor's sync, and the ratios use both runs;
 *   2. Kontor's sync (one `syncWith`, as the app runs it) into a fresh local store: phase 1
 *      (all tickets listed: the re-threading committed), phase 2 (all bodies searchable: the
 *      last body batch committed); both from the start of the sync;
 *   3. an incremental resync after 100 changes by another client (flags, expunges, new mail);
 *   4. search latency over the synced store; peak RSS;
 *   5. the floor of phase 1+2 (sync-floor.ts): the CPU time of the work no sync can skip, and
 *      the best ratio it leaves on this machine's cores.
 * Not a timed test: it prints a table and the goals beside the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { ImapFlow, type FetchQueryObject } from 'imapflow'
import { createLogger } from '../src/main/core/logger'
import { migrateDatabase, openDatabase } from '../src/main/db/open'
import { generateMailbox } from '../src/main/demo/mail-generator'
import { loadMailbox, saveMailbox } from '../src/main/mail/mailboxes'
import { searchMail } from '../src/main/mail/search'
import { MapSecretStore } from '../src/main/mail/secrets'
import { ENVELOPE_QUERY, MailboxSync } from '../src/main/mail/sync'
import { clientMigrationsFolder } from '../src/main/paths'
import { startDovecot } from '../tests/helpers/dovecot'
import { measureFloor } from './sync-floor'

const USER = 'support@kontor-demo.example'
const PASS = 'bench-secret'
const NOW = new Date('2026-11-27T09:30:00Z')

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const raw = i >= 0 ? process.argv[i + 1] : process.argv.find((a) => /^\d+$/.test(a))
  const n = raw ? Number(raw) : fallback
  if (!Number.isInteger(n) || n < 10) throw new Error(`--${name} must be an integer ≥ 10`)
  return n
}

let peakRss = 0
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
}, 50)
rssTimer.unref()

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now()
  const value = await fn()
  return { ms: performance.now() - t0, value }
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0
}

async function main(): Promise<void> {
  const target = arg('messages', 5000)
  const server = await startDovecot({ users: [{ user: USER, password: PASS }] })
  const dir = mkdtempSync(join(tmpdir(), 'kontor-bench-'))
  try {
    server.createFolder(USER, 'Sent')
    // ---- generate and deliver
    const tGen = performance.now()
    let count = 0
    let bytes = 0
    const words: string[] = []
    for (const m of generateMailbox({
      seed: 'kontor-bench',
      now: NOW,
      threads: Math.ceil(target / 2),
    })) {
      if (count >= target) break
      server.deliver(USER, m.folder, m.raw, { internalDate: m.internalDate, flags: m.flags })
      bytes += m.raw.length
      count++
      if (count % 97 === 0)
        words.push(
          ...m.subject
            .split(/\s+/)
            .filter((w) => /^[\p{L}\d-]{4,}$/u.test(w))
            .slice(0, 2),
        )
    }
    const genMs = performance.now() - tGen
    process.stderr.write(
      `generated and delivered ${count} messages (${(bytes / 1e6).toFixed(1)} MB) in ${(genMs / 1000).toFixed(1)} s\n`,
    )

    const client = () =>
      new ImapFlow({
        host: server.host,
        port: server.port,
        secure: false,
        doSTARTTLS: false,
        auth: { user: USER, pass: PASS },
        logger: false,
      })
    const envelopeQuery: FetchQueryObject = {
      uid: true,
      flags: true,
      envelope: true,
      size: true,
      internalDate: true,
      bodyStructure: true,
      headers: ['references', 'in-reply-to'],
    }
    const rawFetch = async (query: FetchQueryObject) => {
      const c = client()
      await c.connect()
      let n = 0
      try {
        for (const folder of ['INBOX', 'Sent']) {
          const lock = await c.getMailboxLock(folder)
          try {
            for await (const msg of c.fetch('1:*', query, { uid: true })) if (msg.uid) n++
          } finally {
            lock.release()
          }
        }
      } finally {
        await c.logout()
      }
      return n
    }
    // Warm Dovecot's index and its cache of both item sets first, so that no side pays for
    // Dovecot parsing 50,000 messages to build it (whoever asked first used to).
    await rawFetch(envelopeQuery)
    await rawFetch(ENVELOPE_QUERY)
    // Each baseline runs before and again right after Kontor's sync, on the same mailbox, and
    // counts with both runs: this machine's speed drifts by a third within minutes, and one
    // run before would tie the ratios to the drift.
    const rawEnv1 = await timed(() => rawFetch(envelopeQuery))
    const rawHdr1 = await timed(() => rawFetch(ENVELOPE_QUERY))
    const rawFull1 = await timed(() => rawFetch({ uid: true, source: true }))

    // ---- Kontor
    const dbPath = join(dir, 'kontor.sqlite')
    const db = openDatabase(dbPath)
    migrateDatabase(db, clientMigrationsFolder())
    saveMailbox(
      db,
      { now: () => NOW },
      {
        id: 'support',
        address: USER,
        imap: { host: server.host, port: server.port, security: 'plain', user: USER },
        folders: ['INBOX', 'Sent'],
      },
    )
    const mailbox = loadMailbox(db, 'support')
    if (!mailbox) throw new Error('mailbox missing')
    /**
     * When re-threading committed (the tickets are listed) and when the last body batch
     * committed (every body searchable): the moments a user sees. The calls return a little
     * later, after the writer thread has checkpointed its WAL and stopped.
     */
    const ticketEvents: number[] = []
    let lastBodies = 0
    const sync = new MailboxSync({
      db,
      mailbox,
      secrets: new MapSecretStore({ 'imap:support': PASS }),
      clock: { now: () => NOW },
      log: createLogger({ level: 'warn' }),
      onChange: (what) => {
        if (what.tables.includes('mail_tickets')) ticketEvents.push(performance.now())
        if (what.tables.includes('mail_bodies')) lastBodies = performance.now()
      },
    })
    const kc = sync.newClient()
    await kc.connect()
    const start = performance.now()
    const full = await timed(() => sync.syncWith(kc, ['INBOX', 'Sent']))
    const listedMs = (ticketEvents[0] ?? start + full.ms) - start
    const searchableMs = (lastBodies || start + full.ms) - start
    await kc.logout()
    const rawEnv2 = await timed(() => rawFetch(envelopeQuery))
    const rawHdr2 = await timed(() => rawFetch(ENVELOPE_QUERY))
    const rawFull2 = await timed(() => rawFetch({ uid: true, source: true }))
    // The floor of phase 1+2 on this machine: the same mailbox, before the changes below.
    const floor = await measureFloor({
      connect: async () => {
        const c = client()
        await c.connect()
        return c
      },
      folders: ['INBOX', 'Sent'],
      dir,
    })
    const both = (a: { value: number; ms: number }, b: { value: number; ms: number }) => ({
      value: a.value + b.value,
      ms: a.ms + b.ms,
      runs: `${(a.ms / 1000).toFixed(2)}/${(b.ms / 1000).toFixed(2)} s`,
    })
    const rawEnv = both(rawEnv1, rawEnv2)
    const rawHdr = both(rawHdr1, rawHdr2)
    const rawFull = both(rawFull1, rawFull2)
    const stored = db.sqlite
      .prepare(
        "SELECT count(*) n, sum(body_status = 'done') done, sum(body_status = 'failed') failed FROM mail_messages",
      )
      .get() as {
      n: number
      done: number
      failed: number
    }
    const placements = (
      db.sqlite.prepare('SELECT count(*) n FROM mail_placements').get() as { n: number }
    ).n
    // After phase 2: references found in bodies may have joined threads.
    const tickets = full.value.tickets

    // ---- 100 changes by another client: 50 flag changes, 25 expunges, 25 new messages
    const other = client()
    await other.connect()
    const lock = await other.getMailboxLock('INBOX')
    try {
      const uids = ((await other.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b)
      const flagUids = uids.slice(0, 50).join(',')
      const delUids = uids.slice(100, 125).join(',')
      if (!(await other.messageFlagsAdd(flagUids, ['\\Flagged'], { uid: true })))
        throw new Error('STORE failed')
      if (!(await other.messageDelete(delUids, { uid: true }))) throw new Error('EXPUNGE failed')
    } finally {
      lock.release()
    }
    await other.logout()
    let extra = 0
    for (const m of generateMailbox({ seed: 'kontor-bench-extra', now: NOW, threads: 25 })) {
      if (extra >= 25) break
      if (m.folder !== 'INBOX') continue
      server.deliver(USER, 'INBOX', m.raw, { internalDate: m.internalDate })
      extra++
    }
    const ic = sync.newClient()
    await ic.connect()
    ticketEvents.length = 0
    const incStart = performance.now()
    const incremental = await timed(() => sync.syncWith(ic, ['INBOX', 'Sent']))
    const incPhase1 = (ticketEvents[0] ?? incStart) - incStart
    await ic.logout()
    const inbox = incremental.value.folders[0]

    // ---- search
    const queries = [...new Set(words)].slice(0, 150)
    queries.push(
      'lieferung',
      'invoice',
      'palette',
      'quote',
      'PO',
      'Rechnung',
      'credit note',
      'order status',
    )
    const latencies: number[] = []
    let hits = 0
    for (let round = 0; round < 2; round++) {
      for (const q of queries) {
        const t0 = performance.now()
        hits += searchMail(db, q, { limit: 50 }).length
        latencies.push(performance.now() - t0)
      }
    }
    await sync.close()
    db.close()

    const rate = (n: number, ms: number) => n / (ms / 1000)
    const envRate = rate(rawEnv.value, rawEnv.ms)
    const hdrRate = rate(rawHdr.value, rawHdr.ms)
    const fullRate = rate(rawFull.value, rawFull.ms)
    const k1 = rate(stored.n, listedMs)
    const k12 = rate(stored.n, searchableMs)
    // No sync can use less CPU than the floor's steps together, nor less wall time than that
    // CPU time spread over every core (sync-floor.ts).
    const cores = availableParallelism()
    const floorCpu = floor.steps.reduce((sum, s) => sum + s.cpuSeconds, 0)
    const floorMs = (floorCpu / cores) * 1000
    const row = (a: string, b: string, c: string, d: string) =>
      `| ${a.padEnd(44)} | ${b.padStart(12)} | ${c.padStart(10)} | ${d.padEnd(18)} |`
    const lines = [
      `Mailbox: ${count} generated messages (${(bytes / 1e6).toFixed(1)} MB) in INBOX+Sent, ${placements} placements, ${tickets} tickets; Dovecot ${server.version} on loopback; Node ${process.version}`,
      row('step', 'msgs/s', 'time s', 'ratio (goal)'),
      row('-'.repeat(44), '-'.repeat(12), '-'.repeat(10), '-'.repeat(18)),
      row(
        'raw imapflow envelope fetch (baseline)',
        envRate.toFixed(0),
        (rawEnv.ms / 2000).toFixed(2),
        '1.00',
      ),
      row(
        "raw fetch of Kontor's phase-1 items",
        hdrRate.toFixed(0),
        (rawHdr.ms / 2000).toFixed(2),
        `${(hdrRate / envRate).toFixed(2)}`,
      ),
      row(
        'raw imapflow full-source fetch (baseline)',
        fullRate.toFixed(0),
        (rawFull.ms / 2000).toFixed(2),
        '1.00',
      ),
      row(
        'Kontor phase 1: all tickets listed',
        k1.toFixed(0),
        (listedMs / 1000).toFixed(2),
        `${(k1 / envRate).toFixed(2)} (≥ 0.50)`,
      ),
      row(
        'Kontor phase 1+2: all bodies searchable',
        k12.toFixed(0),
        (searchableMs / 1000).toFixed(2),
        `${(k12 / fullRate).toFixed(2)} (≥ 0.25)`,
      ),
      row(
        '  of which phase 2 (after the tickets)',
        rate(stored.n, searchableMs - listedMs).toFixed(0),
        ((searchableMs - listedMs) / 1000).toFixed(2),
        `${(rate(stored.n, searchableMs - listedMs) / fullRate).toFixed(2)} (no goal)`,
      ),
      row(
        `floor of phase 1+2 on ${cores} cores (below)`,
        rate(floor.messages, floorMs).toFixed(0),
        (floorMs / 1000).toFixed(2),
        `≤ ${(rate(floor.messages, floorMs) / fullRate).toFixed(2)} (goal 0.25)`,
      ),
      row(
        `incremental resync after 100 changes`,
        '',
        (incremental.ms / 1000).toFixed(3),
        incremental.ms < 1000 ? 'ok (< 1 s)' : 'MISSED (< 1 s)',
      ),
      row(
        `search p50 / p95 (${latencies.length} queries)`,
        '',
        `${pct(latencies, 50).toFixed(1)}/${pct(latencies, 95).toFixed(1)} ms`,
        pct(latencies, 95) < 50 ? 'ok (p95 < 50 ms)' : 'MISSED (< 50 ms)',
      ),
      row(
        'peak RSS of the process (baselines + sync)',
        '',
        `${(Math.max(peakRss, process.memoryUsage().rss) / 1e6).toFixed(0)} MB`,
        '',
      ),
      '',
      `phases measured to the commits a user sees (tickets re-threaded; last body batch); the call returned at ${(full.ms / 1000).toFixed(2)} s (after re-threading for references found in bodies; writer thread checkpointed and stopped)`,
      `phase 1 against the raw fetch of the same items Kontor asks for (header fields): ${(k1 / hdrRate).toFixed(2)}; the goal is set against the envelope fetch`,
      `baselines run before/after the sync (time column: their mean): envelope ${rawEnv.runs}, Kontor's items ${rawHdr.runs}, full source ${rawFull.runs}`,
      `incremental resync: ${(incPhase1 / 1000).toFixed(3)} s to tickets re-threaded (envelopes, flags, expunges), the rest bodies of the new mail; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
      `floor of phase 1+2 (the work no sync can skip, each step alone; CPU of the whole machine, Dovecot included): ${floor.steps
        .map(
          (s) =>
            `${s.label} ${(s.wallMs / 1000).toFixed(2)} s wall, ${s.cpuSeconds.toFixed(2)} CPU-s`,
        )
        .join(
          '; ',
        )}; together ${floorCpu.toFixed(2)} CPU-s, so at best ${(floorMs / 1000).toFixed(2)} s on ${cores} cores against the goal's ${((4 * rawFull.ms) / 2000).toFixed(2)} s`,
      `bodies: ${stored.done} parsed, ${stored.failed} failed (kept raw); incremental: INBOX ${inbox?.mode}, +${inbox?.newMessages} new, ${inbox?.flagChanges} flag changes, ${inbox?.removed} removed; ${hits} search hits`,
    ]
    process.stdout.write(lines.join('\n') + '\n')
  } finally {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench:sync failed: ${error instanceof Error ? error.message : String(error)}\n`,
    )
    process.exit(1)
  },
)
