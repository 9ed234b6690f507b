import type { Core } from '../core/core'
import type { HandlerSlice } from '../core/dispatch'

type ConsoleCall = 'console:queues' | 'console:tickets'

/** The console's queues and their rows, from the core's live queue service. */
export function consoleHandlers(core: Core): HandlerSlice<ConsoleCall> {
  return {
    'console:queues': () => core.queues.queues(),
    'console:tickets': (input) => core.queues.tickets(input),
  }
}
