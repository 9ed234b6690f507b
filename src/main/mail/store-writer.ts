import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { BusinessRefPattern } from '../../shared/mail/business-refs'
import type { BodyRecord, EnvelopeRecord, FolderRow, MailStore } from './store'
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
      batch: EnvelopeRecord[]
    }
  | { id: number; kind: 'bodies'; items: { id: number; body: BodyRecord }[] }
  | { id: number; kind: 'tickets' }
  | { id: number; kind: 'close' }

export type StoreWorkerResponse =
  | { id: number; ok: true; lastUid: number; inserted: number; tickets?: TicketUpdate }
  | { id: number; ok: false; error: string }

/**
 * Where a sync's bulk writes go. Inline: the caller's connection, on its thread (small and
 * incremental syncs: no start-up cost). Worker: a writer thread with its own connection, so
 * that during a large initial sync the IMAP parsing on this thread and the SQLite work
 * (inserts, indexes, full-text) run on two cores at once, and the thread that also answers
 * the UI is never held by a long transaction. Either way each call is one transaction that
 * also advances the folder's cursor, and calls are applied in order.
 */
export interface StoreWriter {
  storeEnvelopes(folder: FolderRow, uidValidity: string, batch: EnvelopeRecord[]): Promise<void>
  storeBodies(items: { id: number; body: BodyRecord }[]): Promise<void>
  /** Re-thread what the stored changes marked dirty (see tickets.ts). */
  updateTickets(): Promise<TicketUpdate>
  close(): Promise<void>
}

export class InlineWriter implements StoreWriter {
  constructor(private readonly store: MailStore) {}

  storeEnvelopes(folder: FolderRow, uidValidity: string, batch: EnvelopeRecord[]): Promise<void> {
    this.store.storeEnvelopes(folder, uidValidity, batch)
    return Promise.resolve()
  }

  storeBodies(items: { id: number; body: BodyRecord }[]): Promise<void> {
    this.store.storeBodies(items)
    return Promise.resolve()
  }

  updateTickets(): Promise<TicketUpdate> {
    return Promise.resolve(updateTickets(this.store.db))
  }

  close(): Promise<void> {
    return Promise.resolve()
  }
}

/**
 * Start the writer. Built: `store-worker.js` beside the main bundle. Under tsx or vitest the
 * entry is TypeScript and the worker registers tsx's CommonJS loader first (worker threads
 * do not inherit the parent's loader hooks).
 */
function spawnStoreWorker(init: StoreWorkerInit): Worker {
  const js = join(__dirname, 'store-worker.js')
  if (existsSync(js)) return new Worker(js, { workerData: init })
  const ts = join(__dirname, 'store-worker.ts')
  return new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(ts)})`, {
    eval: true,
    workerData: init,
  })
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
    this.worker = spawnStoreWorker(init)
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
    batch: EnvelopeRecord[],
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

  async updateTickets(): Promise<TicketUpdate> {
    const res = await this.expectOk({ id: this.nextId++, kind: 'tickets' })
    if (!res.tickets) throw new Error('mail store writer sent no ticket update')
    return res.tickets
  }

  async close(): Promise<void> {
    if (!this.failure) await this.request({ id: this.nextId++, kind: 'close' }).catch(() => null)
    this.failure ??= new Error('mail store writer closed')
    await this.worker.terminate()
  }
}
