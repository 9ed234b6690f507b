import type { Worker } from 'node:worker_threads'
import { spawnEntryWorker } from '../core/workers'
import type { BusinessRefPattern } from '../../shared/mail/business-refs'
import { envelopeOf, type FetchedEnvelope } from './envelope'
import type { BodyRecord, FlagChange, FolderRow, MailStore } from './store'
import { updateTickets } from './tickets'

export type TicketUpdate = ReturnType<typeof updateTickets>

export interface StoreWorkerInit {
  dbPath: string
  ownAddresses: string[]
  refPatterns?: BusinessRefPattern[]
}

export type StoreWorkerRequest =
  | {
      id: number
      kind: 'envelopes'
      folder: FolderRow
      uidValidity: string
      batch: FetchedEnvelope[]
    }
  | { id: number; kind: 'bodies'; items: { id: number; body: BodyRecord }[] }
  | {
      id: number
      kind: 'changes'
      folder: FolderRow
      changes: FlagChange[]
      vanished: number[]
      highestModseq: string | null
      now: string
    }
  | { id: number; kind: 'reset'; folderId: number; uidValidity: string }
  | { id: number; kind: 'tickets' }
  | { id: number; kind: 'keys' }
  | { id: number; kind: 'close' }

export type StoreWorkerResponse =
  | {
      id: number
      ok: true
      lastUid: number
      inserted: number
      tickets?: TicketUpdate
      applied?: { flagged: number; removed: number }
    }
  | { id: number; ok: false; error: string }

/**
 * Where a sync's bulk writes go. Inline: the caller's connection, on its thread (small and
 * incremental syncs: no start-up cost). Worker: a writer thread with its own connection, so
 * that during a large initial sync the IMAP parsing on this thread and the SQLite work
 * (inserts, indexes, full-text) run on two cores at once, and the thread that also answers
 * the UI is never held by a long transaction. Either way each call is one transaction that
 * also advances the folder's cursor, and calls are applied in order. While a writer thread
 * runs, every write of the sync goes through it: the two connections never wait on each
 * other's write lock, and the thread's ThreadMirror stays fresh (see tickets.ts).
 */
export interface StoreWriter {
  /** Decode (envelopeOf) and store one batch: one transaction that also advances the cursor. */
  storeEnvelopes(folder: FolderRow, uidValidity: string, batch: FetchedEnvelope[]): Promise<void>
  storeBodies(items: { id: number; body: BodyRecord }[]): Promise<void>
  /** MailStore.applyChanges; also sets `folder.highestModseq`. */
  applyChanges(
    folder: FolderRow,
    changes: FlagChange[],
    vanished: number[],
    highestModseq: string | null,
    now: string,
  ): Promise<{ flagged: number; removed: number }>
  resetFolder(folderId: number, uidValidity: string): Promise<void>
  /** Re-thread what the stored changes marked dirty (see tickets.ts). */
  updateTickets(): Promise<TicketUpdate>
  /** After updateTickets: the link keys a bulk sync deferred (MailStore.fillDeferredKeys). */
  fillThreadKeys(): Promise<void>
  close(): Promise<void>
}

export class InlineWriter implements StoreWriter {
  constructor(private readonly store: MailStore) {}

  storeEnvelopes(folder: FolderRow, uidValidity: string, batch: FetchedEnvelope[]): Promise<void> {
    this.store.storeEnvelopes(folder, uidValidity, batch.map(envelopeOf))
    return Promise.resolve()
  }

  storeBodies(items: { id: number; body: BodyRecord }[]): Promise<void> {
    this.store.storeBodies(items)
    return Promise.resolve()
  }

  applyChanges(
    folder: FolderRow,
    changes: FlagChange[],
    vanished: number[],
    highestModseq: string | null,
    now: string,
  ): Promise<{ flagged: number; removed: number }> {
    return Promise.resolve(this.store.applyChanges(folder, changes, vanished, highestModseq, now))
  }

  resetFolder(folderId: number, uidValidity: string): Promise<void> {
    this.store.resetFolder(folderId, uidValidity)
    return Promise.resolve()
  }

  updateTickets(): Promise<TicketUpdate> {
    return Promise.resolve(updateTickets(this.store.db))
  }

  fillThreadKeys(): Promise<void> {
    this.store.fillDeferredKeys()
    return Promise.resolve()
  }

  close(): Promise<void> {
    return Promise.resolve()
  }
}

export class WorkerWriter implements StoreWriter {
  private readonly worker: Worker
  private nextId = 1
  private readonly pending = new Map<
    number,
    { resolve: (r: StoreWorkerResponse) => void; reject: (e: Error) => void }
  >()
  private failure: Error | null = null

  constructor(init: StoreWorkerInit) {
    this.worker = spawnEntryWorker(__dirname, 'store-worker', { workerData: init })
    this.worker.on('message', (res: StoreWorkerResponse) => {
      const p = this.pending.get(res.id)
      if (!p) return
      this.pending.delete(res.id)
      p.resolve(res)
    })
    const fail = (error: Error) => {
      this.failure ??= error
      for (const p of this.pending.values()) p.reject(error)
      this.pending.clear()
    }
    this.worker.on('error', (e) => fail(new Error(`mail store writer crashed: ${e.message}`)))
    this.worker.on('exit', () => fail(new Error('mail store writer exited')))
  }

  private request(req: StoreWorkerRequest): Promise<StoreWorkerResponse> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      this.pending.set(req.id, { resolve, reject })
      this.worker.postMessage(req)
    })
  }

  private async expectOk(req: StoreWorkerRequest): Promise<StoreWorkerResponse & { ok: true }> {
    const res = await this.request(req)
    if (!res.ok) throw new Error(res.error)
    return res
  }

  async storeEnvelopes(
    folder: FolderRow,
    uidValidity: string,
    batch: FetchedEnvelope[],
  ): Promise<void> {
    const res = await this.expectOk({
      id: this.nextId++,
      kind: 'envelopes',
      folder,
      uidValidity,
      batch,
    })
    folder.lastUid = Math.max(folder.lastUid, res.lastUid)
  }

  async storeBodies(items: { id: number; body: BodyRecord }[]): Promise<void> {
    await this.expectOk({ id: this.nextId++, kind: 'bodies', items })
  }

  async applyChanges(
    folder: FolderRow,
    changes: FlagChange[],
    vanished: number[],
    highestModseq: string | null,
    now: string,
  ): Promise<{ flagged: number; removed: number }> {
    const res = await this.expectOk({
      id: this.nextId++,
      kind: 'changes',
      folder,
      changes,
      vanished,
      highestModseq,
      now,
    })
    if (!res.applied) throw new Error('mail store writer sent no change count')
    if (highestModseq !== null) folder.highestModseq = highestModseq
    return res.applied
  }

  async resetFolder(folderId: number, uidValidity: string): Promise<void> {
    await this.expectOk({ id: this.nextId++, kind: 'reset', folderId, uidValidity })
  }

  async updateTickets(): Promise<TicketUpdate> {
    const res = await this.expectOk({ id: this.nextId++, kind: 'tickets' })
    if (!res.tickets) throw new Error('mail store writer sent no ticket update')
    return res.tickets
  }

  async fillThreadKeys(): Promise<void> {
    await this.expectOk({ id: this.nextId++, kind: 'keys' })
  }

  async close(): Promise<void> {
    if (!this.failure) await this.request({ id: this.nextId++, kind: 'close' }).catch(() => null)
    this.failure ??= new Error('mail store writer closed')
    await this.worker.terminate()
  }
}
