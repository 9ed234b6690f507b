import { describe, expect, it } from 'vitest'
import {
  compileCalendar,
  computeTicketSla,
  escalationKey,
  newEscalations,
  toSlaEvent,
  type ClockSettings,
  type SlaEventInput,
} from '../../../src/shared/sla'
import { BERLIN_OFFICE, ms } from './fixtures'

const settings: ClockSettings = {
  targets: { firstResponse: 120, nextResponse: 240, resolution: 960 },
  atRiskFraction: 0.25,
  calendar: compileCalendar(BERLIN_OFFICE),
}
const MON = (hhmm: string) => `2026-11-30T${hhmm}:00+01:00`

function slaAt(events: SlaEventInput[], at: string) {
  return computeTicketSla(events.map(toSlaEvent), settings, ms(at))
}

describe('escalations', () => {
  const opened: SlaEventInput[] = [{ at: MON('09:00'), type: 'customer_message' }]

  it('at risk notifies the assignee once, stamped with the instant it became at risk', () => {
    const first = newEscalations({
      ticketId: 't1',
      sla: slaAt(opened, MON('10:45')),
      recorded: new Set(),
    })
    expect(first).toEqual([
      {
        key: escalationKey('t1', 'firstResponse', ms(MON('09:00')), 'at_risk'),
        ticketId: 't1',
        metric: 'firstResponse',
        kind: 'at_risk',
        cycleStartedAt: ms(MON('09:00')),
        at: ms(MON('10:30')),
        notify: 'assignee',
        flagTicket: false,
        reassignTo: null,
      },
    ])
    // A later recompute (or another client) with that key recorded produces nothing new.
    const again = newEscalations({
      ticketId: 't1',
      sla: slaAt(opened, MON('10:50')),
      recorded: new Set(first.map((e) => e.key)),
    })
    expect(again).toEqual([])
  })

  it('a breach notifies the team lead and flags the ticket; a missed at-risk is not sent late', () => {
    const out = newEscalations({
      ticketId: 't1',
      sla: slaAt(opened, MON('11:30')),
      recorded: new Set(),
    })
    expect(out).toHaveLength(1)
    expect(out[0]).toMatchObject({
      kind: 'breached',
      metric: 'firstResponse',
      notify: 'team_lead',
      flagTicket: true,
      at: ms(MON('11:00')),
    })
  })

  it('each next-response cycle is its own promise and escalates on its own', () => {
    const events: SlaEventInput[] = [
      ...opened,
      { at: MON('09:10'), type: 'agent_reply' },
      { at: MON('09:20'), type: 'customer_message' },
      { at: MON('14:00'), type: 'agent_reply' },
      { at: MON('14:30'), type: 'customer_message' },
    ]
    const recorded = new Set([escalationKey('t1', 'nextResponse', ms(MON('09:20')), 'breached')])
    // Second cycle from 14:30: at risk after 180 of 240 minutes; 14:30-17:00 holds 150, so Tue 08:30.
    const out = newEscalations({
      ticketId: 't1',
      sla: slaAt(events, '2026-12-01T08:45:00+01:00'),
      recorded,
    })
    expect(out.map((e) => [e.metric, e.kind, e.cycleStartedAt, e.at])).toEqual([
      ['nextResponse', 'at_risk', ms(MON('14:30')), ms('2026-12-01T08:30:00+01:00')],
    ])
  })

  it('applies the first matching re-assignment rule', () => {
    const out = newEscalations({
      ticketId: 't1',
      tier: 1,
      sla: slaAt(opened, MON('11:30')),
      recorded: new Set(),
      rules: [
        { on: 'breached', tier: 2, reassignTo: 'team-tier2' },
        { on: 'breached', metric: 'firstResponse', reassignTo: 'team-leads' },
        { on: 'breached', reassignTo: 'anyone' },
      ],
    })
    expect(out[0]?.reassignTo).toBe('team-leads')
  })

  it('with atRiskFraction 1 a metric is at risk, and escalates, from its first instant', () => {
    const always = { ...settings, atRiskFraction: 1 }
    const sla = computeTicketSla(opened.map(toSlaEvent), always, ms(MON('09:05')))
    expect(sla.firstResponse.state).toBe('at_risk')
    const out = newEscalations({ ticketId: 't1', sla, recorded: new Set() })
    expect(out.map((e) => [e.metric, e.kind, e.at])).toEqual([
      ['firstResponse', 'at_risk', ms(MON('09:00'))],
      ['resolution', 'at_risk', ms(MON('09:00'))],
    ])
  })

  it('met, running and paused metrics do not escalate', () => {
    const events: SlaEventInput[] = [
      ...opened,
      { at: MON('09:30'), type: 'agent_reply' },
      { at: MON('10:00'), type: 'pause', reason: 'waiting_on_supplier' },
    ]
    expect(
      newEscalations({
        ticketId: 't1',
        sla: slaAt(events, '2026-12-10T10:00:00+01:00'),
        recorded: new Set(),
      }),
    ).toEqual([])
  })
})
