/**
 * Live SLA state for all open tickets, kept incrementally for the console's countdowns.
 *
 * - Each ticket's clocks are a fold of its events (clocks.ts). A new event later than the
 *   ticket's last one is folded in as one step; an out-of-order one replays that ticket only.
 * - Figures at any `now` are evaluated from the folded clocks on demand (a few calendar
 *   look-ups), so a view ticking every second evaluates only the rows it shows.
 * - A metric's state changes by time alone only at instants fixed by its clocks (at risk,
 *   then due). They sit in a min-heap: `nextChangeAt()` tells the timer when to wake, and
 *   `advance(now)` names the tickets whose state changed, which are the only ones to pass
 *   to `newEscalations`.
 *
 * A constructed object, no module state; time comes in as `now` arguments.
 */
import {
  type ClockSettings,
  type TicketClocks,
  type TicketSla,
  applyEvent,
  evaluateClocks,
  replayClocks,
  stateChangeInstants,
} from './clocks'
import { type SlaEvent, compareEvents, sortEvents } from './events'

export interface TrackedTicket {
  id: string
  settings: ClockSettings
  events: readonly SlaEvent[]
}

interface Entry {
  settings: ClockSettings
  events: SlaEvent[]
  clocks: TicketClocks
  version: number
  /** How many of the heap's entries are this version's (live). */
  scheduled: number
}

interface Pending {
  at: number
  id: string
  version: number
}

export class SlaTracker {
  private readonly tickets = new Map<string, Entry>()
  private heap: Pending[] = []
  private versions = 0
  /** Heap entries that are not stale; the rest are dropped lazily or by `compact`. */
  private live = 0

  get size(): number {
    return this.tickets.size
  }

  /** Add or replace a ticket (its events in any order). */
  set(ticket: TrackedTicket): void {
    const events = sortEvents(ticket.events)
    this.store(ticket.id, ticket.settings, events, replayClocks(events, ticket.settings))
  }

  /** One new event on a known ticket; returns false if the ticket is not tracked. */
  append(id: string, event: SlaEvent): boolean {
    const entry = this.tickets.get(id)
    if (!entry) return false
    const last = entry.events[entry.events.length - 1]
    if (last === undefined || compareEvents(last, event) <= 0) {
      entry.events.push(event)
      applyEvent(entry.clocks, event)
      this.schedule(id, entry)
    } else {
      const events = sortEvents([...entry.events, event])
      this.store(id, entry.settings, events, replayClocks(events, entry.settings))
    }
    return true
  }

  remove(id: string): void {
    // Its heap entries become stale (no entry) and are dropped when reached.
    const entry = this.tickets.get(id)
    if (entry) this.live -= entry.scheduled
    this.tickets.delete(id)
  }

  has(id: string): boolean {
    return this.tickets.has(id)
  }

  ids(): IterableIterator<string> {
    return this.tickets.keys()
  }

  /** Figures of one ticket at `now` (not before its last event). */
  figures(id: string, now: number): TicketSla | undefined {
    const entry = this.tickets.get(id)
    return entry ? evaluateClocks(entry.clocks, now) : undefined
  }

  /** The earliest instant at which some ticket's state changes by time alone, or null. */
  nextChangeAt(): number | null {
    this.dropStale()
    return this.heap[0]?.at ?? null
  }

  /** Tickets whose state changed by time alone at or before `now` since the last call (sorted ids). */
  advance(now: number): string[] {
    const changed = new Set<string>()
    for (;;) {
      this.dropStale()
      const top = this.heap[0]
      if (!top || top.at > now) break
      this.pop()
      const entry = this.tickets.get(top.id) as Entry
      entry.scheduled--
      this.live--
      changed.add(top.id)
    }
    return [...changed].sort()
  }

  private store(
    id: string,
    settings: ClockSettings,
    events: SlaEvent[],
    clocks: TicketClocks,
  ): void {
    const previous = this.tickets.get(id)
    if (previous) this.live -= previous.scheduled
    const entry: Entry = { settings, events, clocks, version: 0, scheduled: 0 }
    this.tickets.set(id, entry)
    this.schedule(id, entry)
  }

  private schedule(id: string, entry: Entry): void {
    // A new version makes the ticket's earlier heap entries stale.
    this.live -= entry.scheduled
    entry.version = ++this.versions
    const instants = stateChangeInstants(entry.clocks)
    for (const at of instants) this.push({ at, id, version: entry.version })
    entry.scheduled = instants.length
    this.live += instants.length
    // Stale entries pile up as tickets change; rebuild once they are most of the heap
    // (amortised O(1) per change: a rebuild follows at least as many changes as it keeps).
    if (this.heap.length > 1024 && this.heap.length > 2 * this.live) this.compact()
  }

  private isStale(p: Pending): boolean {
    return this.tickets.get(p.id)?.version !== p.version
  }

  private dropStale(): void {
    while (this.heap.length > 0 && this.isStale(this.heap[0] as Pending)) this.pop()
  }

  private compact(): void {
    const live = this.heap.filter((p) => !this.isStale(p))
    this.heap = []
    for (const p of live) this.push(p)
  }

  /** Entries in the heap, live and stale (for tests of its upkeep). */
  get pendingEntries(): number {
    return this.heap.length
  }

  private push(p: Pending): void {
    const h = this.heap
    h.push(p)
    let i = h.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if ((h[parent] as Pending).at <= p.at) break
      h[i] = h[parent] as Pending
      i = parent
    }
    h[i] = p
  }

  private pop(): void {
    const h = this.heap
    const last = h.pop()
    if (last === undefined || h.length === 0) return
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      let mAt = last.at
      if (l < h.length && (h[l] as Pending).at < mAt) {
        m = l
        mAt = (h[l] as Pending).at
      }
      if (r < h.length && (h[r] as Pending).at < mAt) m = r
      if (m === i) break
      h[i] = h[m] as Pending
      i = m
    }
    h[i] = last
  }
}
