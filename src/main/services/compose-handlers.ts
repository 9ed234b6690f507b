import type { Core } from '../core/core'
import type { HandlerSlice } from '../core/dispatch'

/** Handlers for replies beyond a plain reply (reply-all, forward, templates with account fields, internal notes, send-time checks). */
export function composeHandlers(core: Core): HandlerSlice<never> {
  void core
  return {}
}
