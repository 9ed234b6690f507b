import { call, event } from './define'

/** Calls for replies beyond a plain reply (reply-all, forward, templates with account fields, internal notes, send-time checks). */
export const composeCalls = {}

export const composeEvents = {}

// Keep the imports used until the first call lands.
void call
void event
