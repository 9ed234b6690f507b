/**
 * Escalations as events, recorded once.
 *
 * Given a ticket's figures and the escalations already recorded for it, return only the new
 * ones to record. Recomputing (every second in the console, on every client) never repeats
 * one, because each has a deterministic key and a deterministic instant:
 * - key `ticket/metric/cycleStart/kind`: nextResponse has one cycle per follow-up message,
 *   and each cycle is its own promise, so each can escalate once;
 * - `at` is the instant the metric crossed the threshold (from the clocks), not the moment a
 *   client noticed, so two clients produce the same event and the server keeps one.
 *
 * At risk notifies the assignee. A breach notifies the team lead and flags the ticket. When
 * a metric is already breached, an at-risk warning that was never recorded is not sent
 * late: it would only be noise next to the breach.
 */
import type { MetricName, TicketSla } from './clocks'
import { METRICS } from './clocks'
import type { Tier } from './policy'

export type EscalationKind = 'at_risk' | 'breached'

/** Optional re-assignment: on this kind (and metric, and tier, if set), hand the ticket to `reassignTo`. */
export interface ReassignmentRule {
  on: EscalationKind
  metric?: MetricName
  tier?: Tier
  /** An agent or team id. */
  reassignTo: string
}

export interface Escalation {
  key: string
  ticketId: string
  metric: MetricName
  kind: EscalationKind
  /** Epoch ms of the cycle's start (the customer message the metric measures from). */
  cycleStartedAt: number
  /** Epoch ms at which the threshold was crossed. */
  at: number
  notify: 'assignee' | 'team_lead'
  flagTicket: boolean
  reassignTo: string | null
}

export function escalationKey(
  ticketId: string,
  metric: MetricName,
  cycleStartedAt: number,
  kind: EscalationKind,
): string {
  return `${ticketId}/${metric}/${cycleStartedAt}/${kind}`
}

export interface EscalationInput {
  ticketId: string
  tier?: Tier
  sla: TicketSla
  /** Keys already recorded (locally or pulled from the server). */
  recorded: ReadonlySet<string>
  rules?: readonly ReassignmentRule[]
}

export function newEscalations(input: EscalationInput): Escalation[] {
  const out: Escalation[] = []
  for (const metric of METRICS) {
    const f = input.sla[metric]
    if (f.startedAt === null) continue
    let kind: EscalationKind
    let at: number | null
    if (f.state === 'breached') {
      kind = 'breached'
      at = f.dueAt
    } else if (f.state === 'at_risk') {
      kind = 'at_risk'
      at = f.atRiskAt
    } else continue
    if (at === null) continue
    const key = escalationKey(input.ticketId, metric, f.startedAt, kind)
    if (input.recorded.has(key)) continue
    const rule = (input.rules ?? []).find(
      (r) =>
        r.on === kind &&
        (r.metric === undefined || r.metric === metric) &&
        (r.tier === undefined || r.tier === input.tier),
    )
    out.push({
      key,
      ticketId: input.ticketId,
      metric,
      kind,
      cycleStartedAt: f.startedAt,
      at,
      notify: kind === 'breached' ? 'team_lead' : 'assignee',
      flagTicket: kind === 'breached',
      reassignTo: rule?.reassignTo ?? null,
    })
  }
  return out
}
