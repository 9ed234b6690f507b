import { describe, expect, it } from 'vitest'
import type { QueueRow } from '../../../src/shared/contract'
import type { ContractClient } from '../../../src/shared/contract/client'
import type { Result } from '../../../src/shared/result'
import { createKontorStore } from '../../../src/renderer/src/store'
import { PAGE } from '../../../src/renderer/src/store/queues'

const row = (id: string): QueueRow => ({
  id,
  subject: id,
  accountId: null,
  accountName: null,
  tier: null,
  assigneeId: null,
  assigneeName: null,
  orderType: null,
  status: 'open',
  pauseReason: null,
  customerAddress: null,
  lastMessageAt: '2026-11-27T08:00:00Z',
  sla: null,
})

/**
 * A core with 1,000 tickets named `v<version>-<index>`; `console:tickets` answers are held
 * until released, so a test can look at the store while a page is in flight.
 */
function scriptedCore() {
  let version = 1
  const held: { page: number; release: () => void }[] = []
  const client: ContractClient = {
    call: async (name, input) => {
      if (name === 'console:queues')
        return { ok: true, data: { queues: [], computedAt: 0 } } as never
      const i = input as { offset: number; limit: number }
      const v = version
      await new Promise<void>((release) => held.push({ page: i.offset / PAGE, release }))
      const rows = Array.from({ length: i.limit }, (_, k) => row(`v${v}-${i.offset + k}`))
      const answer: Result<{ rows: QueueRow[]; total: number; computedAt: number }> = {
        ok: true,
        data: { rows, total: 1000, computedAt: 0 },
      }
      return answer as never
    },
    on: () => () => {},
  }
  const releaseAll = async () => {
    while (held.length) (held.shift() as { release: () => void }).release()
    await new Promise((r) => setTimeout(r, 0))
  }
  return {
    client,
    held,
    releaseAll,
    bump: () => version++,
  }
}

describe('queues store', () => {
  it('a refresh keeps the rows on screen until their page is re-read, then drops stale pages', async () => {
    const core = scriptedCore()
    const store = createKontorStore()
    store.setState({ client: core.client })
    const first = store.getState().ensureRows(0, 2 * PAGE + 10)
    await core.releaseAll()
    await first
    expect(store.getState().rows[0]?.id).toBe('v1-0')
    expect(store.getState().rows[2 * PAGE]?.id).toBe('v1-400')
    // Something changed in the core; the list shows rows 0-50.
    core.bump()
    const refresh = store.getState().refresh([0, 50])
    await new Promise((r) => setTimeout(r, 0))
    // While page 0 is re-read, its rows stay (no flash of empty rows).
    expect(core.held.map((h) => h.page)).toEqual([0])
    expect(store.getState().rows[0]?.id).toBe('v1-0')
    await core.releaseAll()
    await refresh
    expect(store.getState().rows[0]?.id).toBe('v2-0')
    // Off-screen pages of the old generation are gone, and are read again when needed.
    expect(store.getState().rows[2 * PAGE]).toBeUndefined()
    expect(store.getState().rows[PAGE]).toBeUndefined()
    const again = store.getState().ensureRows(PAGE, PAGE + 10)
    await core.releaseAll()
    await again
    expect(store.getState().rows[PAGE]?.id).toBe('v2-200')
  })

  it('reads the next page ahead when the rows in view near the end of theirs', async () => {
    const core = scriptedCore()
    const store = createKontorStore()
    store.setState({ client: core.client })
    const first = store.getState().ensureRows(0, 50)
    await core.releaseAll()
    await first
    expect(store.getState().rows[PAGE]).toBeUndefined()
    // Rows 120-140 in view: page 1 is still a quarter page away, not read.
    void store.getState().ensureRows(120, 140)
    await new Promise((r) => setTimeout(r, 0))
    expect(core.held).toEqual([])
    // Rows 160-180: within a quarter page of page 1, which is read ahead.
    const near = store.getState().ensureRows(160, 180)
    await new Promise((r) => setTimeout(r, 0))
    expect(core.held.map((h) => h.page)).toEqual([1])
    await core.releaseAll()
    await near
    expect(store.getState().rows[PAGE]?.id).toBe('v1-200')
  })

  it('after a refresh, a page still holding old rows is re-read when it comes into view', async () => {
    const core = scriptedCore()
    const store = createKontorStore()
    store.setState({ client: core.client })
    const first = store.getState().ensureRows(0, 2 * PAGE)
    await core.releaseAll()
    await first
    core.bump()
    const refresh = store.getState().refresh([0, 50])
    // The agent scrolls to page 1 before page 0's new answer lands: its old rows are shown,
    // and it is read again.
    const scrolled = store.getState().ensureRows(PAGE, PAGE + 20)
    await new Promise((r) => setTimeout(r, 0))
    expect(core.held.map((h) => h.page).sort()).toEqual([0, 1])
    await core.releaseAll()
    await Promise.all([refresh, scrolled])
    expect(store.getState().rows[PAGE]?.id).toBe('v2-200')
    expect(store.getState().rows[0]?.id).toBe('v2-0')
  })
})
