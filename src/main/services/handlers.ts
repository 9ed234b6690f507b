import type { Core } from '../core/core'
import type { Handlers } from '../core/dispatch'
import { appHandlers } from './app-handlers'
import { composeHandlers } from './compose-handlers'
import { consoleHandlers } from './console-handlers'
import { mailHandlers } from './mail-handlers'
import { syncHandlers } from './sync-handlers'
import { teamHandlers } from './team-handlers'
import { viewerHandlers } from './viewer-handlers'
import { workspaceHandlers } from './workspace-handlers'

/**
 * The one handler table behind both transports (and the CLI). Each feature adds its
 * slice; the `Handlers` type makes a missing or extra call a compile error.
 */
export function createHandlers(core: Core): Handlers {
  return {
    ...appHandlers(core),
    ...mailHandlers(core),
    ...syncHandlers(core, core.sync),
    ...consoleHandlers(core),
    ...composeHandlers(core),
    ...viewerHandlers(core),
    ...teamHandlers(core),
    ...workspaceHandlers(core),
  }
}
