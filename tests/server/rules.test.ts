import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  LIMITS,
  MUTATION_NAMES,
  VERSIONED_MUTATIONS,
  creditCheck,
  mutationSchema,
  pushBodySchema,
  quoteIsValid,
  quoteTotals,
} from '../../src/shared/sync'

describe('shared sync rules', () => {
  it('quote totals are integer cents: subtotal minus per-line discounts, never negative', () => {
    expect(
      quoteTotals([
        { qty: 3, unitPrice: 1999, discountPct: 10 },
        { qty: 1, unitPrice: 500 },
      ]),
    ).toEqual({ subtotal: 6497, discount: 600, total: 5897 })
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            qty: fc.integer({ min: 1, max: 10_000 }),
            unitPrice: fc.integer({ min: 0, max: 1_000_000 }),
            discountPct: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
          }),
          { maxLength: 50 },
        ),
        (lines) => {
          const t = quoteTotals(lines)
          return (
            Number.isInteger(t.total) &&
            t.total >= 0 &&
            t.total <= t.subtotal &&
            t.subtotal - t.discount === t.total
          )
        },
      ),
    )
  })

  it('credit check: passes within the remaining credit, fails with the shortfall above it', () => {
    expect(creditCheck({ limit: 1000, used: 400 }, 600)).toEqual({ ok: true, remaining: 0 })
    expect(creditCheck({ limit: 1000, used: 400 }, 601)).toEqual({
      ok: false,
      remaining: 600,
      shortBy: 1,
    })
    expect(creditCheck({ limit: 0, used: 0 }, 1).ok).toBe(false)
    expect(creditCheck({ limit: 0, used: 0 }, -50).ok).toBe(true)
    fc.assert(
      fc.property(
        fc.nat(1e9),
        fc.nat(1e9),
        fc.integer({ min: -1e6, max: 1e9 }),
        (limit, used, amount) => {
          const r = creditCheck({ limit, used }, amount)
          return r.ok === (amount <= 0 || amount <= limit - used)
        },
      ),
    )
  })

  it('a quote is valid through its last day', () => {
    expect(quoteIsValid('2026-03-31', '2026-03-31')).toBe(true)
    expect(quoteIsValid('2026-03-31', '2026-04-01')).toBe(false)
  })

  it('every mutation has a schema; money and quantity changes require a baseVersion', () => {
    expect(MUTATION_NAMES).toHaveLength(13)
    for (const name of VERSIONED_MUTATIONS) {
      const r = mutationSchema.safeParse({ id: 1, name, args: {} })
      expect(r.success).toBe(false)
      expect(r.error?.issues.some((i) => i.path.join('.') === 'baseVersion')).toBe(true)
    }
    expect(pushBodySchema.safeParse({ clientId: 'abcdefgh', mutations: [] }).success).toBe(false)
    const tooMany = Array.from({ length: LIMITS.MAX_PUSH_BATCH + 1 }, (_, i) => ({
      id: i + 1,
      name: 'ticket.assign',
      args: { ticketId: 't', accountId: 'a', assigneeId: null },
    }))
    expect(pushBodySchema.safeParse({ clientId: 'abcdefgh', mutations: tooMany }).success).toBe(
      false,
    )
  })
})
