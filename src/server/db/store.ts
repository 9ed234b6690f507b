/**
 * Opening the server store: PostgreSQL when a URL is given, else PGlite (embedded
 * PostgreSQL in WebAssembly) in a data directory, or in memory when there is none. One
 * drizzle schema and one set of migrations (drizzle/server) serve both.
 */
import { EventEmitter } from 'node:events'
import { resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { sql, type SQL } from 'drizzle-orm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import * as schema from './schema'

export type ServerDb = PgDatabase<PgQueryResultHKT, typeof schema>
export type Tx = Parameters<Parameters<ServerDb['transaction']>[0]>[0]
export type Queryable = ServerDb | Tx

export interface StoreOptions {
  /** PostgreSQL connection string; when set, `dataDir` is ignored. */
  databaseUrl?: string
  /** PGlite data directory; in memory when neither is given (tests). */
  dataDir?: string
  migrationsFolder?: string
  /** Pool size for PostgreSQL. */
  poolSize?: number
}

export interface Store {
  kind: 'postgres' | 'pglite'
  db: ServerDb
  /**
   * Cross-instance notifications (PostgreSQL LISTEN/NOTIFY; in-process for PGlite, which
   * has a single process by construction). Used for SSE pokes.
   */
  notify(payload: string): Promise<void>
  onNotify(listener: (payload: string) => void): () => void
  close(): Promise<void>
}

export const POKE_CHANNEL = 'kontor_poke'
/** The one advisory lock every writer takes: serialises the change log and the audit chain. */
export const WRITE_LOCK_KEY = 727_272

export function defaultMigrationsFolder(): string {
  return resolve(__dirname, '../../../drizzle/server')
}

/** Run a raw query and return its rows (both drivers answer `{ rows }`). */
export async function rows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}

/** Take the writers' lock for the rest of the transaction. */
export async function lockWrites(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${WRITE_LOCK_KEY})`)
}

export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder()
  const events = new EventEmitter()
  events.setMaxListeners(0)

  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 })
    pool.on('error', () => {
      // An idle client lost its connection: the pool replaces it on next use.
    })
    const db = drizzlePg(pool, { schema }) as unknown as ServerDb
    // Several instances may start together against one database: migrate under a session lock.
    const client = await pool.connect()
    try {
      await client.query('select pg_advisory_lock($1)', [WRITE_LOCK_KEY + 1])
      try {
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder })
      } finally {
        await client.query('select pg_advisory_unlock($1)', [WRITE_LOCK_KEY + 1])
      }
    } finally {
      client.release()
    }
    // One dedicated connection listens for pokes from every instance.
    const listener = new pg.Client({ connectionString: options.databaseUrl })
    listener.on('error', () => {
      // Lost: pokes from other instances stop; clients still pull on their own timer.
    })
    await listener.connect()
    listener.on('notification', (msg) => {
      if (msg.channel === POKE_CHANNEL) events.emit('poke', msg.payload ?? '')
    })
    await listener.query(`listen ${POKE_CHANNEL}`)
    return {
      kind: 'postgres',
      db,
      notify: async (payload) => {
        await pool.query('select pg_notify($1, $2)', [POKE_CHANNEL, payload])
      },
      onNotify: (fn) => {
        events.on('poke', fn)
        return () => events.off('poke', fn)
      },
      close: async () => {
        await listener.end().catch(() => undefined)
        await pool.end()
      },
    }
  }

  const client = new PGlite(options.dataDir)
  await client.waitReady
  const db = drizzlePglite(client, { schema }) as unknown as ServerDb
  await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder })
  return {
    kind: 'pglite',
    db,
    notify: async (payload) => {
      events.emit('poke', payload)
    },
    onNotify: (fn) => {
      events.on('poke', fn)
      return () => events.off('poke', fn)
    },
    close: async () => {
      await client.close()
    },
  }
}
