/**
 * SLA clocks: ticket events in, per-metric figures out.
 *
 * Three metrics, each measured in business time on the account's calendar:
 * - firstResponse: from the ticket's first customer message to the first agent reply.
 *   Pauses never stop it: a promise to answer first contact cannot be parked.
 * - nextResponse: a new cycle starts at a customer message that arrives when no reply is
 *   owed (after the first response, or after a solve), and ends at the next agent reply.
 *   More customer messages while a reply is owed do not restart it (the oldest unanswered
 *   message is what the customer waits on). Pauses stop it.
 * - resolution: from the first customer message to `solved`. Pauses stop it; `reopened`
 *   (or a customer message on a solved ticket) resumes it with the time already used, so
 *   a ticket cannot reset its resolution time by being solved and reopened.
 *
 * Pause reasons mean something: a customer message ends a `waiting_on_customer` pause
 * (what we waited for arrived); it does not end a pause for a PO or approval, ERP or
 * backorder, or a supplier (a customer asking "any news?" does not make stock arrive).
 * `solved` ends any pause. Events before the first customer message start nothing.
 *
 * State of a metric at `now` (first rule that applies):
 *   not_started  no clock yet (no customer message; or no follow-up for nextResponse)
 *   met          stopped with used <= target (a reply at exactly the due instant is in time)
 *   breached     used >= target (a running clock reaching its due instant has breached)
 *   paused       clock stopped by a pause
 *   at_risk      remaining <= atRiskFraction × target
 *   running
 * Figures are reported in whole business minutes: `usedMinutes` truncated,
 * `remainingMinutes = target - usedMinutes` (negative after a breach).
 *
 * Clocks are a fold over events in `compareEvents` order, so appending a later event to a
 * live ticket costs one step (see tracker.ts), and evaluating at any `now` after the last
 * event costs a few calendar look-ups.
 */
import { type BusinessCalendar, MINUTE_MS, formatInstant } from './calendar'
import { type PauseReason, type SlaEvent, compareEvents, inEventOrder, sortEvents } from './events'

export const METRICS = ['firstResponse', 'nextResponse', 'resolution'] as const
export type MetricName = (typeof METRICS)[number]
export type MetricState = 'not_started' | 'running' | 'paused' | 'met' | 'at_risk' | 'breached'

/** Targets in business minutes. */
export interface Targets {
  firstResponse: number
  nextResponse: number
  resolution: number
}

/** What a ticket's clocks are measured against (resolved from its account, see policy.ts). */
export interface ClockSettings {
  targets: Targets
  /** A running metric is at risk when this fraction of its target or less remains. */
  atRiskFraction: number
  calendar: BusinessCalendar
}

type Phase = 'not_started' | 'running' | 'paused' | 'stopped'

interface MetricClock {
  phase: Phase
  targetMs: number
  /** Used business ms at which the metric becomes at risk. */
  atRiskUsedMs: number
  /** Business ms used up to `since` (a running clock keeps accruing from `since`). */
  used: number
  since: number
  /** Start of the current cycle (the customer message it answers), NaN before any. */
  startedAt: number
  /** Instants at which `used` reached the at-risk threshold / the target, NaN until then. */
  atRiskAt: number
  dueAt: number
}

/** The fold state of one ticket. Mutated only through `applyEvent`. */
export interface TicketClocks {
  readonly settings: ClockSettings
  readonly firstResponse: MetricClock
  readonly nextResponse: MetricClock
  readonly resolution: MetricClock
  opened: boolean
  solved: boolean
  pausedFor: PauseReason | null
  /** The last event folded in (events must arrive in `compareEvents` order). */
  last: SlaEvent | null
}

function newMetric(targetMinutes: number, atRiskFraction: number): MetricClock {
  const targetMs = targetMinutes * MINUTE_MS
  return {
    phase: 'not_started',
    targetMs,
    atRiskUsedMs: targetMs - Math.floor(atRiskFraction * targetMs),
    used: 0,
    since: NaN,
    startedAt: NaN,
    atRiskAt: NaN,
    dueAt: NaN,
  }
}

export function startClocks(settings: ClockSettings): TicketClocks {
  const f = settings.atRiskFraction
  return {
    settings,
    firstResponse: newMetric(settings.targets.firstResponse, f),
    nextResponse: newMetric(settings.targets.nextResponse, f),
    resolution: newMetric(settings.targets.resolution, f),
    opened: false,
    solved: false,
    pausedFor: null,
    last: null,
  }
}

/** Bring a running clock's `used` up to `t`, noting the instants it crossed its thresholds. */
function accrue(m: MetricClock, t: number, cal: BusinessCalendar): void {
  if (m.phase !== 'running') return
  const before = m.used
  const after = before + cal.between(m.since, t)
  if (before < m.atRiskUsedMs && after >= m.atRiskUsedMs)
    m.atRiskAt = cal.add(m.since, m.atRiskUsedMs - before)
  if (before < m.targetMs && after >= m.targetMs) m.dueAt = cal.add(m.since, m.targetMs - before)
  m.used = after
  m.since = t
}

function run(m: MetricClock, t: number): void {
  m.phase = 'running'
  m.since = t
}

function halt(m: MetricClock, t: number, phase: 'paused' | 'stopped', cal: BusinessCalendar): void {
  if (m.phase === 'running') accrue(m, t, cal)
  if (m.phase === 'running' || m.phase === 'paused') m.phase = phase
}

function startCycle(m: MetricClock, t: number, paused: boolean): void {
  m.used = 0
  m.startedAt = t
  // With atRiskFraction 1 the threshold is 0: the cycle is at risk from its first instant.
  m.atRiskAt = m.atRiskUsedMs <= 0 ? t : NaN
  m.dueAt = NaN
  m.since = t
  m.phase = paused ? 'paused' : 'running'
}

function replyOwed(c: TicketClocks): boolean {
  return (
    c.firstResponse.phase === 'running' ||
    c.nextResponse.phase === 'running' ||
    c.nextResponse.phase === 'paused'
  )
}

/** Fold one event into the clocks. Events must come in `compareEvents` order. */
export function applyEvent(c: TicketClocks, e: SlaEvent): void {
  if (c.last && compareEvents(c.last, e) > 0) {
    throw new RangeError(
      'SLA events must be applied in order; use replayClocks for unordered events',
    )
  }
  c.last = e
  const t = e.at
  const cal = c.settings.calendar
  if (!c.opened) {
    if (e.type !== 'customer_message') return
    c.opened = true
    startCycle(c.firstResponse, t, false)
    startCycle(c.resolution, t, false)
    return
  }
  switch (e.type) {
    case 'customer_message': {
      if (c.solved) {
        // Writing to a solved ticket reopens it; the resolution clock resumes.
        c.solved = false
        run(c.resolution, t)
      } else if (c.pausedFor === 'waiting_on_customer') {
        c.pausedFor = null
        if (c.nextResponse.phase === 'paused') run(c.nextResponse, t)
        if (c.resolution.phase === 'paused') run(c.resolution, t)
      }
      if (!replyOwed(c)) startCycle(c.nextResponse, t, c.pausedFor !== null)
      return
    }
    case 'agent_reply': {
      if (c.firstResponse.phase === 'running') halt(c.firstResponse, t, 'stopped', cal)
      else halt(c.nextResponse, t, 'stopped', cal)
      return
    }
    case 'pause': {
      if (c.solved) return
      c.pausedFor = e.reason
      halt(c.nextResponse, t, 'paused', cal)
      halt(c.resolution, t, 'paused', cal)
      return
    }
    case 'resume': {
      if (c.pausedFor === null) return
      c.pausedFor = null
      if (c.nextResponse.phase === 'paused') run(c.nextResponse, t)
      if (c.resolution.phase === 'paused') run(c.resolution, t)
      return
    }
    case 'solved': {
      if (c.solved) return
      c.solved = true
      c.pausedFor = null
      halt(c.firstResponse, t, 'stopped', cal)
      halt(c.nextResponse, t, 'stopped', cal)
      halt(c.resolution, t, 'stopped', cal)
      return
    }
    case 'reopened': {
      if (!c.solved) return
      c.solved = false
      run(c.resolution, t)
      return
    }
  }
}

/** Fold events (any order; sorted here) into fresh clocks; events after `now` have not happened yet. */
export function replayClocks(
  events: readonly SlaEvent[],
  settings: ClockSettings,
  now = Infinity,
): TicketClocks {
  const c = startClocks(settings)
  const ordered = inEventOrder(events) ? events : sortEvents(events)
  for (let i = 0; i < ordered.length; i++) {
    const e = ordered[i] as SlaEvent
    if (e.at > now) break
    applyEvent(c, e)
  }
  return c
}

export interface MetricFigures {
  state: MetricState
  /** Instant the target is (or was) reached; for a paused clock, if it resumed at `now`; null when met or not started. */
  dueAt: number | null
  usedMinutes: number
  remainingMinutes: number
  /** Start of the cycle measured (nextResponse has one per follow-up), null if not started. */
  startedAt: number | null
  /** Instant the metric became (or will become, if it keeps running) at risk; null if unknown. */
  atRiskAt: number | null
}

export interface TicketSla {
  at: number
  pausedFor: PauseReason | null
  firstResponse: MetricFigures
  nextResponse: MetricFigures
  resolution: MetricFigures
}

function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x
}

function evaluateMetric(m: MetricClock, now: number, cal: BusinessCalendar): MetricFigures {
  const targetMinutes = m.targetMs / MINUTE_MS
  if (m.phase === 'not_started') {
    return {
      state: 'not_started',
      dueAt: null,
      usedMinutes: 0,
      remainingMinutes: targetMinutes,
      startedAt: null,
      atRiskAt: null,
    }
  }
  const running = m.phase === 'running'
  const used = running ? m.used + cal.between(m.since, now) : m.used
  // Instants still ahead of a running clock follow from where it stood at `since`.
  let dueAt = m.dueAt
  let atRiskAt = m.atRiskAt
  if (running) {
    if (m.used < m.targetMs) dueAt = cal.add(m.since, m.targetMs - m.used)
    if (m.used < m.atRiskUsedMs) atRiskAt = cal.add(m.since, m.atRiskUsedMs - m.used)
  }
  let state: MetricState
  if (m.phase === 'stopped') {
    state = used <= m.targetMs ? 'met' : 'breached'
    if (state === 'met') dueAt = NaN
  } else if (used >= m.targetMs) {
    state = 'breached'
  } else if (!running) {
    state = 'paused'
    // Paused: the due instant if the clock resumed now.
    dueAt = cal.add(now, m.targetMs - used)
  } else {
    state = used >= m.atRiskUsedMs ? 'at_risk' : 'running'
  }
  const usedMinutes = Math.floor(used / MINUTE_MS)
  // One literal, no object spread: spreading is far slower on this hot path (50,000 tickets).
  return {
    state,
    dueAt: nullIfNaN(dueAt),
    usedMinutes,
    remainingMinutes: targetMinutes - usedMinutes,
    startedAt: m.startedAt,
    atRiskAt: nullIfNaN(atRiskAt),
  }
}

/** Figures at `now`. `now` must not be before the last event folded in. */
export function evaluateClocks(c: TicketClocks, now: number): TicketSla {
  const cal = c.settings.calendar
  return {
    at: now,
    pausedFor: c.pausedFor,
    firstResponse: evaluateMetric(c.firstResponse, now, cal),
    nextResponse: evaluateMetric(c.nextResponse, now, cal),
    resolution: evaluateMetric(c.resolution, now, cal),
  }
}

/**
 * The instants at which a metric's state will change by the passage of time alone (a
 * running clock becoming at risk, then breached). Independent of `now`: a live view
 * re-evaluates a ticket only when one of these passes or its events change.
 */
export function stateChangeInstants(c: TicketClocks): number[] {
  const out: number[] = []
  const cal = c.settings.calendar
  const add = (m: MetricClock) => {
    if (m.phase !== 'running') return
    if (m.used < m.atRiskUsedMs) out.push(cal.add(m.since, m.atRiskUsedMs - m.used))
    if (m.used < m.targetMs) out.push(cal.add(m.since, m.targetMs - m.used))
  }
  add(c.firstResponse)
  add(c.nextResponse)
  add(c.resolution)
  return out
}

/**
 * A ticket's SLA figures at `now` from its events, targets and calendar: the one function
 * the CLI, the console and reports call. Events after `now` are ignored.
 */
export function computeTicketSla(
  events: readonly SlaEvent[],
  settings: ClockSettings,
  now: number,
): TicketSla {
  return evaluateClocks(replayClocks(events, settings, now), now)
}

/** The printed shape of one metric (the CLI's `sla simulate` output). */
export interface MetricFiguresJson {
  state: MetricState
  dueAt: string | null
  usedMinutes: number
  remainingMinutes: number
}

export type TicketSlaJson = Record<MetricName, MetricFiguresJson>

export function ticketSlaToJson(sla: TicketSla, timezone: string): TicketSlaJson {
  const one = (f: MetricFigures): MetricFiguresJson => ({
    state: f.state,
    dueAt: f.dueAt === null ? null : formatInstant(f.dueAt, timezone),
    usedMinutes: f.usedMinutes,
    remainingMinutes: f.remainingMinutes,
  })
  return {
    firstResponse: one(sla.firstResponse),
    nextResponse: one(sla.nextResponse),
    resolution: one(sla.resolution),
  }
}
