import { describe, expect, it } from 'vitest'
import {
  DEFAULT_TIER_TARGETS,
  compileCalendar,
  computeTicketSla,
  defaultSlaBook,
  resolvePolicy,
  toSlaEvent,
  type AccountSla,
  type SlaBook,
} from '../../../src/shared/sla'
import { BERLIN_OFFICE, NEW_YORK_OFFICE, ms } from './fixtures'

const BOOK: SlaBook = defaultSlaBook({ emea: BERLIN_OFFICE, amer: NEW_YORK_OFFICE })

/** Tier 2 since January; upgraded to tier 1 at noon UTC on Monday 30 November 2026. */
const ACME: AccountSla = {
  accountId: 'acme',
  region: 'emea',
  terms: [
    { effectiveFrom: '2026-11-30T12:00:00Z', tier: 1 },
    { effectiveFrom: '2026-01-01T00:00:00Z', tier: 2 },
  ],
}

describe('SLA policies', () => {
  it('uses the default targets of the tier the account has when the ticket opens', () => {
    expect(resolvePolicy(BOOK, ACME, ms('2026-06-01T00:00:00Z'))).toMatchObject({
      tier: 2,
      targets: { firstResponse: 240, nextResponse: 480, resolution: 1920 },
      atRiskFraction: 0.25,
      calendarKey: 'region:emea',
    })
    expect(DEFAULT_TIER_TARGETS[3]).toEqual({
      firstResponse: 1440,
      nextResponse: 1440,
      resolution: 4800,
    })
  })

  it('a tier change mid-ticket applies to tickets opened after it, never to the open one', () => {
    // Opened at 08:00Z (09:00 Berlin) on tier 2; the account moves to tier 1 at 12:00Z.
    const openedBefore = ms('2026-11-30T08:00:00Z')
    const before = resolvePolicy(BOOK, ACME, openedBefore)
    expect(before.tier).toBe(2)
    const after = resolvePolicy(BOOK, ACME, ms('2026-11-30T12:00:00Z'))
    expect(after.tier).toBe(1)
    expect(after.targets).toEqual(DEFAULT_TIER_TARGETS[1])

    // The open ticket at 15:00 Berlin: 300 business minutes without a reply. On its own
    // tier-2 terms (240) it breached at 14:00; tier 1 (120) would have said 11:00.
    const calendar = compileCalendar(before.calendar)
    const events = [toSlaEvent({ at: '2026-11-30T09:00:00+01:00', type: 'customer_message' })]
    const sla = computeTicketSla(events, { ...before, calendar }, ms('2026-11-30T15:00:00+01:00'))
    expect(sla.firstResponse.state).toBe('breached')
    expect(sla.firstResponse.dueAt).toBe(ms('2026-11-30T14:00:00+01:00'))
  })

  it('per-account overrides replace single targets of the tier', () => {
    const account: AccountSla = {
      ...ACME,
      terms: [
        {
          effectiveFrom: '2026-01-01T00:00:00Z',
          tier: 2,
          overrides: { firstResponse: 60 },
          atRiskFraction: 0.5,
        },
      ],
    }
    expect(resolvePolicy(BOOK, account, ms('2026-06-01T00:00:00Z'))).toMatchObject({
      targets: { firstResponse: 60, nextResponse: 480, resolution: 1920 },
      atRiskFraction: 0.5,
    })
  })

  it('renegotiated tier defaults are effective-dated too', () => {
    const book: SlaBook = {
      ...BOOK,
      tierPolicies: [
        ...BOOK.tierPolicies,
        {
          tier: 2,
          effectiveFrom: '2026-07-01T00:00:00Z',
          targets: { firstResponse: 180, nextResponse: 360, resolution: 1440 },
        },
      ],
    }
    expect(resolvePolicy(book, ACME, ms('2026-06-30T23:59:59Z')).targets.firstResponse).toBe(240)
    expect(resolvePolicy(book, ACME, ms('2026-07-01T00:00:00Z')).targets.firstResponse).toBe(180)
  })

  it("a ticket older than every term uses the earliest; the account's own calendar beats its region's", () => {
    expect(resolvePolicy(BOOK, ACME, ms('2025-01-01T00:00:00Z')).tier).toBe(2)
    const own: AccountSla = { ...ACME, calendar: { always: true } }
    expect(resolvePolicy(BOOK, own, ms('2026-06-01T00:00:00Z'))).toMatchObject({
      calendar: { always: true },
      calendarKey: 'account:acme',
    })
  })

  it('refuses an unknown region and two terms taking effect at the same instant', () => {
    expect(() => resolvePolicy(BOOK, { ...ACME, region: 'apac' }, 0)).toThrow(
      /no calendar for region "apac"/,
    )
    const clash: AccountSla = {
      ...ACME,
      terms: [
        { effectiveFrom: '2026-01-01T00:00:00Z', tier: 2 },
        { effectiveFrom: '2026-01-01T01:00:00+01:00', tier: 1 },
      ],
    }
    expect(() => resolvePolicy(BOOK, clash, 0)).toThrow(/same instant/)
  })
})
