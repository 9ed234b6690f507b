import type { CalendarSpec } from '../../../src/shared/sla'

const OFFICE: Array<[string, string]> = [
  ['08:00', '12:00'],
  ['13:00', '17:00'],
]

/** Mon-Fri 08:00-12:00 and 13:00-17:00 in Europe/Berlin, closed 24-26 December 2026. */
export const BERLIN_OFFICE: CalendarSpec = {
  timezone: 'Europe/Berlin',
  week: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE },
  holidays: ['2026-12-24', '2026-12-25', '2026-12-26'],
}

/** Mon-Fri 09:00-17:00 in America/New_York. */
export const NEW_YORK_OFFICE: CalendarSpec = {
  timezone: 'America/New_York',
  week: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:00']]]),
  ),
}

/** A night desk: 22:00 to 06:00 the next morning, starting Monday to Friday evenings. */
export function nightDesk(timezone: string, holidays: string[] = []): CalendarSpec {
  const night: Array<[string, string]> = [['22:00', '06:00']]
  return {
    timezone,
    week: { mon: night, tue: night, wed: night, thu: night, fri: night },
    holidays,
  }
}

/** Every day of the week, as given. */
export function everyDay(timezone: string, intervals: Array<[string, string]>): CalendarSpec {
  return {
    timezone,
    week: Object.fromEntries(
      ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, intervals]),
    ),
  }
}

export const ms = (iso: string): number => Date.parse(iso)
export const MIN = 60_000
