/**
 * Time is injected everywhere: domain code never reads the wall clock, so two clients
 * given the same data and the same `now` compute the same SLA state and reports.
 */
export interface Clock {
  now(): Date
}

/** A clock fixed at (or advanced from) a given instant, for tests, simulations and the CLI's `--at`. */
export function fixedClock(
  at: Date | string | number,
): Clock & { set(to: Date | string | number): void; advance(ms: number): void } {
  let current = new Date(at).getTime()
  return {
    now: () => new Date(current),
    set: (to) => {
      current = new Date(to).getTime()
    },
    advance: (ms) => {
      current += ms
    },
  }
}
