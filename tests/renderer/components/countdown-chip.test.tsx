import { act, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import {
  CountdownChip,
  formatDuration,
  liveState,
} from '../../../src/renderer/src/components/CountdownChip'
import { setTickerNow } from '../../../src/renderer/src/components/ticker'

const T0 = Date.parse('2026-11-27T09:00:00Z')

describe('CountdownChip', () => {
  it('formats durations for a glance', () => {
    expect(formatDuration(0)).toBe('0m 00s')
    expect(formatDuration(59_000)).toBe('0m 59s')
    expect(formatDuration(3_600_000 + 5 * 60_000)).toBe('1h 05m')
    expect(formatDuration(27 * 3_600_000)).toBe('1d 3h')
    expect(formatDuration(-5)).toBe('0m 00s')
  })

  it('moves running → at risk → breached by time alone', () => {
    const f = { state: 'running' as const, atRiskAt: T0 + 60_000, dueAt: T0 + 120_000 }
    expect(liveState(f, T0)).toBe('running')
    expect(liveState(f, T0 + 60_000)).toBe('at_risk')
    expect(liveState(f, T0 + 120_000)).toBe('breached')
    expect(liveState({ ...f, state: 'paused' }, T0 + 500_000)).toBe('paused')
    expect(liveState({ ...f, state: 'met' }, T0 + 500_000)).toBe('met')
  })

  it('ticks every second and changes colour at risk and breach', () => {
    act(() => setTickerNow(T0))
    render(
      <CountdownChip
        state="running"
        dueAt={T0 + 90_000}
        atRiskAt={T0 + 30_000}
        remainingMinutes={2}
        label="First response"
      />,
    )
    const chip = screen.getByRole('timer')
    expect(chip.textContent).toBe('1m 30s')
    expect(chip.dataset.state).toBe('running')
    act(() => setTickerNow(T0 + 1000))
    expect(chip.textContent).toBe('1m 29s')
    act(() => setTickerNow(T0 + 31_000))
    expect(chip.dataset.state).toBe('at_risk')
    expect(chip.className).toContain('chip-at_risk')
    act(() => setTickerNow(T0 + 150_000))
    expect(chip.dataset.state).toBe('breached')
    expect(chip.textContent).toBe('overdue 1m 00s')
    expect(chip.getAttribute('aria-label')).toBe('First response: overdue 1m 00s')
  })

  it('a solved ticket shows its breach as history, not a running count', () => {
    act(() => setTickerNow(T0 + 3_600_000))
    render(
      <CountdownChip
        state="breached"
        dueAt={T0}
        atRiskAt={T0 - 60_000}
        remainingMinutes={-60}
        final
      />,
    )
    expect(screen.getByRole('timer').textContent).toBe('breached')
  })

  it('shows the business time left while paused', () => {
    render(<CountdownChip state="paused" dueAt={null} atRiskAt={null} remainingMinutes={95} />)
    expect(screen.getByRole('timer').textContent).toBe('paused · 1h 35m left')
  })
})
