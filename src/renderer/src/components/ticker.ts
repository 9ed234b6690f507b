import { useSyncExternalStore } from 'react'

/**
 * One shared 1-second clock for every countdown on screen. Each chip subscribes on its
 * own, so a tick re-renders the chips, never the list around them.
 */
type Listener = () => void
const listeners = new Set<Listener>()
let now = Date.now()
let timer: ReturnType<typeof setInterval> | null = null

function subscribe(listener: Listener): () => void {
  listeners.add(listener)
  if (!timer) {
    timer = setInterval(() => {
      now = Date.now()
      for (const l of listeners) l()
    }, 1000)
  }
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && timer) {
      clearInterval(timer)
      timer = null
    }
  }
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now)
}

/** For tests: drive the shared clock by hand. */
export function setTickerNow(value: number): void {
  now = value
  for (const l of listeners) l()
}
