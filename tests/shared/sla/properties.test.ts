import { tzOffset } from '@date-fns/tz'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  PAUSE_REASONS,
  WEEKDAYS,
  compileCalendar,
  computeTicketSla,
  type CalendarSpec,
  type ClockSettings,
  type SlaEvent,
  type Weekday,
} from '../../../src/shared/sla'
import { BERLIN_OFFICE, MIN, NEW_YORK_OFFICE, nightDesk } from './fixtures'

const DAY = 86_400_000
const START_2026 = Date.parse('2026-01-01T00:00:00Z')
const END_2027 = Date.parse('2027-06-01T00:00:00Z')
/** Minute-aligned instants over a year and a half, so every DST change of 2026 is in range. */
const instant = fc.integer({ min: START_2026 / MIN, max: END_2027 / MIN }).map((m) => m * MIN)

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'UTC',
] as const
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
/**
 * Interval boundaries on the half hour, avoiding 00:30-03:00 where these zones change
 * their clocks: there the RFC 5545 reading of a missing or doubled local time and the
 * minute-by-minute oracle below legitimately differ.
 */
const boundary = fc.constantFrom(0, ...Array.from({ length: 43 }, (_, i) => 180 + i * 30))
const wallInterval = fc
  .tuple(boundary, boundary)
  .filter(([a, b]) => a !== b && a < 1440)
  .map(([a, b]): [string, string] => [hhmm(a), hhmm(b)])

interface CalendarCase {
  spec: CalendarSpec & {
    timezone: string
    week: Partial<Record<Weekday, Array<[string, string]>>>
    holidays: string[]
  }
}
const calendarCase: fc.Arbitrary<CalendarCase> = fc
  .record({
    timezone: fc.constantFrom(...ZONES),
    week: fc.record(
      Object.fromEntries(
        WEEKDAYS.map((d) => [d, fc.array(wallInterval, { maxLength: 3 })]),
      ) as Record<Weekday, fc.Arbitrary<Array<[string, string]>>>,
    ),
    holidays: fc.uniqueArray(
      fc
        .integer({ min: START_2026 / DAY, max: END_2027 / DAY })
        .map((d) => new Date(d * DAY).toISOString().slice(0, 10)),
      { maxLength: 40 },
    ),
  })
  .filter((c) => WEEKDAYS.some((d) => c.week[d].length > 0))
  .map((spec) => ({ spec }))

/** The definition, one minute at a time: is the local wall time of this minute inside an interval? */
function oracleMinutes(spec: CalendarCase['spec'], from: number, to: number): number {
  const holidays = new Set(spec.holidays)
  const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5))
  let n = 0
  for (let t = from; t < to; t += MIN) {
    const local = t + tzOffset(spec.timezone, new Date(t)) * MIN
    const day = Math.floor(local / DAY)
    const minute = (local - day * DAY) / MIN
    if (holidays.has(new Date(day * DAY).toISOString().slice(0, 10))) continue
    const today = spec.week[WEEKDAYS[new Date(day * DAY).getUTCDay()] as Weekday] ?? []
    const yesterday = spec.week[WEEKDAYS[new Date((day - 1) * DAY).getUTCDay()] as Weekday] ?? []
    const inToday = today.some(([a, b]) => {
      const s = toMin(a)
      const e = toMin(b)
      return e > s ? minute >= s && minute < e : minute >= s
    })
    const inYesterdaysNight = yesterday.some(([a, b]) => {
      const s = toMin(a)
      const e = toMin(b)
      return e <= s && minute < e
    })
    if (inToday || inYesterdaysNight) n++
  }
  return n
}

describe('business-time arithmetic: properties', () => {
  it('agrees with counting business minutes one by one', () => {
    fc.assert(
      fc.property(
        calendarCase,
        instant,
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        ({ spec }, from, length) => {
          const to = from + length * MIN
          expect(compileCalendar(spec).between(from, to)).toBe(oracleMinutes(spec, from, to) * MIN)
        },
      ),
      { numRuns: 60 },
    )
  })

  it('business time is never negative and adds up over consecutive spans', () => {
    fc.assert(
      fc.property(calendarCase, instant, instant, instant, ({ spec }, x, y, z) => {
        const c = compileCalendar(spec)
        expect(c.between(x, y)).toBeGreaterThanOrEqual(0)
        const [a, b, d] = [x, y, z].sort((p, q) => p - q) as [number, number, number]
        expect(c.between(a, d)).toBe(c.between(a, b) + c.between(b, d))
      }),
      { numRuns: 100 },
    )
  })

  it('adding business time lands on the earliest instant that holds exactly that much', () => {
    fc.assert(
      fc.property(
        calendarCase,
        instant,
        fc.integer({ min: 1, max: 20 * 24 * 60 }),
        ({ spec }, from, minutes) => {
          const c = compileCalendar(spec)
          const due = c.add(from, minutes * MIN)
          expect(due).toBeGreaterThanOrEqual(from)
          expect(c.between(from, due)).toBe(minutes * MIN)
          expect(c.between(from, due - 1)).toBeLessThan(minutes * MIN)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('splitting an interval in two changes nothing', () => {
    const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5))
    // A calendar, one of its same-day intervals of 2 minutes or more, and a cut strictly inside it.
    const split = calendarCase
      .map(({ spec }) => ({
        spec,
        candidates: WEEKDAYS.flatMap((day) =>
          (spec.week[day] ?? []).flatMap(([a, b], index) =>
            toMin(b) - toMin(a) >= 2 ? [{ day, index, a, b }] : [],
          ),
        ),
      }))
      .filter(({ candidates }) => candidates.length > 0)
      .chain(({ spec, candidates }) =>
        fc.constantFrom(...candidates).chain((c) =>
          fc.record({
            spec: fc.constant(spec),
            c: fc.constant(c),
            cut: fc.integer({ min: toMin(c.a) + 1, max: toMin(c.b) - 1 }),
          }),
        ),
      )
    fc.assert(
      fc.property(
        split,
        instant,
        fc.integer({ min: 0, max: 10 * 24 * 60 }),
        ({ spec, c, cut }, from, minutes) => {
          const intervals = spec.week[c.day] ?? []
          const parts: Array<[string, string]> = [
            ...intervals.slice(0, c.index),
            [c.a, hhmm(cut)],
            [hhmm(cut), c.b],
            ...intervals.slice(c.index + 1),
          ]
          const whole = compileCalendar(spec)
          const cut2 = compileCalendar({ ...spec, week: { ...spec.week, [c.day]: parts } })
          const to = from + minutes * MIN
          expect(cut2.between(from, to)).toBe(whole.between(from, to))
          expect(cut2.add(from, minutes * MIN)).toBe(whole.add(from, minutes * MIN))
        },
      ),
      { numRuns: 150 },
    )
  })
})

const CALENDARS = [
  BERLIN_OFFICE,
  NEW_YORK_OFFICE,
  nightDesk('Europe/Berlin', ['2026-12-24']),
  { always: true as const },
].map(compileCalendar)
const settingsArb: fc.Arbitrary<ClockSettings> = fc.record({
  calendar: fc.constantFrom(...CALENDARS),
  targets: fc.record({
    firstResponse: fc.integer({ min: 1, max: 1440 }),
    nextResponse: fc.integer({ min: 1, max: 1440 }),
    resolution: fc.integer({ min: 1, max: 5000 }),
  }),
  atRiskFraction: fc.double({ min: 0, max: 1, noNaN: true }),
})

type Kind = 'customer_message' | 'agent_reply' | 'solved' | 'reopened' | 'pause' | 'resume'
const kindArb = (kinds: readonly Kind[]) => fc.constantFrom(...kinds)
const eventsArb = (kinds: readonly Kind[]) =>
  fc
    .record({
      start: instant,
      steps: fc.array(
        fc.record({
          // Often 0: events in the same second must still come out in one order.
          gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3000 })),
          kind: kindArb(kinds),
          reason: fc.constantFrom(...PAUSE_REASONS),
        }),
        { maxLength: 14 },
      ),
    })
    .map(({ start, steps }) => {
      let t = start
      const out: SlaEvent[] = [{ at: start, type: 'customer_message' }]
      for (const s of steps) {
        t += s.gap * MIN
        out.push(
          s.kind === 'pause' ? { at: t, type: 'pause', reason: s.reason } : { at: t, type: s.kind },
        )
      }
      return out
    })

const ALL_KINDS: Kind[] = [
  'customer_message',
  'agent_reply',
  'solved',
  'reopened',
  'pause',
  'resume',
]
const NO_PAUSES: Kind[] = ['customer_message', 'agent_reply', 'solved', 'reopened']
const lastAt = (events: SlaEvent[]) => Math.max(...events.map((e) => e.at))

describe('SLA clocks: properties', () => {
  it('used time is never negative and used + remaining is the target', () => {
    fc.assert(
      fc.property(
        settingsArb,
        eventsArb(ALL_KINDS),
        fc.integer({ min: 0, max: 20_000 }),
        (settings, events, after) => {
          const sla = computeTicketSla(events, settings, lastAt(events) + after * MIN)
          for (const m of ['firstResponse', 'nextResponse', 'resolution'] as const) {
            expect(sla[m].usedMinutes).toBeGreaterThanOrEqual(0)
            expect(sla[m].usedMinutes + sla[m].remainingMinutes).toBe(settings.targets[m])
          }
        },
      ),
      { numRuns: 200 },
    )
  })

  it('the result does not depend on the order events are given in', () => {
    fc.assert(
      fc.property(
        settingsArb,
        eventsArb(ALL_KINDS).chain((events) =>
          fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length })),
        ),
        fc.integer({ min: 0, max: 20_000 }),
        (settings, [events, shuffled], after) => {
          const now = lastAt(events) + after * MIN
          expect(computeTicketSla(shuffled, settings, now)).toEqual(
            computeTicketSla(events, settings, now),
          )
        },
      ),
      { numRuns: 200 },
    )
  })

  it('adding a pause never makes a due time earlier, and never touches first response', () => {
    fc.assert(
      fc.property(
        settingsArb,
        eventsArb(NO_PAUSES),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.constantFrom(...PAUSE_REASONS),
        fc.integer({ min: 0, max: 20_000 }),
        (settings, events, pauseAfter, length, reason, after) => {
          // The pause falls somewhere in or after the ticket's life (minutes after it opened).
          const pauseAt = (events[0] as SlaEvent).at + pauseAfter * MIN
          const resumeAt = pauseAt + length * MIN
          const paused: SlaEvent[] = [
            ...events,
            { at: pauseAt, type: 'pause', reason },
            { at: resumeAt, type: 'resume' },
          ]
          const now = Math.max(lastAt(events), resumeAt) + after * MIN
          const without = computeTicketSla(events, settings, now)
          const withPause = computeTicketSla(paused, settings, now)
          expect(withPause.firstResponse).toEqual(without.firstResponse)
          for (const m of ['nextResponse', 'resolution'] as const) {
            expect(withPause[m].usedMinutes).toBeLessThanOrEqual(without[m].usedMinutes)
            const a = without[m].dueAt
            const b = withPause[m].dueAt
            if (a !== null && b !== null) expect(b).toBeGreaterThanOrEqual(a)
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})
