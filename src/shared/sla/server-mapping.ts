/**
 * The sync server's ticket and account vocabulary, mapped onto the SLA engine's, in one
 * place (pure):
 * - account tier: strategic → 1, key → 2, standard → 3;
 * - pause reasons: the server uses the engine's own vocabulary (`src/shared/sla/events.ts`);
 *   anything else is not a pause the clocks know;
 * - ticket status changes → pause / resume / solved / reopened events.
 */
import { PAUSE_REASONS, sortEvents, type PauseReason, type SlaEvent } from './events'
import type { Tier } from './policy'

const TIER_BY_NAME: Record<string, Tier> = { strategic: 1, key: 2, standard: 3 }

/** The SLA tier of a server account's `tier`; null when unknown (the caller's fallback applies). */
export function tierOfAccount(tier: unknown): Tier | null {
  return typeof tier === 'string' ? (TIER_BY_NAME[tier] ?? null) : null
}

/**
 * The engine's pause reason for a server value. Unknown values (a newer server) give null:
 * the caller then does not pause, because a clock that keeps running can only show a breach
 * early, never hide one.
 */
export function slaPauseReason(reason: unknown): PauseReason | null {
  if (typeof reason !== 'string') return null
  return (PAUSE_REASONS as readonly string[]).includes(reason) ? (reason as PauseReason) : null
}

/** Server statuses that end the ticket's clocks (`solved` for the engine). */
export function isSolvedStatus(status: unknown): boolean {
  return status === 'resolved' || status === 'closed'
}

export interface StatusChange {
  /** ISO instant with offset, or epoch ms. */
  at: string | number
  status: string
  pauseReason?: string | null
}

type Phase = { kind: 'active' } | { kind: 'paused'; reason: PauseReason } | { kind: 'solved' }

function phaseOf(change: Record<string, unknown>): Phase {
  if (isSolvedStatus(change.status)) return { kind: 'solved' }
  if (change.status === 'paused') {
    const reason = slaPauseReason(change.pauseReason)
    if (reason) return { kind: 'paused', reason }
  }
  return { kind: 'active' }
}

function instant(at: unknown): number {
  if (typeof at === 'number') return at
  return typeof at === 'string' ? Date.parse(at) : NaN
}

/**
 * SLA events from a server ticket's status.
 *
 * With `statusHistory` (an array of `{at, status, pauseReason}`), every change becomes its
 * events: into `paused` → pause (leaving another pause first: resume); out of a pause →
 * resume; into `resolved`/`closed` (or again, while already there) → solved; out of them →
 * reopened.
 *
 * Without it (the server does not send the history yet) this is an approximation: the
 * current status is taken as having started at the entity's `updatedAt`, and nothing
 * before it is known. A ticket paused, resumed and paused again counts as paused only from
 * the last change; a past pause that ended is lost (its clocks ran through it). Once the
 * server adds `statusHistory`, the exact changes are used.
 */
export function statusEvents(ticket: Record<string, unknown>): SlaEvent[] {
  const out: SlaEvent[] = []
  const history = ticket.statusHistory
  const changes: { at: number; phase: Phase }[] = []
  if (Array.isArray(history)) {
    for (const h of history as unknown[]) {
      if (typeof h !== 'object' || h === null) continue
      const c = h as Record<string, unknown>
      const at = instant(c.at)
      if (Number.isFinite(at)) changes.push({ at, phase: phaseOf(c) })
    }
    changes.sort((a, b) => a.at - b.at)
  } else {
    const at = instant(ticket.updatedAt)
    if (Number.isFinite(at)) changes.push({ at, phase: phaseOf(ticket) })
  }
  let prev: Phase = { kind: 'active' }
  for (const { at, phase } of changes) {
    if (prev.kind === 'solved' && phase.kind !== 'solved') out.push({ at, type: 'reopened' })
    if (prev.kind === 'paused' && !(phase.kind === 'paused' && phase.reason === prev.reason)) {
      if (phase.kind !== 'solved') out.push({ at, type: 'resume' })
    }
    // Every solve counts, also one while already solved: a customer's message may have
    // reopened the ticket in between (see reopenedByCustomer), and this solve ends that.
    if (phase.kind === 'solved') out.push({ at, type: 'solved' })
    if (phase.kind === 'paused' && !(prev.kind === 'paused' && prev.reason === phase.reason))
      out.push({ at, type: 'pause', reason: phase.reason })
    prev = phase
  }
  return out
}

/**
 * When a customer's message reopened a solved ticket: the instant (epoch ms) of the first
 * customer message after the ticket's last solve, else null. The sync server records the
 * solve; the message arrives by mail, which every client syncs itself. So a resolved or
 * closed ticket the customer writes to again counts as open on every client, with the same
 * rule the SLA clocks follow (a customer message on a solved ticket resumes its resolution
 * clock), until an agent solves it again. `events` in any order (sorted here); automatic
 * replies are not customer messages (see mail/tickets.ts).
 */
export function reopenedByCustomer(events: readonly SlaEvent[]): number | null {
  let solved = false
  let reopenedAt: number | null = null
  for (const e of sortEvents(events)) {
    if (e.type === 'solved') {
      solved = true
      reopenedAt = null
    } else if (e.type === 'reopened') {
      solved = false
      reopenedAt = null
    } else if (e.type === 'customer_message' && solved) {
      solved = false
      reopenedAt = e.at
    }
  }
  return reopenedAt
}
