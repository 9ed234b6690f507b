import { describe, expect, it } from 'vitest'
import { activeMetrics, slaView } from '../../../src/main/console/headline'
import { businessWeek, PolicyResolver, defaultQueuePolicy } from '../../../src/main/console/policy'
import { compileCalendar, computeTicketSla, type SlaEvent } from '../../../src/shared/sla'
import {
  reopenedByCustomer,
  slaPauseReason,
  statusEvents,
  tierOfAccount,
} from '../../../src/shared/sla/server-mapping'

const at = (s: string) => Date.parse(s)

describe('server vocabulary → SLA engine', () => {
  it('maps tiers strategic/key/standard to 1/2/3, anything else to null', () => {
    expect([tierOfAccount('strategic'), tierOfAccount('key'), tierOfAccount('standard')]).toEqual([
      1, 2, 3,
    ])
    expect([tierOfAccount('gold'), tierOfAccount(undefined), tierOfAccount(1)]).toEqual([
      null,
      null,
      null,
    ])
  })

  it('takes the engine pause reasons the server uses, refuses unknown ones', () => {
    expect(
      [
        'waiting_on_customer',
        'waiting_on_po_approval',
        'waiting_on_erp_backorder',
        'waiting_on_supplier',
      ].map(slaPauseReason),
    ).toEqual([
      'waiting_on_customer',
      'waiting_on_po_approval',
      'waiting_on_erp_backorder',
      'waiting_on_supplier',
    ])
    expect([
      slaPauseReason('awaiting_customer'),
      slaPauseReason('lunch'),
      slaPauseReason(null),
    ]).toEqual([null, null, null])
  })

  it('without a status history: the current status from updatedAt (the approximation)', () => {
    const updatedAt = '2026-11-02T09:00:00Z'
    expect(statusEvents({ status: 'open', updatedAt })).toEqual([])
    expect(statusEvents({ status: 'pending', updatedAt })).toEqual([])
    expect(
      statusEvents({ status: 'paused', pauseReason: 'waiting_on_supplier', updatedAt }),
    ).toEqual([{ at: at(updatedAt), type: 'pause', reason: 'waiting_on_supplier' }])
    expect(statusEvents({ status: 'closed', updatedAt })).toEqual([
      { at: at(updatedAt), type: 'solved' },
    ])
    // An unknown pause reason does not stop the clocks.
    expect(statusEvents({ status: 'paused', pauseReason: 'lunch', updatedAt })).toEqual([])
    expect(statusEvents({ status: 'paused', pauseReason: 'waiting_on_customer' })).toEqual([])
  })

  it('with a status history: every change, in time order', () => {
    const history = [
      { at: '2026-11-02T12:00:00Z', status: 'resolved' },
      { at: '2026-11-02T09:00:00Z', status: 'paused', pauseReason: 'waiting_on_customer' },
      { at: '2026-11-02T10:00:00Z', status: 'paused', pauseReason: 'waiting_on_erp_backorder' },
      { at: '2026-11-02T11:00:00Z', status: 'open' },
      { at: '2026-11-02T13:00:00Z', status: 'paused', pauseReason: 'waiting_on_supplier' },
      { at: 'not a date', status: 'open' },
    ]
    expect(
      statusEvents({ status: 'paused', updatedAt: '2026-11-02T13:00:00Z', statusHistory: history }),
    ).toEqual([
      { at: at('2026-11-02T09:00:00Z'), type: 'pause', reason: 'waiting_on_customer' },
      { at: at('2026-11-02T10:00:00Z'), type: 'resume' },
      { at: at('2026-11-02T10:00:00Z'), type: 'pause', reason: 'waiting_on_erp_backorder' },
      { at: at('2026-11-02T11:00:00Z'), type: 'resume' },
      { at: at('2026-11-02T12:00:00Z'), type: 'solved' },
      { at: at('2026-11-02T13:00:00Z'), type: 'reopened' },
      { at: at('2026-11-02T13:00:00Z'), type: 'pause', reason: 'waiting_on_supplier' },
    ])
  })

  it('a solve while already solved is a solve again (it ends a reopening by the customer)', () => {
    const history = [
      { at: '2026-11-02T12:00:00Z', status: 'resolved' },
      { at: '2026-11-03T09:00:00Z', status: 'closed' },
    ]
    expect(statusEvents({ status: 'closed', statusHistory: history })).toEqual([
      { at: at('2026-11-02T12:00:00Z'), type: 'solved' },
      { at: at('2026-11-03T09:00:00Z'), type: 'solved' },
    ])
  })

  it('reopenedByCustomer: the first customer message after the last solve', () => {
    const ev = (iso: string, type: SlaEvent['type']): SlaEvent =>
      type === 'pause'
        ? { at: at(iso), type, reason: 'waiting_on_customer' }
        : ({ at: at(iso), type } as SlaEvent)
    const solvedThenWritten = [
      ev('2026-11-02T09:00:00Z', 'customer_message'),
      ev('2026-11-02T12:00:00Z', 'solved'),
      ev('2026-11-03T10:00:00Z', 'customer_message'),
      ev('2026-11-03T08:00:00Z', 'customer_message'),
    ]
    // Any order in; the 08:00 message is the first after the solve.
    expect(reopenedByCustomer(solvedThenWritten)).toBe(at('2026-11-03T08:00:00Z'))
    // Solved again after it: not reopened.
    expect(
      reopenedByCustomer([...solvedThenWritten, ev('2026-11-03T11:00:00Z', 'solved')]),
    ).toBeNull()
    // A message in the same second as the solve came before it (the engine's tie order).
    expect(
      reopenedByCustomer([
        ev('2026-11-02T12:00:00Z', 'customer_message'),
        ev('2026-11-02T12:00:00Z', 'solved'),
      ]),
    ).toBeNull()
    // Never solved, or reopened by an agent: not the customer's doing.
    expect(reopenedByCustomer([ev('2026-11-02T09:00:00Z', 'customer_message')])).toBeNull()
    expect(
      reopenedByCustomer([
        ev('2026-11-02T12:00:00Z', 'solved'),
        ev('2026-11-02T13:00:00Z', 'reopened'),
        ev('2026-11-02T14:00:00Z', 'customer_message'),
      ]),
    ).toBeNull()
  })
})

describe('the row figure', () => {
  const settings = {
    targets: { firstResponse: 60, nextResponse: 120, resolution: 600 },
    atRiskFraction: 0.25,
    calendar: compileCalendar({ always: true }),
  }
  const ev = (iso: string, type: 'customer_message' | 'agent_reply' | 'solved'): SlaEvent => ({
    at: at(iso),
    type,
  })

  it('a first response that stopped late is breached but not active; resolution is shown', () => {
    const events = [
      ev('2026-11-02T09:00:00Z', 'customer_message'),
      ev('2026-11-02T10:30:00Z', 'agent_reply'),
    ]
    const sla = computeTicketSla(events, settings, at('2026-11-02T11:00:00Z'))
    expect(sla.firstResponse.state).toBe('breached')
    expect(activeMetrics(sla, events)).toEqual({
      firstResponse: false,
      nextResponse: false,
      resolution: true,
    })
    expect(slaView(sla, events)).toMatchObject({
      worst: null,
      rank: 0,
      headline: { metric: 'resolution', state: 'running', dueAt: at('2026-11-02T19:00:00Z') },
    })
  })

  it('a first response still running past due is the breach shown', () => {
    const events = [ev('2026-11-02T09:00:00Z', 'customer_message')]
    const view = slaView(computeTicketSla(events, settings, at('2026-11-02T10:30:00Z')), events)
    expect(view).toMatchObject({
      worst: 'breached',
      rank: 0,
      sortDue: at('2026-11-02T10:00:00Z'),
      headline: { metric: 'firstResponse', state: 'breached', remainingMinutes: -30 },
    })
  })

  it('keeps the instants at which the worst state turns at risk and breached', () => {
    const events = [ev('2026-11-02T09:00:00Z', 'customer_message')]
    const running = slaView(computeTicketSla(events, settings, at('2026-11-02T09:10:00Z')), events)
    const fr = computeTicketSla(events, settings, at('2026-11-02T09:10:00Z')).firstResponse
    expect(running).toMatchObject({ worst: null, riskAt: fr.atRiskAt, breachAt: fr.dueAt })
    expect(running.breachAt).toBe(at('2026-11-02T10:00:00Z'))
    expect(running.riskAt).toBeLessThan(running.breachAt as number)
    // Already breached: the instants are the ones already passed.
    const late = slaView(computeTicketSla(events, settings, at('2026-11-02T10:30:00Z')), events)
    expect(late).toMatchObject({
      worst: 'breached',
      riskAt: running.riskAt,
      breachAt: running.breachAt,
    })
  })

  it('no customer message: no figure', () => {
    const events = [ev('2026-11-02T09:00:00Z', 'agent_reply')]
    expect(slaView(computeTicketSla(events, settings, at('2026-11-02T10:00:00Z')), events)).toEqual(
      {
        headline: null,
        worst: null,
        rank: 2,
        sortDue: 0,
        riskAt: null,
        breachAt: null,
      },
    )
  })
})

describe('policy resolution', () => {
  it('uses the account time zone on Mon–Fri 08–17 unless the book has the region', () => {
    const policy = defaultQueuePolicy()
    policy.book.regionCalendars = { 'emea-west': { always: true } }
    const r = new PolicyResolver(policy)
    const berlin = r.resolve(
      'a',
      { tier: 'key', region: 'emea-dach', timeZone: 'Europe/Berlin' },
      0,
    )
    expect(berlin.tier).toBe(2)
    expect(berlin.settings.calendar.timezone).toBe('Europe/Berlin')
    expect(berlin.settings.calendar.always).toBe(false)
    const london = r.resolve(
      'b',
      { tier: 'strategic', region: 'emea-west', timeZone: 'Europe/London' },
      0,
    )
    expect([london.tier, london.settings.calendar.always]).toEqual([1, true])
    const none = r.resolve(null, undefined, 0)
    expect([none.tier, none.settings.calendar.timezone]).toEqual([2, 'UTC'])
    // One compiled calendar and one settings object per distinct policy.
    expect(r.resolve('c', { tier: 'key', region: 'emea-dach', timeZone: 'Europe/Berlin' }, 5)).toBe(
      berlin,
    )
    expect(businessWeek('Europe/Berlin')).toMatchObject({ week: { mon: [['08:00', '17:00']] } })
  })

  it('applies per-account terms by effective date', () => {
    const policy = defaultQueuePolicy()
    policy.accounts = [
      {
        accountId: 'a',
        region: 'x',
        calendar: { always: true },
        terms: [
          { effectiveFrom: '2026-01-01T00:00:00Z', tier: 3 },
          { effectiveFrom: '2026-06-01T00:00:00Z', tier: 1, overrides: { firstResponse: 30 } },
        ],
      },
    ]
    const r = new PolicyResolver(policy)
    const before = r.resolve('a', { tier: 'key' }, at('2026-03-01T00:00:00Z'))
    const after = r.resolve('a', { tier: 'key' }, at('2026-07-01T00:00:00Z'))
    expect([before.tier, before.settings.targets.firstResponse]).toEqual([3, 1440])
    expect([after.tier, after.settings.targets.firstResponse]).toEqual([1, 30])
  })
})
