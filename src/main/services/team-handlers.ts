import type { Core } from '../core/core'
import type { HandlerSlice } from '../core/dispatch'

/** Handlers for agents and teams, assignment and order types. */
export function teamHandlers(core: Core): HandlerSlice<never> {
  void core
  return {}
}
