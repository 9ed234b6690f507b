/** The SLA engine: pure and deterministic, `now` always passed in. See each module's header for its rules. */
export * from './calendar'
export * from './clocks'
export * from './escalation'
export * from './events'
export * from './ical'
export * from './policy'
export * from './scenario'
export * from './tracker'
