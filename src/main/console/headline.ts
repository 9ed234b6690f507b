/**
 * Which SLA figure a queue row shows, and where the ticket sorts (pure).
 *
 * A metric is *active* while its clock runs or is paused: started, and not stopped by a
 * reply (first and next response) or a solve. The engine's figures say `breached` both for
 * a clock still running past its due instant and for one that stopped late, so the stop is
 * read from the ticket's events, by the engine's rules (clocks.ts): first and next response
 * stop at the first agent reply or solve at or after their cycle's start (a reply in the
 * same second as the customer message answers it); resolution stops at a solve not followed
 * by a reopen or a customer message.
 */
import type { SlaHeadline } from '../../shared/contract/console'
import {
  METRICS,
  type MetricFigures,
  type MetricName,
  type SlaEvent,
  type TicketSla,
} from '../../shared/sla'

export interface SlaView {
  headline: SlaHeadline | null
  /** The worst state among active metrics, for the At risk and Breached queues. */
  worst: 'breached' | 'at_risk' | null
  /** 0: a running clock (sorted by due instant), 1: paused (by minutes left), 2: none. */
  rank: 0 | 1 | 2
  sortDue: number
  /**
   * Epoch ms from which `worst` is at least at risk / breached, by time alone: the earliest
   * such instant among active clocks that are not paused (at or before `sla.at` when already
   * so); null when no such clock runs. What a snapshot keeps so that a reader evaluates the
   * At risk and Breached queues at its own `now`.
   */
  riskAt: number | null
  breachAt: number | null
}

function stoppedSince(events: readonly SlaEvent[], startedAt: number): boolean {
  for (const e of events) {
    if ((e.type === 'agent_reply' || e.type === 'solved') && e.at >= startedAt) return true
  }
  return false
}

function resolutionStopped(events: readonly SlaEvent[]): boolean {
  let solved = false
  for (const e of events) {
    if (e.type === 'solved') solved = true
    else if (e.type === 'reopened' || e.type === 'customer_message') solved = false
  }
  return solved
}

/** Whether each metric's clock is running or paused (not stopped, not unstarted). */
export function activeMetrics(
  sla: TicketSla,
  events: readonly SlaEvent[],
): Record<MetricName, boolean> {
  const started = (m: MetricName) => sla[m].startedAt !== null && sla[m].state !== 'met'
  return {
    firstResponse:
      started('firstResponse') && !stoppedSince(events, sla.firstResponse.startedAt as number),
    nextResponse:
      started('nextResponse') && !stoppedSince(events, sla.nextResponse.startedAt as number),
    resolution: started('resolution') && !resolutionStopped(events),
  }
}

function headlineOf(metric: MetricName, f: MetricFigures): SlaHeadline {
  return {
    metric,
    state: f.state,
    dueAt: f.dueAt,
    atRiskAt: f.atRiskAt,
    remainingMinutes: f.remainingMinutes,
  }
}

/**
 * The row's figure: the active, unpaused metric due soonest; else the paused one with the
 * least time left; else (a solved ticket) its resolution; else none (no clock started).
 */
export function slaView(sla: TicketSla, events: readonly SlaEvent[]): SlaView {
  const active = activeMetrics(sla, events)
  let running: MetricName | null = null
  let runningDue = Infinity
  let paused: MetricName | null = null
  let worst: SlaView['worst'] = null
  let riskAt: number | null = null
  let breachAt: number | null = null
  const earliest = (a: number | null, b: number | null) =>
    a === null ? b : b === null ? a : Math.min(a, b)
  for (const m of METRICS) {
    if (!active[m]) continue
    const f = sla[m]
    if (f.state === 'breached') worst = 'breached'
    else if (f.state === 'at_risk' && worst === null) worst = 'at_risk'
    if (f.state === 'breached') {
      breachAt = earliest(breachAt, Math.min(f.dueAt ?? sla.at, sla.at))
      riskAt = earliest(riskAt, Math.min(f.atRiskAt ?? sla.at, sla.at))
    } else if (f.state === 'at_risk') {
      breachAt = earliest(breachAt, f.dueAt)
      riskAt = earliest(riskAt, Math.min(f.atRiskAt ?? sla.at, sla.at))
    } else if (f.state === 'running') {
      breachAt = earliest(breachAt, f.dueAt)
      riskAt = earliest(riskAt, f.atRiskAt)
    }
    if (f.state === 'paused') {
      if (paused === null || f.remainingMinutes < sla[paused].remainingMinutes) paused = m
      continue
    }
    const due = f.dueAt ?? Infinity
    if (running === null || due < runningDue) {
      running = m
      runningDue = due
    }
  }
  if (running !== null)
    return {
      headline: headlineOf(running, sla[running]),
      worst,
      rank: 0,
      sortDue: runningDue,
      riskAt,
      breachAt,
    }
  if (paused !== null) {
    const f = sla[paused]
    return {
      headline: headlineOf(paused, f),
      worst,
      rank: 1,
      sortDue: f.remainingMinutes,
      riskAt,
      breachAt,
    }
  }
  if (sla.resolution.startedAt !== null)
    return {
      headline: headlineOf('resolution', sla.resolution),
      worst: null,
      rank: 2,
      sortDue: 0,
      riskAt: null,
      breachAt: null,
    }
  return { headline: null, worst: null, rank: 2, sortDue: 0, riskAt: null, breachAt: null }
}
