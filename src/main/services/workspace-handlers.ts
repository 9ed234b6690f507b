import type { WorkspaceCallName } from '../../shared/contract/workspace'
import { KontorError } from '../../shared/errors'
import type { Core } from '../core/core'
import type { HandlerSlice } from '../core/dispatch'
import type { WorkspaceControl } from '../workspace/control'

/**
 * Handlers for which workspace this is (demo or real) and its connection settings. They
 * delegate to the workspace host (`src/main/workspace/host.ts`), which owns the main store,
 * the secret vault and the switch; a core started without a host (tests, one-shot CLI
 * commands) has none and says so.
 */
export function workspaceHandlers(core: Core): HandlerSlice<WorkspaceCallName> {
  const host = (): WorkspaceControl => {
    if (!core.workspace)
      throw new KontorError(
        'E_NOT_FOUND',
        'This console was started without workspace settings (start it with "npm start" or "npm run web").',
      )
    return core.workspace
  }
  return {
    'workspace:get': () => host().info(),
    'workspace:testMailbox': (input) => host().testMailbox(input),
    'workspace:saveMailbox': (input) => host().saveMailbox(input),
    'workspace:removeMailbox': async (input) => {
      await host().removeMailbox(input.id)
      return { removed: true }
    },
    'workspace:connectServer': (input) => host().connectServer(input),
    'workspace:disconnectServer': async () => {
      await host().disconnectServer()
      return { disconnected: true }
    },
    'workspace:switch': (input) => host().switchTo(input.kind),
  }
}
