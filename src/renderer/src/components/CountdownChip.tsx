import { memo } from 'react'
import { useNow } from './ticker'

export type ChipState = 'not_started' | 'running' | 'paused' | 'met' | 'at_risk' | 'breached'

export interface CountdownProps {
  /** State when the figures were computed; time alone moves running → at_risk → breached. */
  state: ChipState
  /** Epoch ms at which the target is reached (null when met or not started). */
  dueAt: number | null
  /** Epoch ms at which the metric turns at risk. */
  atRiskAt: number | null
  /** Business minutes left when computed (shown while paused). */
  remainingMinutes: number
  label?: string
  /** The ticket is solved: its figure is history and no longer counts. */
  final?: boolean
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const d = Math.floor(total / 86_400)
  const h = Math.floor((total % 86_400) / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  if (d > 0) return `${d}d ${h}h`
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`
  return `${m}m ${String(s).padStart(2, '0')}s`
}

/** The state at `now`, moving only forward in time from the computed one. */
export function liveState(
  props: Pick<CountdownProps, 'state' | 'dueAt' | 'atRiskAt'>,
  now: number,
): ChipState {
  if (props.state !== 'running' && props.state !== 'at_risk') return props.state
  if (props.dueAt !== null && now >= props.dueAt) return 'breached'
  if (props.atRiskAt !== null && now >= props.atRiskAt) return 'at_risk'
  return props.state
}

/**
 * The SLA countdown: wall-clock time until the due instant (which already accounts for
 * business hours and holidays), ticking every second; red and counting up once breached.
 */
export const CountdownChip = memo(function CountdownChip(props: CountdownProps) {
  const now = useNow()
  const state = liveState(props, now)
  let text: string
  switch (state) {
    case 'breached':
      text =
        props.dueAt !== null && !props.final
          ? `overdue ${formatDuration(now - props.dueAt)}`
          : 'breached'
      break
    case 'running':
    case 'at_risk':
      text = props.dueAt !== null ? formatDuration(props.dueAt - now) : '—'
      break
    case 'paused':
      text = `paused · ${formatDuration(props.remainingMinutes * 60_000)} left`
      break
    case 'met':
      text = 'met'
      break
    default:
      text = '—'
  }
  return (
    <span
      className={`chip chip-${state}`}
      role="timer"
      aria-label={`${props.label ?? 'SLA'}: ${text}`}
      data-state={state}
    >
      {text}
    </span>
  )
})
