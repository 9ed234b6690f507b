import { z } from 'zod'
import type { EscalationKind } from '../sla/escalation'
import type { MetricName, MetricState } from '../sla/clocks'
import { PAUSE_REASONS, type PauseReason } from '../sla/events'
import type { Tier } from '../sla/policy'
import { call, event } from './define'

/**
 * Queue ids: `all` (open tickets), `mine` (assigned to the signed-in agent), `triage` (no
 * account), `at_risk`, `breached`, `waiting` (paused), `solved`, and `mailbox:<id>` per
 * shared mailbox.
 */
export type QueueId = string

export interface QueueInfo {
  id: QueueId
  label: string
  count: number
  /** For `waiting`: how many tickets wait for each reason (the SLA engine's vocabulary). */
  reasons?: { reason: PauseReason; count: number }[]
}

/**
 * The SLA figure that matters most on a row: the running metric due soonest (else a paused
 * one, else the resolution of a solved ticket). Exactly what the UI's CountdownChip takes;
 * the chip moves running → at_risk → breached by itself from `atRiskAt` and `dueAt`.
 */
export interface SlaHeadline {
  metric: MetricName
  state: MetricState
  /** Epoch ms of the due instant (for a paused clock: if it resumed at computation). */
  dueAt: number | null
  /** Epoch ms at which it turns (or turned) at risk. */
  atRiskAt: number | null
  /** Business minutes left at computation (negative after a breach). */
  remainingMinutes: number
}

export interface QueueRow {
  id: string
  subject: string
  accountId: string | null
  accountName: string | null
  /** From the server account's tier; null when the account is unknown (default policy). */
  tier: Tier | null
  assigneeId: string | null
  assigneeName: string | null
  orderType: string | null
  /** The server's ticket status when known, else the mail-derived one ('open' | 'waiting'). */
  status: string
  /** The SLA engine's reason, when the ticket is paused. */
  pauseReason: PauseReason | null
  customerAddress: string | null
  /** ISO instant of the thread's last message. */
  lastMessageAt: string
  /** null: no clock has started (no customer message yet). */
  sla: SlaHeadline | null
}

export interface EscalationInfo {
  key: string
  ticketId: string
  metric: MetricName
  kind: EscalationKind
  /** Epoch ms at which the threshold was crossed. */
  at: number
  notify: 'assignee' | 'team_lead'
  flagTicket: boolean
}

export const CONSOLE_SORTS = ['sla', 'activity'] as const

export const consoleCalls = {
  /** The console's queues with their counts. `computedAt`: epoch ms of the core's clock. */
  'console:queues': call<{ queues: QueueInfo[]; computedAt: number }>()(z.object({}).strict()),
  /**
   * One page of a queue. `sort`: `sla` (default; due soonest first, paused next, no SLA
   * last) or `activity` (last message, newest first). `reason` narrows `waiting`.
   */
  'console:tickets': call<{ rows: QueueRow[]; total: number; computedAt: number }>()(
    z
      .object({
        queue: z.string().min(1).max(200),
        reason: z.enum(PAUSE_REASONS).optional(),
        sort: z.enum(CONSOLE_SORTS).optional(),
        offset: z.number().int().min(0).max(10_000_000).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
  ),
}

export const consoleEvents = {
  /** Rows changed (tables changed, or SLA states moved with time); no ids: re-read all. */
  'console:changed': event<{ ticketIds?: string[] }>(),
  /** Tickets turned at risk or breached: each escalation is sent once, ever. */
  'console:escalated': event<{ escalations: EscalationInfo[] }>(),
}
