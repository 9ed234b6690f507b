/**
 * Business calendars and business-time arithmetic.
 *
 * No package the field trusts does business-time arithmetic, so this file does it itself,
 * small and with the rule each step follows written next to it. Everything is in integer
 * epoch milliseconds; wall-clock times are turned into instants through the IANA time zone
 * data (via @date-fns/tz `tzOffset`), never through hand-made offsets.
 *
 * The rules:
 * 1. A calendar is a time zone plus, per weekday, a list of wall-clock intervals
 *    `[start, end)`. An interval whose end is not after its start is overnight: it ends at
 *    `end` on the next local day. `24:00` means the next local midnight.
 * 2. Wall-clock times become instants by RFC 5545 §3.3.5: a local time that occurs twice
 *    (fall-back) means its first occurrence; a local time that does not exist (spring-forward)
 *    is read with the UTC offset in force before the gap (02:30 becomes 03:30 in
 *    Europe/Berlin). So a business day keeps its wall-clock shape and its real length changes
 *    with the night: `00:00-24:00` is 23 h on the spring-forward day and 25 h on fall-back.
 * 3. A holiday is a local calendar date: every business instant whose local date is the
 *    holiday is removed, including the after-midnight tail of an overnight interval that
 *    started the day before (the office is closed that whole day).
 * 4. Business time between two instants is the length of the overlap of `[from, to)` with
 *    the calendar's business intervals; it is never negative (0 when `to <= from`).
 * 5. Adding `d > 0` business ms to `t` gives the earliest instant `u` with
 *    `between(t, u) = d`. So a deadline that uses up an interval exactly lands on the
 *    interval's end (17:00), not on the next opening (08:00 next day). Adding 0 gives `t`.
 */
import { tzOffset } from '@date-fns/tz'
import { z } from 'zod'

export const MINUTE_MS = 60_000
const DAY_MS = 86_400_000
/** Business intervals are cached per fixed UTC window of this length (one week). */
const CHUNK_MS = 7 * DAY_MS
/** Searching further than this for business time means the calendar has (almost) none. */
const MAX_SEARCH_CHUNKS = 52 * 20

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const
export type Weekday = (typeof WEEKDAYS)[number]

/** `true` if `tz` is an IANA zone (or offset) that this runtime's Intl data knows. */
export function isKnownTimeZone(tz: string): boolean {
  return Number.isFinite(tzOffset(tz, new Date(0)))
}

const WALL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/
const wallTime = z.string().regex(WALL_TIME, 'expected HH:MM (00:00 to 24:00)')
const interval = z
  .tuple([wallTime, wallTime])
  .refine(
    ([a, b]) => a !== b && !(a === '24:00'),
    'an interval needs a start before 24:00 and an end different from its start',
  )

const isoDate = z.iso.date()

export const CalendarSpecSchema = z.union([
  z
    .object({
      always: z.literal(true),
      /** Only used to print instants with the right offset; 24/7 has no business hours. */
      timezone: z.string().refine(isKnownTimeZone, 'unknown time zone').optional(),
    })
    .strict(),
  z
    .object({
      timezone: z.string().refine(isKnownTimeZone, 'unknown IANA time zone'),
      week: z
        .object(
          Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(interval).optional()])) as Record<
            Weekday,
            z.ZodOptional<z.ZodArray<typeof interval>>
          >,
        )
        .strict()
        .refine(
          (week) => WEEKDAYS.some((d) => (week[d] ?? []).length > 0),
          'a calendar needs at least one business interval in the week (or use {"always": true})',
        ),
      holidays: z.array(isoDate).default([]),
    })
    .strict(),
])
export type CalendarSpec = z.input<typeof CalendarSpecSchema>

/** One cached window of business intervals, sorted, disjoint, clipped to the window. */
interface Chunk {
  starts: number[]
  ends: number[]
  /** `cum[i]`: business ms in the window before interval `i`. */
  cum: number[]
  total: number
}

/** A calendar ready for arithmetic. Build once per calendar and share it between tickets. */
export interface BusinessCalendar {
  readonly timezone: string
  readonly always: boolean
  /** Business ms in `[from, to)`; 0 if `to <= from` (rule 4). */
  between(from: number, to: number): number
  /** The earliest instant `u >= from` with `between(from, u) === ms` (rule 5). */
  add(from: number, ms: number): number
  /** The sorted business intervals overlapping `[from, to)`, clipped to it (for tests and display). */
  intervals(from: number, to: number): Array<[number, number]>
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
}

/** Days since 1970-01-01 of an ISO date `YYYY-MM-DD` (the date as a label, no zone). */
function dayNumber(isoDay: string): number {
  return (
    Date.UTC(
      Number(isoDay.slice(0, 4)),
      Number(isoDay.slice(5, 7)) - 1,
      Number(isoDay.slice(8, 10)),
    ) / DAY_MS
  )
}

/** 24/7: business time is elapsed time. */
function alwaysCalendar(timezone: string): BusinessCalendar {
  return {
    timezone,
    always: true,
    between: (from, to) => (to > from ? to - from : 0),
    add: (from, ms) => from + Math.max(0, ms),
    intervals: (from, to) => (to > from ? [[from, to]] : []),
  }
}

export function compileCalendar(input: CalendarSpec): BusinessCalendar {
  const spec = CalendarSpecSchema.parse(input)
  if ('always' in spec) return alwaysCalendar(spec.timezone ?? 'UTC')
  const tz = spec.timezone
  // Per weekday (0 = Sunday): [startMinute, endMinute] from local midnight of that day;
  // an overnight end is past 1440 (rule 1).
  const byWeekday: Array<Array<[number, number]>> = WEEKDAYS.map((d) =>
    (spec.week[d] ?? []).map(([a, b]) => {
      const s = minutesOf(a)
      const e = minutesOf(b)
      return [s, e > s ? e : e + 1440]
    }),
  )
  const holidays = new Set(spec.holidays.map(dayNumber))
  const offsetCache = new Map<number, number>()
  const offsetAt = (t: number): number => {
    let o = offsetCache.get(t)
    if (o === undefined) {
      o = tzOffset(tz, new Date(t))
      offsetCache.set(t, o)
    }
    return o
  }

  /**
   * The instant of local wall time `minutes` after midnight of local day `day` (rule 2,
   * RFC 5545 §3.3.5). Offsets in force a day before and a day after bracket any transition
   * near this wall time; a candidate is real if the zone gives it back its own offset.
   */
  const wallToInstant = (day: number, minutes: number): number => {
    const wall = day * DAY_MS + minutes * MINUTE_MS
    const before = offsetAt(wall - DAY_MS)
    const after = offsetAt(wall + DAY_MS)
    const tBefore = wall - before * MINUTE_MS
    const tAfter = wall - after * MINUTE_MS
    const realBefore = offsetAt(tBefore) === before
    const realAfter = offsetAt(tAfter) === after
    if (realBefore && realAfter) return Math.min(tBefore, tAfter) // occurs twice: the first one
    if (realAfter) return tAfter
    // Exists once with the earlier offset, or not at all (in the gap): either way the
    // offset before the transition is the one to read it with.
    return tBefore
  }

  const chunks = new Map<number, Chunk>()
  const buildChunk = (k: number): Chunk => {
    const winStart = k * CHUNK_MS
    const winEnd = winStart + CHUNK_MS
    // Offsets are within ±14 h and intervals last at most 48 h from their day's midnight,
    // so local days from two before to one after the window's UTC days cover it.
    const firstDay = Math.floor(winStart / DAY_MS) - 2
    const lastDay = Math.floor(winEnd / DAY_MS) + 1
    const raw: Array<[number, number]> = []
    const closed: Array<[number, number]> = []
    for (let day = firstDay; day <= lastDay; day++) {
      const weekday = new Date(day * DAY_MS).getUTCDay()
      for (const [s, e] of byWeekday[weekday] ?? []) {
        const a = wallToInstant(day, s)
        const b = wallToInstant(day, e)
        if (b > a) raw.push([a, b])
      }
      if (holidays.has(day)) closed.push([wallToInstant(day, 0), wallToInstant(day, 1440)])
    }
    raw.sort((x, y) => x[0] - y[0] || x[1] - y[1])
    // Merge overlapping or touching intervals so the list is disjoint.
    const merged: Array<[number, number]> = []
    for (const [a, b] of raw) {
      const last = merged[merged.length - 1]
      if (last && a <= last[1]) last[1] = Math.max(last[1], b)
      else merged.push([a, b])
    }
    // Remove holidays (rule 3), then clip to the window.
    let open = merged
    for (const [ha, hb] of closed) {
      const next: Array<[number, number]> = []
      for (const [a, b] of open) {
        if (b <= ha || a >= hb) next.push([a, b])
        else {
          if (a < ha) next.push([a, ha])
          if (b > hb) next.push([hb, b])
        }
      }
      open = next
    }
    const chunk: Chunk = { starts: [], ends: [], cum: [], total: 0 }
    for (const [a0, b0] of open) {
      const a = Math.max(a0, winStart)
      const b = Math.min(b0, winEnd)
      if (b <= a) continue
      chunk.starts.push(a)
      chunk.ends.push(b)
      chunk.cum.push(chunk.total)
      chunk.total += b - a
    }
    return chunk
  }
  const chunkAt = (k: number): Chunk => {
    let c = chunks.get(k)
    if (!c) {
      c = buildChunk(k)
      chunks.set(k, c)
    }
    return c
  }

  /** Index of the last interval starting at or before `t`, or -1. */
  const lastStartingBy = (c: Chunk, t: number): number => {
    let lo = 0
    let hi = c.starts.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if ((c.starts[mid] as number) <= t) {
        found = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    return found
  }
  /** Business ms in the chunk from its window start up to `t` (t inside the window). */
  const cumTo = (c: Chunk, t: number): number => {
    const i = lastStartingBy(c, t)
    if (i < 0) return 0
    return (c.cum[i] as number) + Math.min(t, c.ends[i] as number) - (c.starts[i] as number)
  }

  const between = (from: number, to: number): number => {
    if (!(to > from)) return 0
    const kFrom = Math.floor(from / CHUNK_MS)
    const kTo = Math.floor(to / CHUNK_MS)
    const first = chunkAt(kFrom)
    if (kFrom === kTo) return cumTo(first, to) - cumTo(first, from)
    let sum = first.total - cumTo(first, from)
    for (let k = kFrom + 1; k < kTo; k++) sum += chunkAt(k).total
    return sum + cumTo(chunkAt(kTo), to)
  }

  const add = (from: number, ms: number): number => {
    if (!(ms > 0)) return from
    let k = Math.floor(from / CHUNK_MS)
    let c = chunkAt(k)
    let base = cumTo(c, from) // business ms already behind us in this window
    let need = ms
    for (let guard = 0; guard < MAX_SEARCH_CHUNKS; guard++) {
      if (base + need <= c.total) {
        // The earliest interval i whose end reaches the goal: cum[i] + len(i) >= goal.
        const goal = base + need
        let lo = 0
        let hi = c.starts.length - 1
        while (lo < hi) {
          const mid = (lo + hi) >> 1
          const endCum =
            (c.cum[mid] as number) + (c.ends[mid] as number) - (c.starts[mid] as number)
          if (endCum >= goal) hi = mid
          else lo = mid + 1
        }
        return (c.starts[lo] as number) + goal - (c.cum[lo] as number)
      }
      need -= c.total - base
      k += 1
      c = chunkAt(k)
      base = 0
    }
    throw new RangeError(
      `calendar ${tz} has no business time within 20 years of ${new Date(from).toISOString()}`,
    )
  }

  const intervals = (from: number, to: number): Array<[number, number]> => {
    const out: Array<[number, number]> = []
    if (!(to > from)) return out
    for (let k = Math.floor(from / CHUNK_MS); k <= Math.floor(to / CHUNK_MS); k++) {
      const c = chunkAt(k)
      for (let i = 0; i < c.starts.length; i++) {
        const a = Math.max(c.starts[i] as number, from)
        const b = Math.min(c.ends[i] as number, to)
        if (b <= a) continue
        // Intervals split only by the cache window are joined back for the caller.
        const last = out[out.length - 1]
        if (last && last[1] === a) last[1] = b
        else out.push([a, b])
      }
    }
    return out
  }

  return { timezone: tz, always: false, between, add, intervals }
}

/** ISO 8601 with the calendar zone's offset at that instant, e.g. `2026-12-28T10:30:00+01:00`. */
export function formatInstant(t: number, timezone: string): string {
  const offset = tzOffset(timezone, new Date(t))
  const local = new Date(t + offset * MINUTE_MS).toISOString().slice(0, 19)
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  const hh = String(Math.floor(abs / 60)).padStart(2, '0')
  const mm = String(abs % 60).padStart(2, '0')
  const ms = t % 1000 === 0 ? '' : `.${String(((t % 1000) + 1000) % 1000).padStart(3, '0')}`
  return `${local}${ms}${sign}${hh}:${mm}`
}
