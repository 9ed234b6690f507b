import { call, event } from './define'

/** Calls for which workspace this is (demo or real) and its connection settings. */
export const workspaceCalls = {}

export const workspaceEvents = {}

// Keep the imports used until the first call lands.
void call
void event
