/**
 * The floor of phase 1+2 for `bench:sync`: only the work no two-phase sync can skip, each step
 * alone and back to back, with the CPU time the whole machine spent on it (Kontor's process
 * and Dovecot's, from `os.cpus()`):
 *   1. the phase-1 FETCH (header fields, BODYSTRUCTURE, flags, size, INTERNALDATE) with the
 *      body plan made from each structure;
 *   2. the phase-2 FETCH of the planned text and HTML parts, grouped as the sync groups them;
 *   3. decoding them (quoted-printable, base64, charsets);
 *   4. inserting text and HTML into a bare table and the text into an FTS5 table with the
 *      store's tokenizer, 500 rows a transaction, in a scratch database.
 * Nothing else: no message rows, threads, tickets, business references, header decoding, or
 * HTML-to-text for HTML-only mail; mail without a plan is left out. Every step is a part of
 * Kontor's sync, so no sync can finish in less CPU time than their sum, and on `cores` cores
 * in no less wall time than that sum divided by the cores. That bounds the phase 1+2 ratio
 * any implementation could reach on this machine.
 */
import Database from 'better-sqlite3'
import { cpus } from 'node:os'
import { join } from 'node:path'
import type { ImapFlow } from 'imapflow'
import { decodeTextPart, planBody, type BodyPlan } from '../src/main/mail/body-plan'
import { ENVELOPE_QUERY } from '../src/main/mail/sync'

export interface FloorStep {
  label: string
  wallMs: number
  /** CPU seconds of the whole machine (every process) while the step ran. */
  cpuSeconds: number
}

function machineCpuMs(): number {
  let total = 0
  for (const c of cpus()) total += c.times.user + c.times.nice + c.times.sys + c.times.irq
  return total
}

async function step<T>(steps: FloorStep[], label: string, fn: () => Promise<T> | T): Promise<T> {
  const c0 = machineCpuMs()
  const t0 = performance.now()
  const value = await fn()
  steps.push({
    label,
    wallMs: performance.now() - t0,
    cpuSeconds: (machineCpuMs() - c0) / 1000,
  })
  return value
}

export async function measureFloor(o: {
  connect: () => Promise<ImapFlow>
  folders: string[]
  dir: string
}): Promise<{ steps: FloorStep[]; messages: number }> {
  const steps: FloorStep[] = []
  const planned: { folder: string; uid: number; plan: BodyPlan }[] = []
  let messages = 0
  const client = await o.connect()
  const parts: { plan: BodyPlan['text']; raw: Buffer[] }[] = []
  try {
    await step(steps, 'phase-1 FETCH and body plans', async () => {
      for (const folder of o.folders) {
        const lock = await client.getMailboxLock(folder)
        try {
          for await (const msg of client.fetch('1:*', ENVELOPE_QUERY, { uid: true })) {
            messages++
            const plan = planBody(msg.bodyStructure, msg.size ?? 0)
            if (plan && plan.text.length > 0) planned.push({ folder, uid: msg.uid, plan })
          }
        } finally {
          lock.release()
        }
      }
    })
    await step(steps, 'phase-2 FETCH of the text and HTML parts', async () => {
      for (const folder of o.folders) {
        const groups = new Map<string, Map<number, BodyPlan>>()
        for (const p of planned) {
          if (p.folder !== folder) continue
          const key = p.plan.text.map((t) => t.part).join(' ')
          const group = groups.get(key) ?? new Map<number, BodyPlan>()
          group.set(p.uid, p.plan)
          groups.set(key, group)
        }
        const lock = await client.getMailboxLock(folder)
        try {
          for (const [key, group] of groups) {
            const uids = [...group.keys()].sort((a, b) => b - a)
            for (let i = 0; i < uids.length; i += 500) {
              for await (const msg of client.fetch(
                uids.slice(i, i + 500).join(','),
                { uid: true, bodyParts: key.split(' ') },
                { uid: true },
              )) {
                const plan = group.get(msg.uid)
                if (!plan) continue
                const raw = plan.text.map((t) => msg.bodyParts?.get(t.part) ?? Buffer.alloc(0))
                parts.push({ plan: plan.text, raw })
              }
            }
          }
        } finally {
          lock.release()
        }
      }
    })
  } finally {
    await client.logout().catch(() => client.close())
  }
  const bodies = await step(steps, 'decoding the parts', () =>
    parts.map(({ plan, raw }) => {
      const text: string[] = []
      const html: string[] = []
      plan.forEach((t, i) =>
        (t.kind === 'html' ? html : text).push(decodeTextPart(raw[i] ?? Buffer.alloc(0), t)),
      )
      return { text: text.join('\n'), html: html.length ? html.join('\n') : null }
    }),
  )
  parts.length = 0
  const db = new Database(join(o.dir, 'floor.sqlite'))
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.exec(`CREATE TABLE bodies (id INTEGER PRIMARY KEY, text TEXT, html TEXT);
      CREATE VIRTUAL TABLE fts USING fts5(subject, participants, body,
        tokenize = 'unicode61 remove_diacritics 2')`)
    const body = db.prepare('INSERT INTO bodies (id, text, html) VALUES (?, ?, ?)')
    const fts = db.prepare(
      'INSERT INTO fts (rowid, subject, participants, body) VALUES (?, ?, ?, ?)',
    )
    await step(steps, 'storing them, with FTS5 (bare tables)', () => {
      for (let start = 0; start < bodies.length; start += 500) {
        db.transaction(() => {
          const end = Math.min(bodies.length, start + 500)
          for (let i = start; i < end; i++) body.run(i + 1, bodies[i]?.text, bodies[i]?.html)
          for (let i = start; i < end; i++) fts.run(i + 1, '', '', bodies[i]?.text)
        })()
      }
    })
  } finally {
    db.close()
  }
  return { steps, messages }
}
