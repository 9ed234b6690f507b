import pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { openStore } from '../../../src/server/db/store'
import { startPostgres, type PostgresServer } from '../../helpers/postgres'
import { serverSuite } from '../../server/suite'

let server: PostgresServer
let n = 0
beforeAll(async () => {
  server = await startPostgres()
  console.warn(`sync server tests on ${server.version}`)
})
afterAll(async () => {
  await server?.stop()
})

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: server.url })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

const urlOf = (name: string) => server.url.replace(/\/postgres$/, `/${name}`)

// A real PostgreSQL server: a seeded template database, copied per test with CREATE DATABASE ... TEMPLATE.
serverSuite('PostgreSQL', {
  template: async (seed) => {
    const tpl = `kontor_tpl_${process.pid}`
    await admin((c) => c.query(`create database ${tpl}`))
    const store = await openStore({ databaseUrl: urlOf(tpl), poolSize: 4 })
    await seed(store)
    await store.close()
    return {
      fresh: async () => {
        const name = `kontor_${process.pid}_${++n}`
        await admin((c) => c.query(`create database ${name} template ${tpl}`))
        return {
          open: () => openStore({ databaseUrl: urlOf(name), poolSize: 4 }),
          cleanup: () =>
            admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(
              () => undefined,
            ),
        }
      },
      dispose: () =>
        admin((c) => c.query(`drop database if exists ${tpl} with (force)`)).then(() => undefined),
    }
  },
})
