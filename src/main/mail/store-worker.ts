/**
 * Worker-thread entry for the mail store's bulk writes during a large sync (see
 * store-writer.ts). Its own connection to the same database file (WAL: the main thread reads
 * and writes meanwhile, each transaction waits its turn on the busy timeout). Messages carry no
 * secrets; nothing here logs.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openDatabase } from '../db/open'
import { envelopeOf } from './envelope'
import { MailStore } from './store'
import { updateTickets } from './tickets'
import type { StoreWorkerInit, StoreWorkerRequest, StoreWorkerResponse } from './store-writer'

/** WAL pages between checkpoints on the writer's connection (64 MB at 4 KB pages). */
const BULK_WAL_PAGES = 16_384

const init = workerData as StoreWorkerInit
const db = openDatabase(init.dbPath)
// A bulk sync commits hundreds of batches. At SQLite's default (a checkpoint, with its
// fsyncs, every 1,000 WAL pages) checkpoints took about a third of the writer's time; let the
// WAL grow to 64 MB between them, and checkpoint once when the sync is done (close).
db.sqlite.pragma(`wal_autocheckpoint = ${BULK_WAL_PAGES}`)
// A large initial sync re-threads all its messages after the last envelope: the mirror
// spares that re-thread reading them all back (see ThreadMirror).
const store = new MailStore(db, new Set(init.ownAddresses), init.refPatterns, {
  threadMirror: true,
})

parentPort?.on('message', (req: StoreWorkerRequest) => {
  let res: StoreWorkerResponse
  try {
    if (req.kind === 'envelopes') {
      const folder = { ...req.folder }
      // Decoding the header fields here keeps it off the thread that reads the socket.
      const inserted = store.storeEnvelopes(folder, req.uidValidity, req.batch.map(envelopeOf))
      res = { id: req.id, ok: true, lastUid: folder.lastUid, inserted: inserted.length }
    } else if (req.kind === 'bodies') {
      store.storeBodies(req.items)
      res = { id: req.id, ok: true, lastUid: 0, inserted: 0 }
    } else if (req.kind === 'changes') {
      const applied = store.applyChanges(
        req.folder,
        req.changes,
        req.vanished,
        req.highestModseq,
        req.now,
      )
      res = { id: req.id, ok: true, lastUid: 0, inserted: 0, applied }
    } else if (req.kind === 'reset') {
      store.resetFolder(req.folderId, req.uidValidity)
      res = { id: req.id, ok: true, lastUid: 0, inserted: 0 }
    } else if (req.kind === 'keys') {
      store.fillDeferredKeys()
      res = { id: req.id, ok: true, lastUid: 0, inserted: 0 }
    } else if (req.kind === 'tickets') {
      const tickets = updateTickets(db, { mirror: store.threadMirror() })
      res = { id: req.id, ok: true, lastUid: 0, inserted: 0, tickets }
    } else {
      // PASSIVE: never waits for readers; what it cannot copy now the next checkpoint will.
      db.sqlite.pragma('wal_checkpoint(PASSIVE)')
      db.close()
      res = { id: req.id, ok: true, lastUid: 0, inserted: 0 }
    }
  } catch (error) {
    res = {
      id: req.id,
      ok: false,
      error: error instanceof Error ? error.message.slice(0, 500) : 'store failed',
    }
  }
  parentPort?.postMessage(res)
})
