/**
 * SLA policies: targets per account tier, per-account overrides, effective dating, and the
 * account's calendar.
 *
 * Rules:
 * - A ticket is measured against the contract in force when it was opened (its first
 *   customer message). A contract change (new tier, new override) applies to tickets opened
 *   at or after its `effectiveFrom`, never to tickets already open: it does not rewrite the
 *   past, and two clients agree however late they learn of the change.
 * - Tier targets are effective-dated the same way (a tier's defaults may be renegotiated).
 * - An account's terms override single targets of its tier; unset targets come from the tier.
 * - The calendar is the account's own if set, else its region's.
 * - If a ticket predates every dated entry, the earliest entry applies (the account existed
 *   before its contract was first recorded here).
 */
import { z } from 'zod'
import { type CalendarSpec, CalendarSpecSchema } from './calendar'
import type { Targets } from './clocks'

export const TIERS = [1, 2, 3] as const
export type Tier = (typeof TIERS)[number]

const minutes = z.number().int().positive()
export const TargetsSchema = z
  .object({ firstResponse: minutes, nextResponse: minutes, resolution: minutes })
  .strict()
export const AtRiskFractionSchema = z.number().min(0).max(1)
export const DEFAULT_AT_RISK_FRACTION = 0.25

/** Defaults, in business minutes on the account's calendar. */
export const DEFAULT_TIER_TARGETS: Record<Tier, Targets> = {
  1: { firstResponse: 120, nextResponse: 240, resolution: 960 },
  2: { firstResponse: 240, nextResponse: 480, resolution: 1920 },
  3: { firstResponse: 1440, nextResponse: 1440, resolution: 4800 },
}

const instant = z.iso.datetime({ offset: true })
const tier = z.union([z.literal(1), z.literal(2), z.literal(3)])

export const TierPolicySchema = z
  .object({
    tier,
    effectiveFrom: instant,
    targets: TargetsSchema,
    atRiskFraction: AtRiskFractionSchema.optional(),
  })
  .strict()
export type TierPolicy = z.infer<typeof TierPolicySchema>

export const AccountTermsSchema = z
  .object({
    effectiveFrom: instant,
    tier,
    overrides: TargetsSchema.partial().optional(),
    atRiskFraction: AtRiskFractionSchema.optional(),
  })
  .strict()

/** Two entries may not take effect at the same instant: which one wins would be a guess. */
function uniqueEffectiveFrom<T extends { effectiveFrom: string }>(key: (x: T) => string) {
  return (list: T[]) =>
    new Set(list.map((x) => `${key(x)}@${Date.parse(x.effectiveFrom)}`)).size === list.length
}

export const AccountSlaSchema = z
  .object({
    accountId: z.string().min(1),
    region: z.string().min(1),
    calendar: CalendarSpecSchema.optional(),
    terms: z
      .array(AccountTermsSchema)
      .min(1)
      .refine(
        uniqueEffectiveFrom(() => ''),
        'two terms take effect at the same instant',
      ),
  })
  .strict()
export type AccountSla = z.input<typeof AccountSlaSchema>

export const SlaBookSchema = z
  .object({
    tierPolicies: z.array(TierPolicySchema).refine(
      uniqueEffectiveFrom<TierPolicy>((p) => String(p.tier)),
      'two policies of one tier take effect at the same instant',
    ),
    regionCalendars: z.record(z.string(), CalendarSpecSchema),
    atRiskFraction: AtRiskFractionSchema.default(DEFAULT_AT_RISK_FRACTION),
  })
  .strict()
export type SlaBook = z.input<typeof SlaBookSchema>

/** A book with the default tier targets in force since the epoch, and the given region calendars. */
export function defaultSlaBook(regionCalendars: Record<string, CalendarSpec>): SlaBook {
  return {
    tierPolicies: TIERS.map((t) => ({
      tier: t,
      effectiveFrom: '1970-01-01T00:00:00Z',
      targets: DEFAULT_TIER_TARGETS[t],
    })),
    regionCalendars,
    atRiskFraction: DEFAULT_AT_RISK_FRACTION,
  }
}

/** The entry in force at `at`: the latest with effectiveFrom <= at, else the earliest. */
function inForce<T extends { effectiveFrom: string }>(
  list: readonly T[],
  at: number,
): T | undefined {
  let best: T | undefined
  let bestAt = -Infinity
  let earliest: T | undefined
  let earliestAt = Infinity
  for (const x of list) {
    const from = Date.parse(x.effectiveFrom)
    if (from <= at && from > bestAt) {
      best = x
      bestAt = from
    }
    if (from < earliestAt) {
      earliest = x
      earliestAt = from
    }
  }
  return best ?? earliest
}

export interface ResolvedPolicy {
  tier: Tier
  targets: Targets
  atRiskFraction: number
  /** The calendar spec the ticket is measured on (account's own, else its region's). */
  calendar: CalendarSpec
  /** Key to share one compiled calendar between tickets: `account:<id>` or `region:<name>`. */
  calendarKey: string
}

/** The policy a ticket opened at `openedAt` (epoch ms) is measured against. */
export function resolvePolicy(
  bookInput: SlaBook,
  accountInput: AccountSla,
  openedAt: number,
): ResolvedPolicy {
  const book = SlaBookSchema.parse(bookInput)
  const account = AccountSlaSchema.parse(accountInput)
  const terms = inForce(account.terms, openedAt)
  if (!terms) throw new RangeError(`account ${account.accountId} has no SLA terms`)
  const tierPolicy = inForce(
    book.tierPolicies.filter((p) => p.tier === terms.tier),
    openedAt,
  )
  const base = tierPolicy?.targets ?? DEFAULT_TIER_TARGETS[terms.tier]
  const targets: Targets = {
    firstResponse: terms.overrides?.firstResponse ?? base.firstResponse,
    nextResponse: terms.overrides?.nextResponse ?? base.nextResponse,
    resolution: terms.overrides?.resolution ?? base.resolution,
  }
  const atRiskFraction = terms.atRiskFraction ?? tierPolicy?.atRiskFraction ?? book.atRiskFraction
  if (accountInput.calendar) {
    return {
      tier: terms.tier,
      targets,
      atRiskFraction,
      calendar: accountInput.calendar,
      calendarKey: `account:${account.accountId}`,
    }
  }
  const regional = bookInput.regionCalendars[account.region]
  if (!regional)
    throw new RangeError(
      `no calendar for region "${account.region}" (account ${account.accountId})`,
    )
  return {
    tier: terms.tier,
    targets,
    atRiskFraction,
    calendar: regional,
    calendarKey: `region:${account.region}`,
  }
}
