/**
 * Which SLA policy and calendar a ticket is measured on, from the server replica's account.
 *
 * Order (first that applies):
 * - calendar: the policy book's per-account entry (`accounts[].calendar`), else the book's
 *   calendar for the account's region, else the account's time zone with the default
 *   business week (Mon–Fri 08:00–17:00), else the fallback calendar;
 * - tier: the per-account entry's effective-dated terms, else the server account's tier
 *   (strategic 1, key 2, standard 3) since the epoch, else the fallback tier.
 * Tickets without a known account (Triage, or no sync server) use the fallback.
 *
 * The server sends only an account's current tier, not its history, so without a
 * per-account entry a tier change applies to tickets opened before it too.
 * The account's `calendar` field names a holiday feed (e.g. `DE-BW`) that clients do not
 * fetch yet: holidays come from the book's calendars only.
 */
import {
  type AccountSla,
  type BusinessCalendar,
  type CalendarSpec,
  type ClockSettings,
  compileCalendar,
  defaultSlaBook,
  isKnownTimeZone,
  resolvePolicy,
  type SlaBook,
  type Tier,
} from '../../shared/sla'
import { tierOfAccount } from '../../shared/sla/server-mapping'

export interface QueuePolicy {
  /** Tier targets (effective-dated), region calendars, at-risk fraction. */
  book: SlaBook
  /** Per-account terms and calendars that override what the server account says. */
  accounts?: AccountSla[]
  /** For tickets with no known account, and accounts without a usable time zone. */
  fallback: { tier: Tier; calendar: CalendarSpec }
}

const WEEKDAY_HOURS: Array<[string, string]> = [['08:00', '17:00']]

/** Mon–Fri 08:00–17:00 in `timezone`: the default business week. */
export function businessWeek(timezone: string): CalendarSpec {
  return {
    timezone,
    week: {
      mon: WEEKDAY_HOURS,
      tue: WEEKDAY_HOURS,
      wed: WEEKDAY_HOURS,
      thu: WEEKDAY_HOURS,
      fri: WEEKDAY_HOURS,
    },
  }
}

/** Default tier targets, tier 2 for unknown accounts, on a business week in UTC. */
export function defaultQueuePolicy(): QueuePolicy {
  return {
    book: defaultSlaBook({}),
    accounts: [],
    fallback: { tier: 2, calendar: businessWeek('UTC') },
  }
}

const EPOCH = '1970-01-01T00:00:00Z'

interface AccountPlan {
  sla: AccountSla
  calendarKey: string
  /** Instants at which the resolved policy may change (effective dates), sorted. */
  breakpoints: number[]
}

export interface ResolvedSettings {
  tier: Tier
  settings: ClockSettings
  /** Equal keys mean equal settings (targets, fraction and calendar). */
  key: string
}

/**
 * Resolves settings per (account, opening instant), sharing compiled calendars and settings
 * objects. `resolvePolicy` validates its inputs on every call, so results are memoised per
 * account and effective-date interval: between two effective dates the answer is the same.
 */
export class PolicyResolver {
  private readonly explicit: Map<string, AccountSla>
  private readonly calendars = new Map<string, BusinessCalendar>()
  private readonly settings = new Map<string, ResolvedSettings>()
  private readonly bookBreakpoints: number[]
  private plans = new Map<string, AccountPlan>()
  private memo = new Map<string, ResolvedSettings>()

  constructor(private readonly policy: QueuePolicy) {
    this.explicit = new Map((policy.accounts ?? []).map((a) => [a.accountId, a]))
    this.bookBreakpoints = policy.book.tierPolicies.map((p) => Date.parse(p.effectiveFrom))
  }

  /** Forget per-account plans (the replica's accounts changed). */
  reset(): void {
    this.plans = new Map()
    this.memo = new Map()
  }

  private plan(accountId: string | null, account: Record<string, unknown> | undefined) {
    const planKey = accountId ?? ''
    let plan = this.plans.get(planKey)
    if (plan) return plan
    const explicit = accountId === null ? undefined : this.explicit.get(accountId)
    const known = explicit !== undefined || account !== undefined
    const region =
      explicit?.region ?? (typeof account?.region === 'string' ? account.region : 'default')
    const tz = typeof account?.timeZone === 'string' ? account.timeZone : null
    let calendar: CalendarSpec
    let calendarKey: string
    if (explicit?.calendar) {
      calendar = explicit.calendar
      calendarKey = `account:${explicit.accountId}`
    } else if (known && this.policy.book.regionCalendars[region]) {
      calendar = this.policy.book.regionCalendars[region]
      calendarKey = `region:${region}`
    } else if (known && tz !== null && isKnownTimeZone(tz)) {
      calendar = businessWeek(tz)
      calendarKey = `week:${tz}`
    } else {
      calendar = this.policy.fallback.calendar
      calendarKey = 'fallback'
    }
    const tier = (account ? tierOfAccount(account.tier) : null) ?? this.policy.fallback.tier
    const terms = explicit?.terms ?? [{ effectiveFrom: EPOCH, tier }]
    const breakpoints = [...this.bookBreakpoints, ...terms.map((t) => Date.parse(t.effectiveFrom))]
    breakpoints.sort((a, b) => a - b)
    plan = {
      sla: { accountId: accountId ?? 'fallback', region, calendar, terms },
      calendarKey,
      breakpoints,
    }
    this.plans.set(planKey, plan)
    return plan
  }

  resolve(
    accountId: string | null,
    account: Record<string, unknown> | undefined,
    openedAt: number,
  ): ResolvedSettings {
    const plan = this.plan(accountId, account)
    let interval = 0
    while (interval < plan.breakpoints.length && (plan.breakpoints[interval] as number) <= openedAt)
      interval++
    const memoKey = `${accountId ?? ''}\u0000${interval}`
    const hit = this.memo.get(memoKey)
    if (hit) return hit
    const resolved = resolvePolicy(this.policy.book, plan.sla, openedAt)
    let calendar = this.calendars.get(plan.calendarKey)
    if (!calendar) {
      calendar = compileCalendar(resolved.calendar)
      this.calendars.set(plan.calendarKey, calendar)
    }
    const t = resolved.targets
    const key = `${plan.calendarKey}|${t.firstResponse}/${t.nextResponse}/${t.resolution}|${resolved.atRiskFraction}|${resolved.tier}`
    let shared = this.settings.get(key)
    if (!shared) {
      shared = {
        tier: resolved.tier,
        key,
        settings: { targets: t, atRiskFraction: resolved.atRiskFraction, calendar },
      }
      this.settings.set(key, shared)
    }
    this.memo.set(memoKey, shared)
    return shared
  }
}
