import type { RoleWarning } from './sensitivity'

/**
 * The send-time check (issue 6 §4, §5): before a reply is queued, what happened on the ticket
 * since the agent opened it, and what in the reply should make them look again. Each issue
 * has a stable key; the agent confirms the issues they have seen ("send anyway") and a send
 * goes through only when every current issue is confirmed, so an issue that appears between
 * the check and the send is still shown.
 */
export type CheckIssueKind =
  'replied' | 'customer-wrote' | 'queued' | 'note' | 'role' | 'placeholder'

export interface CheckIssue {
  key: string
  kind: CheckIssueKind
  message: string
  /** When it happened, for the ones that did (ISO). */
  at: string | null
}

export interface CheckMessage {
  rowId: number
  messageId: string | null
  direction: 'in' | 'out'
  fromName: string | null
  fromAddress: string | null
  internalDate: string
}

export interface CheckOutboxRow {
  id: string
  messageId: string
  createdAt: string
  state: string
}

export interface CheckNote {
  noteId: string
  byName: string
  at: string
}

export interface CheckInput {
  now: Date
  /** When the agent opened the ticket (ISO). */
  openedAt: string
  /** The highest message row the agent's view held when they opened it. */
  lastSeenRowId: number
  /** Messages of the ticket with a row id above lastSeenRowId (arrived or synced since). */
  newMessages: readonly CheckMessage[]
  /** Replies queued on this ticket in this workspace. */
  outbox: readonly CheckOutboxRow[]
  /** Outbox ids this composer itself queued (not "someone else"). */
  ownOutboxIds: readonly string[]
  /** Server notes on the ticket added by other agents. */
  notesByOthers: readonly CheckNote[]
  roleWarnings: readonly RoleWarning[]
  placeholders: readonly string[]
}

/** `just now`, `3 min ago`, `2 h ago`, `4 days ago`. */
export function ago(at: string, now: Date): string {
  const ms = now.getTime() - new Date(at).getTime()
  if (!Number.isFinite(ms) || ms < 60_000) return 'just now'
  const min = Math.floor(ms / 60_000)
  if (min < 60) return `${min} min ago`
  const h = Math.floor(min / 60)
  if (h < 48) return `${h} h ago`
  return `${Math.floor(h / 24)} days ago`
}

function who(name: string | null, address: string | null): string {
  return name?.trim() || address || 'Someone'
}

export function sendCheck(input: CheckInput): CheckIssue[] {
  const issues: CheckIssue[] = []
  const own = new Set(input.ownOutboxIds)
  const ownMessageIds = new Set(input.outbox.filter((o) => own.has(o.id)).map((o) => o.messageId))
  for (const m of input.newMessages) {
    if (m.rowId <= input.lastSeenRowId) continue
    if (m.messageId && ownMessageIds.has(m.messageId)) continue
    if (m.direction === 'out') {
      issues.push({
        key: `replied:${m.rowId}`,
        kind: 'replied',
        message: `${who(m.fromName, m.fromAddress)} replied on this ticket ${ago(m.internalDate, input.now)}.`,
        at: m.internalDate,
      })
    } else {
      issues.push({
        key: `message:${m.rowId}`,
        kind: 'customer-wrote',
        message: `${who(m.fromName, m.fromAddress)} wrote again ${ago(m.internalDate, input.now)}: read it before you answer.`,
        at: m.internalDate,
      })
    }
  }
  // A reply queued here since the ticket was opened, but not by this composer (another window).
  for (const o of input.outbox) {
    if (own.has(o.id) || o.createdAt < input.openedAt || o.state === 'failed') continue
    issues.push({
      key: `queued:${o.id}`,
      kind: 'queued',
      message: `Another reply on this ticket was queued ${ago(o.createdAt, input.now)} and is ${o.state === 'queued' ? 'waiting to go out' : 'sent'}.`,
      at: o.createdAt,
    })
  }
  for (const n of input.notesByOthers) {
    if (n.at < input.openedAt) continue
    issues.push({
      key: `note:${n.noteId}`,
      kind: 'note',
      message: `${n.byName} added an internal note ${ago(n.at, input.now)}.`,
      at: n.at,
    })
  }
  for (const w of input.roleWarnings) {
    issues.push({
      key: `role:${w.address.toLowerCase()}:${w.categories.join(',')}`,
      kind: 'role',
      message: w.message,
      at: null,
    })
  }
  for (const p of input.placeholders) {
    issues.push({
      key: `placeholder:${p}`,
      kind: 'placeholder',
      message: `The text still contains {{${p}}}: fill it in or remove it.`,
      at: null,
    })
  }
  return issues
}

/** Issues the agent has not confirmed yet. */
export function unconfirmed(
  issues: readonly CheckIssue[],
  confirmed: readonly string[],
): CheckIssue[] {
  const ok = new Set(confirmed)
  return issues.filter((i) => !ok.has(i.key))
}
