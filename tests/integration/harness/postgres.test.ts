import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPostgres, type PostgresServer } from '../../helpers/postgres'

describe('PostgreSQL harness', () => {
  let server: PostgresServer

  beforeAll(async () => {
    server = await startPostgres()
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('starts a real server on loopback and round-trips a row', async () => {
    const client = new pg.Client({ connectionString: server.url })
    await client.connect()
    try {
      await client.query('create table smoke (id serial primary key, name text not null)')
      await client.query('insert into smoke (name) values ($1)', ['kontor'])
      const rows = await client.query<{ name: string }>('select name from smoke')
      expect(rows.rows).toEqual([{ name: 'kontor' }])
      const v = await client.query<{ server_version: string }>('show server_version')
      console.warn(
        `PostgreSQL server version: ${v.rows[0]?.server_version} (${server.version}) on port ${server.port}`,
      )
      expect(server.version).toMatch(/PostgreSQL \d+/)
    } finally {
      await client.end()
    }
  })
})
