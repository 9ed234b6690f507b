/**
 * Worker-thread entry for the mail store's bulk writes during a large sync (see
 * store-writer.ts). Its own connection to the same database file (WAL: the main thread reads
 * and writes meanwhile, each transaction waits its turn on the busy timeout). Messages carry no
 * secrets; nothing here logs.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openDatabase } from '../db/open'
import { MailStore } from './store'
import { updateTickets } from './tickets'
import type { StoreWorkerInit, StoreWorkerRequest, StoreWorkerResponse } from './store-writer'

const init = workerData as StoreWorkerInit
const db = openDatabase(init.dbPath)
const store = new MailStore(db, new Set(init.ownAddresses), init.refPatterns)

parentPort?.on('message', (req: StoreWorkerRequest) => {
  let res: StoreWorkerResponse
  try {
    if (req.kind === 'envelopes') {
      const folder = { ...req.folder }
      const inserted = store.storeEnvelopes(folder, req.uidValidity, req.batch)
      res = { id: req.id, ok: true, lastUid: folder.lastUid, inserted: inserted.length }
    } else if (req.kind === 'bodies') {
      store.storeBodies(req.items)
      res = { id: req.id, ok: true, lastUid: 0, inserted: 0 }
    } else if (req.kind === 'tickets') {
      res = { id: req.id, ok: true, lastUid: 0, inserted: 0, tickets: updateTickets(db) }
    } else {
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
