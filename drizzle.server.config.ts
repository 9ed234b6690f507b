import { defineConfig } from 'drizzle-kit'

// The sync server's store (PostgreSQL or PGlite). The client's local store has drizzle.config.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/schema.ts',
  out: './drizzle/server',
})
