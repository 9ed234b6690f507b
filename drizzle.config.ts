import { defineConfig } from 'drizzle-kit'

// The client's local store. The sync server has its own config (drizzle.server.config.ts).
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/main/db/schema.ts',
  out: './drizzle/client',
})
