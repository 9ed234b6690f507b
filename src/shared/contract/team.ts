import { call, event } from './define'

/** Calls for agents and teams, assignment and order types. */
export const teamCalls = {}

export const teamEvents = {}

// Keep the imports used until the first call lands.
void call
void event
