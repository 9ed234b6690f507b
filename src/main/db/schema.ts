/**
 * The local store's schema (SQLite through drizzle). Migrations are generated from this
 * file into drizzle/client by `npm run db:generate` and committed; never edit a shipped
 * migration, add a new one.
 *
 * Feature tables live in their own files next to this one and are re-exported here so
 * drizzle-kit sees one schema.
 */
import { sqliteTable, text } from 'drizzle-orm/sqlite-core'

/** Small local settings (window bounds, workspace choice ...), values as JSON text. */
export const appSettings = sqliteTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
})
export * from './mail-schema'
export * from '../sync/schema'
export * from '../console/schema'
