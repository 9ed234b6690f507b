import { afterEach, describe, expect, it } from 'vitest'
import { seedTicketStore } from '../../../bench/ticket-store'
import { makeTestCore } from '../../helpers/core'

const NOW = Date.parse('2026-11-27T09:00:00Z')

describe('core.close', () => {
  let dispose: (() => void) | null = null
  afterEach(() => dispose?.())

  it('writes the console snapshot rows still waiting for their debounce', () => {
    const core = makeTestCore(new Date(NOW).toISOString())
    dispose = () => core.dispose()
    seedTicketStore(core.db, { tickets: 40, now: NOW })
    core.queues.queues() // builds in the foreground and writes the snapshot
    const id = core.db.sqlite
      .prepare('SELECT id FROM mail_tickets ORDER BY id LIMIT 1')
      .pluck()
      .get() as string
    core.db.sqlite
      .prepare("UPDATE mail_tickets SET subject = 'Renamed at close' WHERE id = ?")
      .run(id)
    core.events.emit('db:changed', { tables: ['mail_tickets'], ticketIds: [id] })
    core.queues.queues() // reads the change; its snapshot row waits for the debounce (1 s)
    const stored = () =>
      core.db.sqlite
        .prepare('SELECT subject FROM console_snapshot WHERE ticket_id = ?')
        .pluck()
        .get(id)
    expect(stored()).not.toBe('Renamed at close')
    core.close()
    expect(stored()).toBe('Renamed at close')
    core.close() // idempotent
  })
})
