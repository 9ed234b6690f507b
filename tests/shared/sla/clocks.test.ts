import { describe, expect, it } from 'vitest'
import {
  compileCalendar,
  computeTicketSla,
  simulateScenario,
  toSlaEvent,
  type SlaEventInput,
  type TicketSlaJson,
} from '../../../src/shared/sla'
import { BERLIN_OFFICE } from './fixtures'

const TIER1 = { firstResponse: 120, nextResponse: 240, resolution: 960 }
const TIER2 = { firstResponse: 240, nextResponse: 480, resolution: 1920 }

/** The scenario runner the CLI uses, on the Berlin office calendar (Mon-Fri 08-12, 13-17). */
function sim(
  events: SlaEventInput[],
  at: string,
  targets = TIER1,
  atRiskFraction = 0.25,
): TicketSlaJson {
  return simulateScenario({ calendar: BERLIN_OFFICE, targets, atRiskFraction, events, at })
}

const cm = (at: string): SlaEventInput => ({ at, type: 'customer_message' })
const reply = (at: string): SlaEventInput => ({ at, type: 'agent_reply' })
const resume = (at: string): SlaEventInput => ({ at, type: 'resume' })
const solved = (at: string): SlaEventInput => ({ at, type: 'solved' })
const reopened = (at: string): SlaEventInput => ({ at, type: 'reopened' })
const pause = (
  at: string,
  reason: Extract<SlaEventInput, { type: 'pause' }>['reason'],
): SlaEventInput => ({
  at,
  type: 'pause',
  reason,
})

// Monday 30 November 2026, Berlin (CET, +01:00).
const MON = (hhmm: string) => `2026-11-30T${hhmm}:00+01:00`
const TUE = (hhmm: string) => `2026-12-01T${hhmm}:00+01:00`
const WED = (hhmm: string) => `2026-12-02T${hhmm}:00+01:00`
const FRI = (hhmm: string) => `2026-12-04T${hhmm}:00+01:00`

describe('SLA clocks: hand-checked scenarios', () => {
  it('the issue example: a message at 16:30 the day before the Christmas holidays', () => {
    const out = simulateScenario({
      calendar: BERLIN_OFFICE,
      targets: { firstResponse: 120, nextResponse: 240, resolution: 2880 },
      atRiskFraction: 0.25,
      events: [cm('2026-12-23T16:30:00+01:00')],
      at: '2026-12-28T09:00:00+01:00',
    })
    // 16:30-17:00 on the 23rd, 08:00-09:00 on the 28th: 90 minutes; 30 left of 120 is at risk.
    expect(out).toEqual({
      firstResponse: {
        state: 'at_risk',
        dueAt: '2026-12-28T09:30:00+01:00',
        usedMinutes: 90,
        remainingMinutes: 30,
      },
      nextResponse: { state: 'not_started', dueAt: null, usedMinutes: 0, remainingMinutes: 240 },
      // 2790 minutes left from Mon 28 09:00: 7 h that day, 8 h on 29, 30, 31 Dec and 1 Jan, then 3.5 h on Mon 4 Jan.
      resolution: {
        state: 'running',
        dueAt: '2027-01-04T16:30:00+01:00',
        usedMinutes: 90,
        remainingMinutes: 2790,
      },
    })
  })

  it('a reply in time is met, and the next customer message starts a next-response cycle', () => {
    const out = sim([cm(MON('09:00')), reply(MON('09:30')), cm(MON('11:00'))], MON('14:00'))
    expect(out.firstResponse).toEqual({
      state: 'met',
      dueAt: null,
      usedMinutes: 30,
      remainingMinutes: 90,
    })
    // 11:00-12:00 and 13:00-14:00: 120 of 240, due 120 later at 16:00.
    expect(out.nextResponse).toEqual({
      state: 'running',
      dueAt: MON('16:00'),
      usedMinutes: 120,
      remainingMinutes: 120,
    })
    // 240 of 960 used; 720 left: Mon 14-17 (180), Tue (480), Wed 08-09 (60).
    expect(out.resolution).toEqual({
      state: 'running',
      dueAt: WED('09:00'),
      usedMinutes: 240,
      remainingMinutes: 720,
    })
  })

  it('more customer messages while a reply is owed do not restart the next-response clock', () => {
    const out = sim(
      [cm(MON('08:00')), reply(MON('08:10')), cm(MON('09:00')), cm(MON('10:30'))],
      MON('11:00'),
    )
    expect(out.nextResponse).toMatchObject({
      state: 'running',
      usedMinutes: 120,
      dueAt: MON('14:00'),
    })
  })

  it('a breached first response keeps its due instant and counts negative', () => {
    const out = sim([cm(MON('09:00'))], MON('14:00'))
    // 09:00-12:00 and 13:00-14:00: 240 used of 120; it fell due at 11:00.
    expect(out.firstResponse).toEqual({
      state: 'breached',
      dueAt: MON('11:00'),
      usedMinutes: 240,
      remainingMinutes: -120,
    })
  })

  it('a reply at exactly the due instant is in time; a running clock at its due instant has breached', () => {
    expect(sim([cm(MON('09:00')), reply(MON('11:00'))], MON('11:00')).firstResponse).toEqual({
      state: 'met',
      dueAt: null,
      usedMinutes: 120,
      remainingMinutes: 0,
    })
    expect(sim([cm(MON('09:00'))], MON('11:00')).firstResponse).toEqual({
      state: 'breached',
      dueAt: MON('11:00'),
      usedMinutes: 120,
      remainingMinutes: 0,
    })
  })

  it('a late reply is a breach that stays recorded', () => {
    const out = sim([cm(MON('09:00')), reply(MON('13:30'))], TUE('10:00'))
    expect(out.firstResponse).toEqual({
      state: 'breached',
      dueAt: MON('11:00'),
      usedMinutes: 210,
      remainingMinutes: -90,
    })
  })

  it('at risk starts when 25% of the target is left, or at the configured fraction', () => {
    expect(sim([cm(MON('09:00'))], MON('10:29')).firstResponse.state).toBe('running')
    expect(sim([cm(MON('09:00'))], MON('10:30')).firstResponse.state).toBe('at_risk')
    expect(sim([cm(MON('09:00'))], MON('10:00'), TIER1, 0.5).firstResponse.state).toBe('at_risk')
    expect(sim([cm(MON('09:00'))], MON('10:00'), TIER1, 0).firstResponse.state).toBe('running')
  })

  it('a pause across a night stops next-response and resolution, never first response', () => {
    const events = [
      cm(MON('09:00')),
      reply(MON('09:30')),
      cm(MON('10:00')),
      pause(MON('16:00'), 'waiting_on_erp_backorder'),
      resume(TUE('10:00')),
    ]
    const out = sim(events, TUE('11:00'), TIER2)
    expect(out.firstResponse).toEqual({
      state: 'met',
      dueAt: null,
      usedMinutes: 30,
      remainingMinutes: 210,
    })
    // Next response: Mon 10-12, 13-16 (300) + Tue 10-11 (60) = 360 of 480; 120 left is at risk.
    // Due: Tue 11-12 (60) + 13-14 (60).
    expect(out.nextResponse).toEqual({
      state: 'at_risk',
      dueAt: TUE('14:00'),
      usedMinutes: 360,
      remainingMinutes: 120,
    })
    // Resolution: Mon 09-12, 13-16 (360) + Tue 10-11 (60) = 420 of 1920; 1500 left:
    // Tue 300, Wed 480, Thu 480, Fri 4 Dec 08-12 (240).
    expect(out.resolution).toEqual({
      state: 'running',
      dueAt: FRI('12:00'),
      usedMinutes: 420,
      remainingMinutes: 1500,
    })
    // While paused, the due instant is where it would be if the clock resumed now:
    // 1560 left from Tue 09:00: Tue 420, Wed 480, Thu 480, Fri 08-11 (180).
    const paused = sim(events.slice(0, 4), TUE('09:00'), TIER2)
    expect(paused.resolution).toEqual({
      state: 'paused',
      dueAt: FRI('11:00'),
      usedMinutes: 360,
      remainingMinutes: 1560,
    })
  })

  it('a pause before the first reply leaves the first-response clock running', () => {
    const out = sim([cm(MON('09:00')), pause(MON('09:10'), 'waiting_on_supplier')], MON('12:00'))
    expect(out.firstResponse).toEqual({
      state: 'breached',
      dueAt: MON('11:00'),
      usedMinutes: 180,
      remainingMinutes: -60,
    })
    expect(out.resolution).toMatchObject({ state: 'paused', usedMinutes: 10 })
  })

  it('a customer message ends a waiting_on_customer pause but not a wait on the supplier', () => {
    const base = [cm(MON('09:00')), reply(MON('09:30'))]
    const onCustomer = sim(
      [...base, pause(MON('10:00'), 'waiting_on_customer'), cm(MON('11:00'))],
      MON('12:00'),
    )
    expect(onCustomer.nextResponse).toMatchObject({ state: 'running', usedMinutes: 60 })
    expect(onCustomer.resolution).toMatchObject({ state: 'running', usedMinutes: 60 + 60 })
    const onSupplier = sim(
      [...base, pause(MON('10:00'), 'waiting_on_supplier'), cm(MON('11:00'))],
      MON('12:00'),
    )
    expect(onSupplier.nextResponse).toMatchObject({ state: 'paused', usedMinutes: 0 })
    expect(onSupplier.resolution).toMatchObject({ state: 'paused', usedMinutes: 60 })
  })

  it('reopen after solved resumes resolution with the time already used', () => {
    const events = [cm(MON('09:00')), reply(MON('09:30')), solved(MON('10:00'))]
    expect(sim(events, MON('15:00')).resolution).toEqual({
      state: 'met',
      dueAt: null,
      usedMinutes: 60,
      remainingMinutes: 900,
    })
    const out = sim([...events, reopened(TUE('09:00'))], TUE('10:00'))
    expect(out.resolution).toMatchObject({
      state: 'running',
      usedMinutes: 120,
      remainingMinutes: 840,
    })
    // A bare reopen asks for no reply.
    expect(out.nextResponse.state).toBe('not_started')
  })

  it('a customer message on a solved ticket reopens it and owes a reply', () => {
    const out = sim(
      [cm(MON('09:00')), reply(MON('09:30')), solved(MON('10:00')), cm(TUE('09:00'))],
      TUE('10:00'),
    )
    expect(out.resolution).toMatchObject({ state: 'running', usedMinutes: 120 })
    // Tue 09:00 + 240: 09-12 (180) + 13-14.
    expect(out.nextResponse).toEqual({
      state: 'running',
      dueAt: TUE('14:00'),
      usedMinutes: 60,
      remainingMinutes: 180,
    })
  })

  it('solved stops every clock and ends a pause; a later resume changes nothing', () => {
    const out = sim(
      [
        cm(MON('09:00')),
        pause(MON('09:20'), 'waiting_on_po_approval'),
        solved(MON('09:40')),
        resume(MON('10:00')),
      ],
      MON('16:00'),
    )
    expect(out.firstResponse).toEqual({
      state: 'met',
      dueAt: null,
      usedMinutes: 40,
      remainingMinutes: 80,
    })
    expect(out.resolution).toEqual({
      state: 'met',
      dueAt: null,
      usedMinutes: 20,
      remainingMinutes: 940,
    })
  })

  it('events after the evaluation instant have not happened yet', () => {
    const out = sim([cm(MON('09:00')), reply(MON('10:00'))], MON('09:30'))
    expect(out.firstResponse).toMatchObject({ state: 'running', usedMinutes: 30 })
  })

  it('events before the first customer message start nothing', () => {
    const out = sim(
      [reply(MON('08:30')), pause(MON('08:40'), 'waiting_on_customer'), cm(MON('09:00'))],
      MON('10:00'),
    )
    expect(out.firstResponse).toMatchObject({ state: 'running', usedMinutes: 60 })
    expect(out.resolution).toMatchObject({ state: 'running', usedMinutes: 60 })
  })

  it('a customer message and a reply in the same second count as a reply to it', () => {
    const out = sim([reply(MON('09:00')), cm(MON('09:00'))], MON('10:00'))
    expect(out.firstResponse).toEqual({
      state: 'met',
      dueAt: null,
      usedMinutes: 0,
      remainingMinutes: 120,
    })
  })

  it('no customer message: nothing started', () => {
    const out = sim([], MON('10:00'))
    for (const m of [out.firstResponse, out.nextResponse, out.resolution])
      expect(m.state).toBe('not_started')
  })

  it('computeTicketSla gives the instants and cycle starts that escalation needs', () => {
    const calendar = compileCalendar(BERLIN_OFFICE)
    const sla = computeTicketSla(
      [cm(MON('09:00')), reply(MON('09:30')), cm(MON('10:00'))].map(toSlaEvent),
      { targets: TIER1, atRiskFraction: 0.25, calendar },
      Date.parse(MON('15:00')),
    )
    expect(sla.nextResponse.startedAt).toBe(Date.parse(MON('10:00')))
    // 180 of 240 used at 14:00 (10-12, 13-14), so at risk from 14:00; due at 15:00.
    expect(sla.nextResponse.atRiskAt).toBe(Date.parse(MON('14:00')))
    expect(sla.nextResponse.dueAt).toBe(Date.parse(MON('15:00')))
    expect(sla.nextResponse.state).toBe('breached')
  })
})
