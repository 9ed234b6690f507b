import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import type { DbHandle } from '../../../src/main/db/open'
import type { MailStore } from '../../../src/main/mail/store'
import { importAccounts } from '../../../src/main/mail/accounts'
import { rebuildTickets, remapTicketAccounts, updateTickets } from '../../../src/main/mail/tickets'
import { makeTestCore } from '../../helpers/core'
import { envelope, seedMailbox, store } from './fixtures'

const DAY = 86_400_000
const T0 = Date.parse('2026-10-01T09:00:00Z')

/** Every derived value a full rebuild decides: per message (by identity) and per ticket. */
function snapshot(db: DbHandle): unknown {
  return {
    messages: db.sqlite
      .prepare(
        'SELECT identity, ticket_id, join_reason, join_detail FROM mail_messages ORDER BY identity',
      )
      .all(),
    tickets: db.sqlite.prepare('SELECT * FROM mail_tickets ORDER BY id').all(),
  }
}

type Step =
  | {
      kind: 'arrive'
      folder: 'INBOX' | 'Sent'
      msgs: {
        n: number
        refs: number[]
        irt: number | null
        day: number
        reply: boolean
        subject: number
        ref: string | null
        noId: boolean
        buyer: number
        auto: boolean
      }[]
    }
  | { kind: 'remove'; picks: number[] }
  | { kind: 'body'; pick: number; ref: string; quoted: boolean }

const arrival = fc.record({
  n: fc.integer({ min: 0, max: 14 }),
  refs: fc.oneof(
    fc.constant<number[]>([]),
    fc.array(fc.integer({ min: 0, max: 14 }), { maxLength: 3 }),
  ),
  irt: fc.option(fc.integer({ min: 0, max: 14 }), { nil: null }),
  day: fc.integer({ min: 0, max: 20 }),
  reply: fc.boolean(),
  subject: fc.integer({ min: 0, max: 3 }),
  ref: fc.option(fc.constantFrom('SO-400123', 'PO-2026-01234', 'INV-2026-07890'), { nil: null }),
  noId: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  buyer: fc.integer({ min: 0, max: 2 }),
  auto: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
})

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('arrive' as const),
      folder: fc.constantFrom('INBOX' as const, 'Sent' as const),
      msgs: fc.array(arrival, { minLength: 1, maxLength: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('body' as const),
      pick: fc.nat(),
      ref: fc.constantFrom('SO-400123', 'PO-2026-01234', 'Auftrag 4711'),
      quoted: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('remove' as const),
      picks: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
    }),
  },
)

function apply(s: MailStore, placed: { folder: 'INBOX' | 'Sent'; uid: number }[], st: Step) {
  if (st.kind === 'arrive') {
    const envs = st.msgs.map((m) => {
      const subject = `${m.reply ? 'Re: ' : ''}${['Pallet shipment delayed', 'Damaged goods report', 'Price list for 2027', 'Order'][m.subject]}${m.ref ? ` ${m.ref}` : ''}`
      return envelope({
        messageId: m.noId ? null : `m${m.n}@example.com`,
        references: m.refs.map((r) => `m${r}@example.com`),
        inReplyTo: m.irt === null ? [] : [`m${m.irt}@example.com`],
        subject,
        // Same Message-ID, date, sender and subject: the same message (a second placement).
        sentAt: new Date(T0 + m.n * 3_600_000).toISOString(),
        internalDate: new Date(T0 + m.day * DAY + m.n).toISOString(),
        autoReply: m.auto,
        // Buyer 2 writes through a purchasing portal that names them in Reply-To.
        from:
          st.folder === 'Sent'
            ? { name: 'Support', address: 'support@kontor.test' }
            : m.buyer === 2
              ? { name: 'Portal', address: 'no-reply@portal.example' }
              : { name: null, address: `buyer${m.buyer}@acme.example` },
        replyTo:
          st.folder === 'INBOX' && m.buyer === 2
            ? [{ name: null, address: 'buyer2@acme.example' }]
            : [],
        to:
          st.folder === 'Sent'
            ? [{ name: null, address: `buyer${m.buyer}@acme.example` }]
            : [{ name: null, address: 'support@kontor.test' }],
      })
    })
    store(s, st.folder, envs)
    for (const e of envs) placed.push({ folder: st.folder, uid: e.uid })
  } else if (st.kind === 'body') {
    const ids = s.db.sqlite
      .prepare("SELECT id FROM mail_messages WHERE body_status = 'pending' ORDER BY id")
      .pluck()
      .all() as number[]
    const id = ids[st.pick % Math.max(1, ids.length)]
    if (id === undefined) return
    const text = st.quoted ? `Thanks.\n> ${st.ref} shipped` : `Any news on ${st.ref}?`
    s.storeBodies([
      {
        id,
        body: { text, html: null, attachments: [], parseError: null, raw: null, truncated: false },
      },
    ])
  } else {
    for (const p of st.picks) {
      if (placed.length === 0) return
      const [gone] = placed.splice(p % placed.length, 1)
      if (!gone) continue
      s.applyChanges(s.folder('support', gone.folder), [], [gone.uid], null, '2026-11-27T09:00:00Z')
    }
  }
}

describe('incremental re-threading', () => {
  let dispose: (() => void) | null = null
  afterEach(() => dispose?.())

  it('random arrivals, bodies and removals give the same tickets as one full rebuild', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => {
        const core = makeTestCore()
        try {
          const s = seedMailbox(core.db)
          const placed: { folder: 'INBOX' | 'Sent'; uid: number }[] = []
          for (const st of steps) {
            apply(s, placed, st)
            updateTickets(core.db, { fullRebuildRatio: Infinity })
            expect(s.hasDirtyThreads()).toBe(false)
          }
          const incremental = snapshot(core.db)
          rebuildTickets(core.db)
          expect(snapshot(core.db)).toEqual(incremental)
        } finally {
          core.dispose()
        }
      }),
      { numRuns: 150 },
    )
  })

  it('mapping tickets to accounts again after new contacts equals a full rebuild', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('contact', 'domain', 'portal'),
        (steps, known) => {
          const core = makeTestCore()
          try {
            const s = seedMailbox(core.db)
            const placed: { folder: 'INBOX' | 'Sent'; uid: number }[] = []
            for (const st of steps) apply(s, placed, st)
            rebuildTickets(core.db)
            importAccounts(core.db, [
              {
                id: 'acme',
                name: 'ACME',
                domains: known === 'domain' ? ['acme.example'] : [],
                contacts:
                  known === 'contact'
                    ? [{ email: 'buyer1@acme.example' }, { email: 'buyer2@acme.example' }]
                    : [],
              },
              // The portal's own domain as an account: a contact or the sender's domain
              // still decides before it.
              {
                id: 'portal',
                name: 'Portal',
                domains: known === 'portal' ? ['portal.example'] : [],
                contacts: [],
              },
            ])
            remapTicketAccounts(core.db)
            const remapped = snapshot(core.db)
            rebuildTickets(core.db)
            expect(snapshot(core.db)).toEqual(remapped)
          } finally {
            core.dispose()
          }
        },
      ),
      { numRuns: 80 },
    )
  })

  it('recomputes only the component of the new message', () => {
    const core = makeTestCore()
    dispose = () => core.dispose()
    const s = seedMailbox(core.db)
    store(
      s,
      'INBOX',
      Array.from({ length: 20 }, (_, i) =>
        envelope({ messageId: `root${i}@acme.example`, subject: `Unrelated matter number ${i}` }),
      ),
    )
    expect(updateTickets(core.db)).toMatchObject({ tickets: 20, full: true })
    store(s, 'Sent', [
      envelope({
        messageId: 'reply@kontor.test',
        subject: 'Re: Unrelated matter number 3',
        from: { name: 'Support', address: 'support@kontor.test' },
        references: ['root3@acme.example'],
        internalDate: '2026-11-03T10:00:00.000Z',
      }),
    ])
    // The reply was stored with the thread its References give (provisionalThread), which is
    // the right one: no message row is rewritten, the ticket is.
    expect(
      core.db.sqlite
        .prepare("SELECT join_reason FROM mail_messages WHERE message_id = 'reply@kontor.test'")
        .pluck()
        .get(),
    ).toBe('references')
    expect(updateTickets(core.db)).toMatchObject({
      tickets: 20,
      changedMessages: 0,
      componentMessages: 2,
      full: false,
    })
    const t = core.db.sqlite
      .prepare(
        "SELECT status, message_count AS n FROM mail_tickets WHERE subject = 'Unrelated matter number 3'",
      )
      .get()
    expect(t).toEqual({ status: 'waiting', n: 2 })
    expect(updateTickets(core.db)).toMatchObject({ componentMessages: 0 })
  })

  it('a reference found in a body joins the ticket about it', () => {
    const core = makeTestCore()
    dispose = () => core.dispose()
    const s = seedMailbox(core.db)
    store(s, 'INBOX', [
      envelope({ messageId: 'a@acme.example', subject: 'Delivery date for PO-2026-01234' }),
    ])
    const [b] = store(s, 'INBOX', [
      envelope({
        messageId: 'b@acme.example',
        subject: 'Pallets missing',
        internalDate: '2026-11-03T10:00:00.000Z',
      }),
    ])
    updateTickets(core.db)
    expect(s.ticketCount()).toBe(2)
    s.storeBodies([
      {
        id: b as number,
        body: {
          text: 'Bestellung PO-2026-01234: two pallets are missing.\n\nAm 1.11. schrieb X:\n> SO-1',
          html: null,
          attachments: [],
          parseError: null,
          raw: null,
          truncated: false,
        },
      },
    ])
    expect(updateTickets(core.db, { fullRebuildRatio: Infinity })).toMatchObject({
      tickets: 1,
      full: false,
    })
    const joined = core.db.sqlite
      .prepare(
        "SELECT join_reason AS reason, join_detail AS detail, business_refs AS refs FROM mail_messages WHERE message_id = 'b@acme.example'",
      )
      .get()
    expect(joined).toEqual({
      reason: 'business-ref',
      detail: 'po:PO-2026-01234',
      refs: '["po:PO-2026-01234"]',
    })
  })

  it('an earlier thread arriving late takes in the orphan reply with its subject', () => {
    const core = makeTestCore()
    dispose = () => core.dispose()
    const s = seedMailbox(core.db)
    store(s, 'INBOX', [
      envelope({
        messageId: 'orphan@acme.example',
        subject: 'Re: Pallet shipment delayed',
        internalDate: '2026-11-05T10:00:00.000Z',
      }),
    ])
    for (let i = 0; i < 10; i++)
      store(s, 'INBOX', [
        envelope({ messageId: `other${i}@acme.example`, subject: `Unrelated matter number ${i}` }),
      ])
    updateTickets(core.db)
    store(s, 'Sent', [
      envelope({
        messageId: 'first@kontor.test',
        subject: 'Pallet shipment delayed',
        from: { name: 'Support', address: 'support@kontor.test' },
        to: [{ name: null, address: 'buyer@acme.example' }],
        internalDate: '2026-11-03T10:00:00.000Z',
      }),
    ])
    expect(updateTickets(core.db, { fullRebuildRatio: Infinity })).toMatchObject({
      tickets: 11,
      componentMessages: 2,
      full: false,
    })
    const joined = core.db.sqlite
      .prepare(
        "SELECT join_reason AS reason FROM mail_messages WHERE message_id = 'orphan@acme.example'",
      )
      .get()
    expect(joined).toEqual({ reason: 'subject' })
  })

  it('falls back to a full rebuild for messages stored before thread keys existed', () => {
    const core = makeTestCore()
    dispose = () => core.dispose()
    const s = seedMailbox(core.db)
    store(s, 'INBOX', [
      envelope({ messageId: 'a@acme.example', subject: 'Pallet shipment delayed' }),
    ])
    core.db.sqlite.prepare('DELETE FROM mail_thread_keys').run()
    store(s, 'INBOX', [envelope({ messageId: 'b@acme.example', subject: 'Damaged goods report' })])
    expect(updateTickets(core.db)).toMatchObject({ tickets: 2, full: true })
    const keyed = core.db.sqlite
      .prepare('SELECT count(DISTINCT message_row_id) AS n FROM mail_thread_keys')
      .get()
    expect(keyed).toEqual({ n: 2 })
  })
})
