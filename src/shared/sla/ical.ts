/**
 * Holiday dates from an iCalendar file (RFC 5545), for a calendar's `holidays` list.
 *
 * Rules:
 * - Every VEVENT is a closed period. An all-day event (`DTSTART;VALUE=DATE`) covers its
 *   start date up to, not including, its DTEND date (RFC 5545 §3.6.1: DTEND is
 *   non-inclusive); without DTEND or DURATION it covers one day.
 * - A timed event closes the local date it starts on (holiday feeds use these for half-days;
 *   we keep whole dates: business hours are set by the weekday intervals).
 * - Recurring events (RRULE/RDATE/EXDATE) are expanded by ical.js, only within
 *   `[from, to]`, so a yearly "Christmas Day" rule yields one date per year asked for.
 */
import ICAL from 'ical.js'

const DAY_MS = 86_400_000

function dayOf(t: { year: number; month: number; day: number }): number {
  return Date.UTC(t.year, t.month - 1, t.day) / DAY_MS
}

function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

function parseIsoDay(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) throw new RangeError(`expected a date YYYY-MM-DD, got "${iso}"`)
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS
}

/** At most this many occurrences per recurring event (a daily rule over decades stays bounded). */
const MAX_OCCURRENCES = 10_000

/**
 * The holiday dates (`YYYY-MM-DD`, sorted, unique) that the iCalendar text closes between
 * `from` and `to` inclusive.
 */
export function holidaysFromIcal(text: string, range: { from: string; to: string }): string[] {
  const from = parseIsoDay(range.from)
  const to = parseIsoDay(range.to)
  const root = new ICAL.Component(ICAL.parse(text))
  const days = new Set<number>()
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(vevent)
    const start = event.startDate
    if (!start) continue
    // Length in days of one occurrence (all-day: DTEND exclusive; timed: its start date).
    let span = 1
    if (start.isDate) {
      const end = event.endDate
      if (end) span = Math.max(1, dayOf(end) - dayOf(start))
    }
    const addOccurrence = (first: number) => {
      for (let d = first; d < first + span; d++) if (d >= from && d <= to) days.add(d)
    }
    if (event.isRecurring()) {
      const it = event.iterator()
      for (let n = 0; n < MAX_OCCURRENCES; n++) {
        const next = it.next()
        if (!next) break
        const d = dayOf(next)
        if (d > to) break
        addOccurrence(d)
      }
    } else {
      addOccurrence(dayOf(start))
    }
  }
  return [...days].sort((a, b) => a - b).map(isoOf)
}
