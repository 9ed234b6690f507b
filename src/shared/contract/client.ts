import type { Result } from '../result'
import type { CallInput, CallName, CallOutput, EventName, EventPayload } from './index'

/**
 * What a transport must provide: send one call, subscribe to one event.
 * Electron's preload bridge and the web-mode WebSocket both implement this.
 */
export interface Transport {
  invoke(name: string, input: unknown): Promise<Result<unknown>>
  subscribe(name: string, listener: (payload: unknown) => void): () => void
}

export interface ContractClient {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<Result<CallOutput<K>>>
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void
}

/** The one typed client the renderer uses, over whichever transport is present. */
export function createContractClient(transport: Transport): ContractClient {
  return {
    call: async <K extends CallName>(name: K, input: CallInput<K>) =>
      (await transport.invoke(name, input)) as Result<CallOutput<K>>,
    on: <K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void) =>
      transport.subscribe(name, (payload) => listener(payload as EventPayload<K>)),
  }
}
