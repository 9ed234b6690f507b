import { and, asc, eq } from 'drizzle-orm'
import type { SyncStatusInfo } from '../../shared/contract/sync'
import { KontorError } from '../../shared/errors'
import type { Core } from '../core/core'
import type { HandlerSlice } from '../core/dispatch'
import { replicaEntities } from '../sync/schema'
import type { SyncClient } from '../sync/sync-client'

type SyncCalls =
  'sync:status' | 'sync:now' | 'sync:mutate' | 'sync:outbox' | 'sync:dismiss' | 'replica:list'

const NOT_CONFIGURED: SyncStatusInfo = {
  configured: false,
  state: 'offline',
  pending: 0,
  rejected: 0,
  lastSyncAt: null,
  lastError: null,
}

export function syncHandlers(core: Core, sync: SyncClient | null): HandlerSlice<SyncCalls> {
  const need = (): SyncClient => {
    if (!sync)
      throw new KontorError('E_OFFLINE', 'No sync server is configured for this workspace.')
    return sync
  }
  return {
    'sync:status': () => (sync ? { configured: true, ...sync.status() } : NOT_CONFIGURED),
    'sync:now': async () =>
      sync ? { configured: true, ...(await sync.syncOnce()) } : NOT_CONFIGURED,
    'sync:mutate': (input) => {
      const client = need()
      const queued = client.enqueue({
        name: input.name,
        args: input.args,
        baseVersion: input.baseVersion,
      })
      client.nudge()
      return queued
    },
    'sync:outbox': (input) => need().outbox(input),
    'sync:dismiss': (input) => {
      need().dismiss(input.id)
      return { dismissed: true }
    },
    'replica:list': (input) =>
      core.db.db
        .select()
        .from(replicaEntities)
        .where(
          and(
            eq(replicaEntities.entity, input.entity),
            input.accountId ? eq(replicaEntities.accountId, input.accountId) : undefined,
          ),
        )
        .orderBy(asc(replicaEntities.id))
        .limit(input.limit ?? 500)
        .all()
        .map((r) => ({
          entity: r.entity,
          id: r.id,
          accountId: r.accountId,
          version: r.version,
          data: JSON.parse(r.data) as Record<string, unknown>,
        })),
  }
}
