import type { FastifyInstance } from 'fastify'
import { buildServer } from '../../src/server/app'
import { openStore, type Store } from '../../src/server/db/store'
import { NOW, seedWorld } from '../server/fixture'

export interface RunningSyncServer {
  store: Store
  app: FastifyInstance
  /** Base URL on 127.0.0.1. */
  url: string
  tokens: Awaited<ReturnType<typeof seedWorld>>
  stop(): Promise<void>
}

/** The real sync server (in-memory PGlite, seeded with the server tests' small world), listening on loopback. */
export async function startSyncServer(): Promise<RunningSyncServer> {
  const store = await openStore()
  const tokens = await seedWorld(store)
  const app = await buildServer({ store, now: () => NOW })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    store,
    app,
    url,
    tokens,
    stop: async () => {
      await app.close()
      await store.close()
    },
  }
}
