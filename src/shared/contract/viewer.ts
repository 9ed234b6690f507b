import { call, event } from './define'

/** Calls for the mail viewer's side effects: attachments saved to disk, remote images allowed per sender, links opened outside. */
export const viewerCalls = {}

export const viewerEvents = {}

// Keep the imports used until the first call lands.
void call
void event
