import { eq } from 'drizzle-orm'
import type { z } from 'zod'
import type { Clock } from '../../shared/clock'
import type { DbHandle } from '../db/open'
import { appSettings } from '../db/schema'

/**
 * Small typed settings in the local store. A stored value that no longer matches its
 * schema (older build, hand-edited file) is ignored, never trusted.
 */
export class SettingsStore {
  constructor(
    private readonly handle: DbHandle,
    private readonly clock: Clock,
  ) {}

  get<S extends z.ZodType>(key: string, schema: S): z.output<S> | undefined {
    const row = this.handle.db.select().from(appSettings).where(eq(appSettings.key, key)).get()
    if (!row) return undefined
    try {
      const parsed = schema.safeParse(JSON.parse(row.value))
      return parsed.success ? parsed.data : undefined
    } catch {
      return undefined
    }
  }

  set(key: string, value: unknown): void {
    const now = this.clock.now().toISOString()
    const json = JSON.stringify(value)
    this.handle.db
      .insert(appSettings)
      .values({ key, value: json, updatedAt: now })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: json, updatedAt: now } })
      .run()
  }

  delete(key: string): void {
    this.handle.db.delete(appSettings).where(eq(appSettings.key, key)).run()
  }
}
