import { describe, expect, it } from 'vitest'
import { compileCalendar, holidaysFromIcal } from '../../../src/shared/sla'
import { MIN, ms } from './fixtures'

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Kontor//Holidays test//EN',
  'BEGIN:VEVENT',
  'UID:christmas@test',
  'DTSTAMP:20260101T000000Z',
  'DTSTART;VALUE=DATE:20241224',
  'DTEND;VALUE=DATE:20241227',
  'RRULE:FREQ=YEARLY',
  'SUMMARY:Christmas (24-26 Dec)',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:unity@test',
  'DTSTAMP:20260101T000000Z',
  'DTSTART;VALUE=DATE:20261003',
  'SUMMARY:Tag der Deutschen Einheit',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:offsite@test',
  'DTSTAMP:20260101T000000Z',
  'DTSTART;TZID=Europe/Berlin:20261106T090000',
  'DTEND;TZID=Europe/Berlin:20261106T170000',
  'SUMMARY:Team offsite',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n')

describe('holidays from iCalendar', () => {
  it('expands all-day, multi-day (DTEND exclusive), recurring and timed events within the range', () => {
    expect(holidaysFromIcal(ICS, { from: '2026-01-01', to: '2027-12-31' })).toEqual([
      '2026-10-03',
      '2026-11-06',
      '2026-12-24',
      '2026-12-25',
      '2026-12-26',
      '2027-12-24',
      '2027-12-25',
      '2027-12-26',
    ])
  })

  it('feeds a calendar that then skips those days', () => {
    const holidays = holidaysFromIcal(ICS, { from: '2026-01-01', to: '2026-12-31' })
    const office: Array<[string, string]> = [['09:00', '17:00']]
    const c = compileCalendar({
      timezone: 'Europe/Berlin',
      week: { mon: office, tue: office, wed: office, thu: office, fri: office },
      holidays,
    })
    // Thursday 5 to Monday 9 November 2026: Thu (8 h), Fri 6 is the offsite, week-end, Mon (8 h).
    expect(c.between(ms('2026-11-05T00:00:00+01:00'), ms('2026-11-10T00:00:00+01:00'))).toBe(
      16 * 60 * MIN,
    )
  })

  it('rejects a malformed range', () => {
    expect(() => holidaysFromIcal(ICS, { from: '2026-1-1', to: '2026-12-31' })).toThrow(
      /YYYY-MM-DD/,
    )
  })
})
