/**
 * SLA engine benchmark (`npm run bench:sla`): prints a table of figures; asserts nothing.
 *
 * 50,000 open tickets of about 10 events each on four shared calendars (Berlin office with
 * two intervals a day and holidays, New York office, a night desk, 24/7). Measured in this
 * process against its own baseline, the naive full recompute (replay every ticket's events
 * and evaluate all three metrics):
 * - full recompute, cold (first run: calendar caches empty) and warm (median of runs);
 * - building the live tracker (once, when the console starts; it keeps every ticket's clocks,
 *   so unlike the recompute its cost is mostly the garbage collector promoting them), and
 *   evaluating every ticket from it;
 * - one incremental update after a new customer message: fold the event into that ticket,
 *   evaluate it, ask the timer for the next state change (median and p99 over many);
 * - one timer tick: the tickets whose state changed, and the next wake-up.
 */
import { cpus, loadavg } from 'node:os'
import {
  SlaTracker,
  compileCalendar,
  computeTicketSla,
  type BusinessCalendar,
  type ClockSettings,
  type SlaEvent,
  PAUSE_REASONS,
} from '../src/shared/sla'

const TICKETS = 50_000
const MIN = 60_000

/** Deterministic PRNG (mulberry32) so every run measures the same tickets. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const office: Array<[string, string]> = [
  ['08:00', '12:00'],
  ['13:00', '17:00'],
]
const weekdays = (intervals: Array<[string, string]>) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, intervals]))
const calendars: BusinessCalendar[] = [
  compileCalendar({
    timezone: 'Europe/Berlin',
    week: weekdays(office),
    holidays: ['2026-12-24', '2026-12-25', '2026-12-26'],
  }),
  compileCalendar({ timezone: 'America/New_York', week: weekdays([['09:00', '17:00']]) }),
  compileCalendar({ timezone: 'Asia/Kolkata', week: weekdays([['22:00', '06:00']]) }),
  compileCalendar({ always: true }),
]
const tiers = [
  { firstResponse: 120, nextResponse: 240, resolution: 960 },
  { firstResponse: 240, nextResponse: 480, resolution: 1920 },
  { firstResponse: 1440, nextResponse: 1440, resolution: 4800 },
]

const NOW = Date.parse('2026-12-01T10:00:00Z')
const rand = prng(4)
interface BenchTicket {
  id: string
  settings: ClockSettings
  events: SlaEvent[]
}
const tickets: BenchTicket[] = []
let eventCount = 0
for (let i = 0; i < TICKETS; i++) {
  const settings: ClockSettings = {
    targets: tiers[Math.floor(rand() * tiers.length)] as ClockSettings['targets'],
    atRiskFraction: 0.25,
    calendar: calendars[Math.floor(rand() * calendars.length)] as BusinessCalendar,
  }
  // Opened in the last 30 days; 8 to 12 events, mostly the customer/agent exchange.
  let t = NOW - Math.floor(rand() * 30 * 24 * 60) * MIN
  const events: SlaEvent[] = [{ at: t, type: 'customer_message' }]
  const n = 8 + Math.floor(rand() * 5)
  let paused = false
  for (let k = 1; k < n; k++) {
    t = Math.min(NOW, t + Math.floor(rand() * 12 * 60) * MIN)
    const r = rand()
    if (paused && r < 0.5) {
      events.push({ at: t, type: 'resume' })
      paused = false
    } else if (!paused && r < 0.1) {
      events.push({
        at: t,
        type: 'pause',
        reason: PAUSE_REASONS[
          Math.floor(rand() * PAUSE_REASONS.length)
        ] as (typeof PAUSE_REASONS)[number],
      })
      paused = true
    } else events.push({ at: t, type: r < 0.55 ? 'customer_message' : 'agent_reply' })
  }
  eventCount += events.length
  tickets.push({ id: `t${i}`, settings, events })
}

/** Wall time and this process's CPU time (user + system), in ms: on a shared machine the second is the steadier. */
function time<T>(fn: () => T): [number, T, number] {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const out = fn()
  const wall = performance.now() - t0
  const cpu = process.cpuUsage(c0)
  return [wall, out, (cpu.user + cpu.system) / 1000]
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(s.length * p))] as number
}

/** The baseline: replay and evaluate every ticket. */
function fullRecompute(now: number): number {
  let breached = 0
  for (const t of tickets) {
    const sla = computeTicketSla(t.events, t.settings, now)
    if (sla.resolution.state === 'breached') breached++
  }
  return breached
}

const [coldMs, breached, coldCpuMs] = time(() => fullRecompute(NOW))
const warm: number[] = []
const warmCpu: number[] = []
for (let r = 0; r < 5; r++) {
  const [wall, , cpu] = time(() => fullRecompute(NOW))
  warm.push(wall)
  warmCpu.push(cpu)
}
const fullMs = median(warm)

const tracker = new SlaTracker()
const [buildMs, , buildCpuMs] = time(() => {
  for (const t of tickets) tracker.set(t)
})
const evalRuns: number[] = []
for (let r = 0; r < 5; r++) {
  evalRuns.push(
    time(() => {
      let atRisk = 0
      for (const t of tickets)
        if (tracker.figures(t.id, NOW)?.firstResponse.state === 'at_risk') atRisk++
      return atRisk
    })[0],
  )
}
const evalAllMs = median(evalRuns)

// One incremental update: a new customer message on one ticket, re-evaluate it, re-arm the timer.
const UPDATES = 2000
const updateMs: number[] = []
let now = NOW
for (let u = 0; u < UPDATES; u++) {
  now += 1000
  const id = `t${Math.floor(rand() * TICKETS)}`
  const t0 = performance.now()
  const event: SlaEvent = { at: now, type: 'customer_message' }
  tracker.append(id, event)
  tracker.figures(id, now)
  tracker.nextChangeAt()
  updateMs.push(performance.now() - t0)
  // Keep the baseline's copy in step, for the cross-check below.
  tickets[Number(id.slice(1))]?.events.push(event)
}
// One timer tick a second later: which tickets changed state, and when to wake next.
const tickMs: number[] = []
let changed = 0
for (let s = 0; s < 200; s++) {
  now += 1000
  const t0 = performance.now()
  changed += tracker.advance(now).length
  tracker.nextChangeAt()
  tickMs.push(performance.now() - t0)
}
// Cross-check: the tracker's figures equal the naive recompute for a sample.
let mismatches = 0
for (let i = 0; i < TICKETS; i += 997) {
  const t = tickets[i] as BenchTicket
  const sla = tracker.figures(t.id, now)
  const naive = computeTicketSla(t.events, t.settings, now)
  if (JSON.stringify(sla) !== JSON.stringify(naive)) mismatches++
}

const upd = median(updateMs)
const rows: Array<[string, string]> = [
  ['open tickets', TICKETS.toLocaleString('en')],
  [
    'events (avg per ticket)',
    `${eventCount.toLocaleString('en')} (${(eventCount / TICKETS).toFixed(1)})`,
  ],
  ['machine load average (1 min) / CPUs', `${loadavg()[0]?.toFixed(1)} / ${cpus().length}`],
  [
    'full recompute, cold (calendar caches empty)',
    `${coldMs.toFixed(1)} ms wall, ${coldCpuMs.toFixed(1)} ms CPU`,
  ],
  [
    'full recompute, warm (baseline, median of 5)',
    `${fullMs.toFixed(1)} ms wall, ${median(warmCpu).toFixed(1)} ms CPU  (goal < 100 ms)`,
  ],
  [
    'tracker build (fold all events, schedule timers)',
    `${buildMs.toFixed(1)} ms wall, ${buildCpuMs.toFixed(1)} ms CPU`,
  ],
  ['evaluate all tickets from the tracker (median of 5)', `${evalAllMs.toFixed(1)} ms`],
  [
    'incremental update: append + evaluate + nextChangeAt',
    `median ${(upd * 1000).toFixed(1)} µs, p99 ${(percentile(updateMs, 0.99) * 1000).toFixed(1)} µs  (goal < 1 ms)`,
  ],
  [
    'ratio full recompute / incremental update',
    `${Math.round(fullMs / upd).toLocaleString('en')}×`,
  ],
  [
    'timer tick: advance + nextChangeAt',
    `median ${(median(tickMs) * 1000).toFixed(1)} µs (${changed} state changes over 200 ticks)`,
  ],
  ['resolution breached at start', breached.toLocaleString('en')],
  [
    'tracker vs naive recompute, sampled tickets',
    mismatches === 0 ? 'identical' : `${mismatches} MISMATCHES`,
  ],
]
const width = Math.max(...rows.map(([k]) => k.length))
process.stdout.write(`SLA engine benchmark (Node ${process.version})\n`)
for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(width)}  ${v}\n`)
if (mismatches > 0) process.exitCode = 1
