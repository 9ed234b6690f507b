import type { Clock } from '../../shared/clock'

/** The only place in the core that reads the wall clock; everything else gets a Clock. */
export const systemClock: Clock = { now: () => new Date() }
