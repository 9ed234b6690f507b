import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normaliseSubject } from '../../../src/shared/mail/subject'
import {
  buildThreads,
  provisionalThread,
  type ThreadInput,
} from '../../../src/shared/mail/threading'

const DAY = 86_400_000
const T0 = Date.parse('2026-11-01T09:00:00Z')

function msg(key: string, o: Partial<ThreadInput> & { subject?: string } = {}): ThreadInput {
  const s = normaliseSubject(o.subject ?? `Subject of ${key}`)
  return {
    key,
    messageId: `${key}@example.com`,
    inReplyTo: [],
    references: [],
    subjectKey: s.key,
    subjectIsReply: s.isReply,
    date: T0,
    participants: ['buyer@acme.example', 'support@kontor.test'],
    businessRefs: [],
    ...o,
  }
}
const id = (k: string) => `${k}@example.com`

function roots(messages: ThreadInput[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of buildThreads(messages)) out[k] = v.rootId
  return out
}

describe('JWZ threading', () => {
  it('links by References and In-Reply-To and records why', () => {
    const r = buildThreads([
      msg('a'),
      msg('b', { references: [id('a')], date: T0 + 1 }),
      msg('c', { inReplyTo: [id('b')], date: T0 + 2 }),
    ])
    expect([...r.values()].map((v) => [v.rootId, v.reason])).toEqual([
      [id('a'), 'root'],
      [id('a'), 'references'],
      [id('a'), 'in-reply-to'],
    ])
  })

  it('a reply that arrives before its parent names the same root as after', () => {
    const reply = msg('b', { references: [id('a')], inReplyTo: [id('a')], date: T0 })
    const before = roots([reply])
    const after = roots([reply, msg('a', { date: T0 + 5 })])
    expect(before.b).toBe(id('a'))
    expect(after).toEqual({ a: id('a'), b: id('a') })
  })

  it('is cycle-safe: references that loop still give one root per message', () => {
    const r = roots([
      msg('a', { references: [id('c')] }),
      msg('b', { references: [id('a')], date: T0 + 1 }),
      msg('c', { references: [id('b')], date: T0 + 2 }),
      msg('d', { references: [id('d'), id('d')], date: T0 + 3 }),
    ])
    expect(new Set([r.a, r.b, r.c]).size).toBe(1)
    expect(r.d).toBe(id('d'))
  })

  it('uses the middle of a References chain when messages are missing', () => {
    const r = roots([
      msg('x', { references: [id('root'), id('mid')] }),
      msg('y', { references: [id('root'), id('other')], date: T0 + 1 }),
    ])
    expect(r).toEqual({ x: id('root'), y: id('root') })
  })

  it('guarded subject fallback: AW:/SV:/Re[2]: replies without headers join a recent thread with a shared participant', () => {
    for (const prefix of ['AW:', 'SV:', 'Re[2]:', 'RE: Fwd:', 'Re(3):', 'VS:']) {
      const r = buildThreads([
        msg('a', { subject: 'Lieferung Palette 12 beschädigt' }),
        msg('b', { subject: `${prefix} Lieferung Palette 12 beschädigt`, date: T0 + DAY }),
      ])
      expect(r.get('b'), prefix).toMatchObject({ rootId: id('a'), reason: 'subject' })
    }
  })

  it('subject fallback refuses: no reply prefix, generic subjects, no shared participant, too old', () => {
    const base = msg('a', { subject: 'Lieferung Palette 12 beschädigt' })
    const cases: ThreadInput[] = [
      msg('b', { subject: 'Lieferung Palette 12 beschädigt', date: T0 + DAY }),
      msg('b', {
        subject: 'Re: Lieferung Palette 12 beschädigt',
        date: T0 + DAY,
        participants: ['other@else.example'],
      }),
      msg('b', { subject: 'Re: Lieferung Palette 12 beschädigt', date: T0 + 20 * DAY }),
    ]
    for (const c of cases) expect(buildThreads([base, c]).get('b')?.rootId).toBe(id('b'))
    const generic = buildThreads([
      msg('a', { subject: 'Order' }),
      msg('b', { subject: 'Re: Order', date: T0 + DAY }),
    ])
    expect(generic.get('b')?.rootId).toBe(id('b'))
  })

  it('changed subjects stay in the thread when the headers link them', () => {
    const r = buildThreads([
      msg('a', { subject: 'Quote request' }),
      msg('b', {
        subject: 'Re: Quote request (now for 40 units)',
        references: [id('a')],
        date: T0 + 1,
      }),
    ])
    expect(r.get('b')?.rootId).toBe(id('a'))
  })

  it('business references link a new mail to a recent thread about the same PO', () => {
    const r = buildThreads([
      msg('a', { subject: 'PO 4711 delivery date', businessRefs: ['po:4711'] }),
      msg('b', {
        subject: 'Invoice for PO 4711',
        businessRefs: ['po:4711'],
        date: T0 + 3 * DAY,
        participants: ['ap@acme.example'],
      }),
      msg('c', { subject: 'PO 4711 again', businessRefs: ['po:4711'], date: T0 + 60 * DAY }),
    ])
    expect(r.get('b')).toMatchObject({ rootId: id('a'), reason: 'business-ref', detail: 'po:4711' })
    expect(r.get('c')?.rootId).toBe(id('c'))
  })

  it('messages without Message-ID get their own synthetic root', () => {
    const r = buildThreads([msg('a', { messageId: null }), msg('b', { messageId: null })])
    expect(r.get('a')?.rootId).not.toBe(r.get('b')?.rootId)
  })

  it('property: the result does not depend on input order, and every root is stable under shuffling', () => {
    const arb = fc
      .array(
        fc.record({
          n: fc.integer({ min: 0, max: 15 }),
          refs: fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 4 }),
          irt: fc.option(fc.integer({ min: 0, max: 15 }), { nil: null }),
          day: fc.integer({ min: 0, max: 40 }),
          reply: fc.boolean(),
          ref: fc.option(fc.constantFrom('po:1', 'po:2'), { nil: null }),
        }),
        { maxLength: 25 },
      )
      .map((specs) => {
        const seen = new Set<number>()
        return specs
          .filter((s) => (seen.has(s.n) ? false : (seen.add(s.n), true)))
          .map((s) =>
            msg(`m${s.n}`, {
              references: s.refs.map((r) => id(`m${r}`)),
              inReplyTo: s.irt === null ? [] : [id(`m${s.irt}`)],
              date: T0 + s.day * DAY,
              subject: `${s.reply ? 'Re: ' : ''}Pallet shipment ${s.n % 3}`,
              businessRefs: s.ref ? [s.ref] : [],
            }),
          )
      })
    fc.assert(
      fc.property(arb, fc.integer(), (messages, seed) => {
        const shuffled = [...messages].sort(
          (a, b) =>
            ((a.key.length * 31 + seed) % 7) - ((b.key.length * 17 + seed) % 5) ||
            a.key.localeCompare(b.key) * (seed % 2 ? 1 : -1),
        )
        const a = buildThreads(messages)
        const b = buildThreads(shuffled)
        for (const m of messages) expect(b.get(m.key)).toEqual(a.get(m.key))
        expect(a.size).toBe(messages.length)
      }),
      { numRuns: 300 },
    )
  })

  it("provisional thread: what a message's own headers say, equal to threading it alone", () => {
    expect(provisionalThread(msg('a'))).toEqual({ rootId: id('a'), reason: 'root', detail: null })
    expect(
      provisionalThread(msg('c', { references: [id('a'), id('b')], inReplyTo: [id('x')] })),
    ).toEqual({ rootId: id('a'), reason: 'references', detail: id('b') })
    expect(provisionalThread(msg('b', { inReplyTo: [id('b'), id('a')] }))).toEqual({
      rootId: id('a'),
      reason: 'in-reply-to',
      detail: id('a'),
    })
    // A message that references itself only is a root.
    expect(provisionalThread(msg('a', { references: [id('a')] })).reason).toBe('root')
    const arb = fc.record({
      refs: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 6 }),
      irt: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 2 }),
      own: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
      reply: fc.boolean(),
    })
    fc.assert(
      fc.property(arb, (spec) => {
        const m = msg('k', {
          messageId: spec.own === null ? null : id(`m${spec.own}`),
          references: spec.refs.map((r) => id(`m${r}`)),
          inReplyTo: spec.irt.map((r) => id(`m${r}`)),
          subject: `${spec.reply ? 'Re: ' : ''}Pallet shipment`,
          businessRefs: ['po:1'],
        })
        expect(provisionalThread(m)).toEqual(buildThreads([m]).get('k'))
      }),
      { numRuns: 500 },
    )
  })

  it("provisional thread: equal to the full result wherever the chain's top has no parent", () => {
    const parent = msg('p')
    const reply = msg('r', { references: [id('p')], date: T0 + DAY })
    const deep = msg('d', { references: [id('p'), id('r')], date: T0 + 2 * DAY })
    const full = buildThreads([deep, reply, parent])
    for (const m of [parent, reply, deep]) expect(provisionalThread(m)).toEqual(full.get(m.key))
    // A reply that names only its direct parent: the full result knows the parent's root.
    const late = msg('l', { inReplyTo: [id('r')], date: T0 + 3 * DAY })
    expect(buildThreads([parent, reply, late]).get('l')?.rootId).toBe(id('p'))
    expect(provisionalThread(late).rootId).toBe(id('r'))
  })
})
