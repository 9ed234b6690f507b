import type { EventName, EventPayload } from '../../shared/contract'

type Listener<K extends EventName> = (payload: EventPayload<K>) => void

/**
 * Typed events from the core to whichever transports are attached (IPC, web socket).
 * A constructed service, not module state: each core has its own bus.
 */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>()
  private readonly anyListeners = new Set<(name: EventName, payload: unknown) => void>()

  on<K extends EventName>(name: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(name)
    if (!set) {
      set = new Set()
      this.listeners.set(name, set)
    }
    set.add(listener as Listener<EventName>)
    return () => set.delete(listener as Listener<EventName>)
  }

  /** Every event, for transports that forward all of them. */
  onAny(listener: (name: EventName, payload: unknown) => void): () => void {
    this.anyListeners.add(listener)
    return () => this.anyListeners.delete(listener)
  }

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    for (const listener of this.listeners.get(name) ?? []) (listener as Listener<K>)(payload)
    for (const listener of this.anyListeners) listener(name, payload)
  }
}
