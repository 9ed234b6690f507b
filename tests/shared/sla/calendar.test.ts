import { describe, expect, it } from 'vitest'
import { compileCalendar, formatInstant, type CalendarSpec } from '../../../src/shared/sla'
import { BERLIN_OFFICE, MIN, NEW_YORK_OFFICE, everyDay, ms, nightDesk } from './fixtures'

/** Hand-checked: add `minutes` business minutes at `from`, expect the local due instant. */
const ADD_CASES: Array<{
  name: string
  cal: CalendarSpec
  from: string
  minutes: number
  due: string
}> = [
  {
    name: '16:30 on the day before a holiday: 30 min that day, the rest after the holidays and the week-end',
    cal: BERLIN_OFFICE,
    from: '2026-12-23T16:30:00+01:00',
    minutes: 120,
    due: '2026-12-28T09:30:00+01:00',
  },
  {
    name: 'Friday afternoon rolls over the week-end',
    cal: BERLIN_OFFICE,
    from: '2026-11-27T16:00:00+01:00',
    minutes: 120,
    due: '2026-11-30T09:00:00+01:00',
  },
  {
    name: 'two intervals a day: the lunch break does not count',
    cal: BERLIN_OFFICE,
    from: '2026-11-30T11:00:00+01:00',
    minutes: 120,
    due: '2026-11-30T14:00:00+01:00',
  },
  {
    name: 'a message at lunch starts counting at 13:00',
    cal: BERLIN_OFFICE,
    from: '2026-11-30T12:20:00+01:00',
    minutes: 30,
    due: '2026-11-30T13:30:00+01:00',
  },
  {
    name: 'a deadline that uses up the day exactly lands at 17:00, not at 08:00 next day',
    cal: BERLIN_OFFICE,
    from: '2026-11-30T16:00:00+01:00',
    minutes: 60,
    due: '2026-11-30T17:00:00+01:00',
  },
  {
    name: 'overnight interval: the rest of the night, then the next evening',
    cal: nightDesk('Europe/Berlin'),
    from: '2026-12-01T05:00:00+01:00',
    minutes: 120,
    due: '2026-12-01T23:00:00+01:00',
  },
  {
    name: "Friday's night shift runs into Saturday morning; Monday evening next",
    cal: nightDesk('Europe/Berlin'),
    from: '2026-12-05T03:00:00+01:00',
    minutes: 240,
    due: '2026-12-07T23:00:00+01:00',
  },
  {
    name: 'Europe/Berlin spring-forward week-end: Friday CET, Monday CEST',
    cal: BERLIN_OFFICE,
    from: '2026-03-27T16:00:00+01:00',
    minutes: 120,
    due: '2026-03-30T09:00:00+02:00',
  },
  {
    name: 'Europe/Berlin fall-back week-end: Friday CEST, Monday CET',
    cal: BERLIN_OFFICE,
    from: '2026-10-23T16:00:00+02:00',
    minutes: 120,
    due: '2026-10-26T09:00:00+01:00',
  },
  {
    name: 'America/New_York spring-forward week-end',
    cal: NEW_YORK_OFFICE,
    from: '2026-03-06T16:00:00-05:00',
    minutes: 120,
    due: '2026-03-09T10:00:00-04:00',
  },
  {
    name: 'America/New_York fall-back week-end',
    cal: NEW_YORK_OFFICE,
    from: '2026-10-30T16:00:00-04:00',
    minutes: 120,
    due: '2026-11-02T10:00:00-05:00',
  },
  {
    name: "Berlin night desk across the spring-forward week-end: Friday's 8 h shift, then Monday night in CEST",
    cal: nightDesk('Europe/Berlin'),
    from: '2026-03-27T22:00:00+01:00',
    minutes: 8 * 60 + 60,
    due: '2026-03-30T23:00:00+02:00',
  },
  {
    name: '24/7 is elapsed time',
    cal: { always: true },
    from: '2026-12-23T16:30:00+01:00',
    minutes: 120,
    due: '2026-12-23T17:30:00+00:00',
  },
]

describe('business-time arithmetic: hand-checked due instants', () => {
  it.each(ADD_CASES)('$name', ({ cal, from, minutes, due }) => {
    const c = compileCalendar(cal)
    const t = c.add(ms(from), minutes * MIN)
    expect(formatInstant(t, c.timezone)).toBe(due)
    // And back: the business time between them is what was added.
    expect(c.between(ms(from), t)).toBe(minutes * MIN)
  })
})

/** Hand-checked: business minutes between two instants. */
const BETWEEN_CASES: Array<{
  name: string
  cal: CalendarSpec
  from: string
  to: string
  minutes: number
}> = [
  {
    name: 'two intervals: 10:00-15:00 holds 2 h before lunch and 2 h after',
    cal: BERLIN_OFFICE,
    from: '2026-11-30T10:00:00+01:00',
    to: '2026-11-30T15:00:00+01:00',
    minutes: 240,
  },
  {
    name: 'a week-end holds nothing',
    cal: BERLIN_OFFICE,
    from: '2026-11-28T00:00:00+01:00',
    to: '2026-11-30T00:00:00+01:00',
    minutes: 0,
  },
  {
    name: 'Christmas holidays hold nothing (Thu 24, Fri 25, Sat 26)',
    cal: BERLIN_OFFICE,
    from: '2026-12-23T17:00:00+01:00',
    to: '2026-12-28T08:00:00+01:00',
    minutes: 0,
  },
  {
    name: 'Europe/Berlin spring-forward day, open all day: 23 h',
    cal: everyDay('Europe/Berlin', [['00:00', '24:00']]),
    from: '2026-03-29T00:00:00+01:00',
    to: '2026-03-30T00:00:00+02:00',
    minutes: 23 * 60,
  },
  {
    name: 'Europe/Berlin fall-back day, open all day: 25 h',
    cal: everyDay('Europe/Berlin', [['00:00', '24:00']]),
    from: '2026-10-25T00:00:00+02:00',
    to: '2026-10-26T00:00:00+01:00',
    minutes: 25 * 60,
  },
  {
    name: 'Europe/Berlin night shift 22:00-06:00 over the spring-forward night: 7 h',
    cal: everyDay('Europe/Berlin', [['22:00', '06:00']]),
    from: '2026-03-28T12:00:00+01:00',
    to: '2026-03-29T12:00:00+02:00',
    minutes: 7 * 60,
  },
  {
    name: 'Europe/Berlin night shift 22:00-06:00 over the fall-back night: 9 h',
    cal: everyDay('Europe/Berlin', [['22:00', '06:00']]),
    from: '2026-10-24T12:00:00+02:00',
    to: '2026-10-25T12:00:00+01:00',
    minutes: 9 * 60,
  },
  {
    name: 'America/New_York 00:00-06:00 on the spring-forward night: 5 h',
    cal: everyDay('America/New_York', [['00:00', '06:00']]),
    from: '2026-03-08T00:00:00-05:00',
    to: '2026-03-08T12:00:00-04:00',
    minutes: 5 * 60,
  },
  {
    name: 'America/New_York 00:00-06:00 on the fall-back night: 7 h',
    cal: everyDay('America/New_York', [['00:00', '06:00']]),
    from: '2026-11-01T00:00:00-04:00',
    to: '2026-11-01T12:00:00-05:00',
    minutes: 7 * 60,
  },
  {
    name: 'a holiday closes the after-midnight tail of the night before (Tue 22-24 counts, Wed is closed, Wed night counts from Thu 00:00)',
    cal: nightDesk('Europe/Berlin', ['2026-12-02']),
    from: '2026-12-01T12:00:00+01:00',
    to: '2026-12-03T12:00:00+01:00',
    minutes: 120 + 360,
  },
  {
    name: 'reversed instants give 0, never a negative time',
    cal: BERLIN_OFFICE,
    from: '2026-11-30T15:00:00+01:00',
    to: '2026-11-30T10:00:00+01:00',
    minutes: 0,
  },
]

describe('business-time arithmetic: hand-checked business minutes between', () => {
  it.each(BETWEEN_CASES)('$name', ({ cal, from, to, minutes }) => {
    expect(compileCalendar(cal).between(ms(from), ms(to))).toBe(minutes * MIN)
  })
})

describe('calendars', () => {
  it('reads a local time inside the spring-forward gap with the offset before it (RFC 5545 §3.3.5)', () => {
    // Sunday 02:30-04:00 in Berlin on 29 March 2026: 02:30 does not exist and means 03:30 CEST.
    const c = compileCalendar({ timezone: 'Europe/Berlin', week: { sun: [['02:30', '04:00']] } })
    expect(c.intervals(ms('2026-03-29T00:00:00Z'), ms('2026-03-30T00:00:00Z'))).toEqual([
      [ms('2026-03-29T01:30:00Z'), ms('2026-03-29T02:00:00Z')],
    ])
  })

  it('reads a local time that occurs twice (fall-back) as its first occurrence (RFC 5545 §3.3.5)', () => {
    // Sunday 02:30-05:00 in Berlin on 25 October 2026: 02:30 first happens at 00:30Z (CEST).
    const c = compileCalendar({ timezone: 'Europe/Berlin', week: { sun: [['02:30', '05:00']] } })
    expect(c.intervals(ms('2026-10-25T00:00:00Z'), ms('2026-10-26T00:00:00Z'))).toEqual([
      [ms('2026-10-25T00:30:00Z'), ms('2026-10-25T04:00:00Z')],
    ])
  })

  it('merges touching and overlapping intervals and keeps them sorted', () => {
    const c = compileCalendar({
      timezone: 'UTC',
      week: {
        mon: [
          ['13:00', '17:00'],
          ['08:00', '12:00'],
          ['11:00', '13:00'],
        ],
      },
    })
    expect(c.intervals(ms('2026-11-30T00:00:00Z'), ms('2026-12-01T00:00:00Z'))).toEqual([
      [ms('2026-11-30T08:00:00Z'), ms('2026-11-30T17:00:00Z')],
    ])
  })

  it('rejects unknown zones, malformed times, empty weeks and zero-length intervals', () => {
    expect(() =>
      compileCalendar({ timezone: 'Mars/Olympus', week: { mon: [['08:00', '17:00']] } }),
    ).toThrow(/time zone/)
    expect(() => compileCalendar({ timezone: 'UTC', week: { mon: [['8:00', '17:00']] } })).toThrow(
      /HH:MM/,
    )
    expect(() => compileCalendar({ timezone: 'UTC', week: {} })).toThrow(
      /at least one business interval/,
    )
    expect(() => compileCalendar({ timezone: 'UTC', week: { mon: [['09:00', '09:00']] } })).toThrow(
      /interval/,
    )
  })

  it('formats instants with the zone offset in force at that instant', () => {
    expect(formatInstant(ms('2026-07-01T10:00:00Z'), 'Europe/Berlin')).toBe(
      '2026-07-01T12:00:00+02:00',
    )
    expect(formatInstant(ms('2026-01-01T10:00:00Z'), 'America/New_York')).toBe(
      '2026-01-01T05:00:00-05:00',
    )
    expect(formatInstant(ms('2026-01-01T10:00:00.250Z'), 'Asia/Kolkata')).toBe(
      '2026-01-01T15:30:00.250+05:30',
    )
  })

  it('spans long gaps between business time and far-apart instants', () => {
    // Open only on Mondays 09:00-10:00 UTC: 10 hours of business time is ten Mondays later.
    const c = compileCalendar({ timezone: 'UTC', week: { mon: [['09:00', '10:00']] } })
    const from = ms('2026-11-30T10:00:00Z')
    const due = c.add(from, 600 * MIN)
    expect(new Date(due).toISOString()).toBe('2027-02-08T10:00:00.000Z')
    expect(c.between(from, due)).toBe(600 * MIN)
  })
})
