import { describe, expect, it } from 'vitest'
import {
  SlaTracker,
  compileCalendar,
  computeTicketSla,
  toSlaEvent,
  type ClockSettings,
  type SlaEvent,
} from '../../../src/shared/sla'
import { BERLIN_OFFICE, ms } from './fixtures'

const settings: ClockSettings = {
  targets: { firstResponse: 120, nextResponse: 240, resolution: 960 },
  atRiskFraction: 0.25,
  calendar: compileCalendar(BERLIN_OFFICE),
}
const MON = (hhmm: string) => ms(`2026-11-30T${hhmm}:00+01:00`)
const ev = (at: number, type: 'customer_message' | 'agent_reply' | 'solved'): SlaEvent => ({
  at,
  type,
})

describe('SlaTracker', () => {
  it('gives the same figures as a full recompute after appends, in order or not', () => {
    const tracker = new SlaTracker()
    tracker.set({ id: 'a', settings, events: [ev(MON('09:00'), 'customer_message')] })
    tracker.append('a', ev(MON('09:30'), 'agent_reply'))
    tracker.append('a', ev(MON('11:00'), 'customer_message'))
    // Out of order: a reply sent earlier reaches this client late.
    tracker.append('a', ev(MON('10:00'), 'customer_message'))
    const all = [
      ev(MON('09:00'), 'customer_message'),
      ev(MON('09:30'), 'agent_reply'),
      ev(MON('11:00'), 'customer_message'),
      ev(MON('10:00'), 'customer_message'),
    ]
    for (const now of [MON('11:00'), MON('15:00'), ms('2026-12-01T09:00:00+01:00')]) {
      expect(tracker.figures('a', now)).toEqual(computeTicketSla(all, settings, now))
    }
    expect(tracker.figures('a', MON('15:00'))?.nextResponse.startedAt).toBe(MON('10:00'))
    expect(tracker.append('missing', ev(MON('12:00'), 'agent_reply'))).toBe(false)
  })

  it('wakes the timer at each state change and names only the tickets that changed', () => {
    const tracker = new SlaTracker()
    tracker.set({ id: 'a', settings, events: [ev(MON('09:00'), 'customer_message')] })
    tracker.set({ id: 'b', settings, events: [ev(MON('10:00'), 'customer_message')] })
    tracker.set({
      id: 'c',
      settings,
      events: [ev(MON('08:00'), 'customer_message'), ev(MON('08:05'), 'solved')],
    })
    // a: first response at risk at 10:30, due 11:00; b: at risk 11:30, due 12:00 (uses the morning exactly).
    expect(tracker.nextChangeAt()).toBe(MON('10:30'))
    expect(tracker.advance(MON('10:29'))).toEqual([])
    expect(tracker.advance(MON('10:30'))).toEqual(['a'])
    expect(tracker.figures('a', MON('10:30'))?.firstResponse.state).toBe('at_risk')
    expect(tracker.nextChangeAt()).toBe(MON('11:00'))
    // A reply to a cancels its pending first-response change; its resolution ones remain later.
    tracker.append('a', ev(MON('10:40'), 'agent_reply'))
    expect(tracker.advance(MON('11:00'))).toEqual([])
    expect(tracker.nextChangeAt()).toBe(MON('11:30'))
    expect(tracker.advance(MON('11:30'))).toEqual(['b'])
    expect(tracker.nextChangeAt()).toBe(MON('12:00'))
    expect(tracker.figures('b', MON('11:59'))?.firstResponse.state).toBe('at_risk')
    expect(tracker.advance(MON('13:00'))).toEqual(['b'])
    expect(tracker.figures('b', MON('12:00'))?.firstResponse.state).toBe('breached')
    tracker.remove('b')
    expect(tracker.has('b')).toBe(false)
    // Only resolution clocks of a (960 min, from Mon 09:00) remain: at risk after 720 minutes, Tue 14:00.
    expect(tracker.nextChangeAt()).toBe(ms('2026-12-01T14:00:00+01:00'))
    expect(tracker.size).toBe(2)
  })

  it('drops the timers of superseded versions so its heap stays bounded', () => {
    const tracker = new SlaTracker()
    for (let i = 0; i < 10; i++)
      tracker.set({ id: `t${i}`, settings, events: [ev(MON('09:00'), 'customer_message')] })
    // 20,000 changes, each scheduling new timers and making the previous ones stale.
    for (let n = 1; n <= 2000; n++) {
      for (let i = 0; i < 10; i++)
        tracker.append(
          `t${i}`,
          ev(MON('09:00') + n * 1000, n % 2 ? 'agent_reply' : 'customer_message'),
        )
    }
    expect(tracker.pendingEntries).toBeLessThanOrEqual(1024 + 60)
    // The last change is a customer message at 09:33:20: its next-response clock (240 min) is
    // at risk after 180 business minutes, 146:40 before lunch and 33:20 after, at 13:33:20.
    expect(tracker.nextChangeAt()).toBe(ms('2026-11-30T13:33:20+01:00'))
  })

  it('stays equal to a full recompute after many changes to many tickets', () => {
    const tracker = new SlaTracker()
    for (let i = 0; i < 300; i++)
      tracker.set({
        id: `t${i}`,
        settings,
        events: [ev(MON('09:00') + i * 1000, 'customer_message')],
      })
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 300; i++)
        tracker.append(
          `t${i}`,
          ev(
            MON('09:00') + (round + 1) * 60_000 + i,
            round % 2 ? 'customer_message' : 'agent_reply',
          ),
        )
    }
    expect(tracker.nextChangeAt()).not.toBeNull()
    const figures = tracker.figures('t7', MON('12:00'))
    const events: SlaEvent[] = [ev(MON('09:00') + 7000, 'customer_message')]
    for (let round = 0; round < 20; round++)
      events.push(
        ev(MON('09:00') + (round + 1) * 60_000 + 7, round % 2 ? 'customer_message' : 'agent_reply'),
      )
    expect(figures).toEqual(computeTicketSla(events, settings, MON('12:00')))
    expect(toSlaEvent({ at: '2026-11-30T09:00:00+01:00', type: 'resume' })).toEqual({
      at: MON('09:00'),
      type: 'resume',
    })
  })
})
