import type { Core } from '../core/core'
import type { HandlerSlice } from '../core/dispatch'

/** Handlers for which workspace this is (demo or real) and its connection settings. */
export function workspaceHandlers(core: Core): HandlerSlice<never> {
  void core
  return {}
}
