import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openMigrated, type CliContext } from '../../../src/main/cli/context'
import { runCli } from '../../../src/main/cli/index'
import { mailMailboxes, mailMessages, mailOutbox, mailTickets } from '../../../src/main/db/schema'
import { findProjectRoot } from '../../../src/main/paths'
import { fixedClock } from '../../../src/shared/clock'
import { defaultSlaBook } from '../../../src/shared/sla'
import { tempDir } from '../../helpers/core'

const FIXTURES = join(__dirname, '../../fixtures/sla')

function capture(now = '2026-11-30T13:00:00Z') {
  const out: string[] = []
  const err: string[] = []
  const ctx: CliContext = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {},
    clock: fixedClock(now),
    root: findProjectRoot(__dirname),
  }
  return { ctx, out: () => out.join(''), err: () => err.join('') }
}

describe('kontor sla simulate', () => {
  it.each(['holiday-eve', 'pause-over-dst-weekend', 'reopen-always'])(
    'answers the %s scenario as hand-checked',
    async (name) => {
      const c = capture()
      expect(await runCli(['sla', 'simulate', join(FIXTURES, `${name}.json`)], c.ctx)).toBe(0)
      const expected = JSON.parse(
        readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8'),
      ) as unknown
      expect(JSON.parse(c.out())).toEqual(expected)
      expect(c.err()).toBe('')
    },
  )

  it('names the first invalid field of a bad scenario, as bad usage', async () => {
    const c = capture()
    expect(await runCli(['sla', 'simulate', join(FIXTURES, 'invalid-reason.json')], c.ctx)).toBe(2)
    expect(c.err()).toMatch(/events\.1\.reason: .*waiting_on_customer/)
    expect(c.out()).toBe('')
  })

  it('refuses a missing file, a missing argument and an unknown verb', async () => {
    const missing = capture()
    expect(await runCli(['sla', 'simulate', join(FIXTURES, 'nope.json')], missing.ctx)).toBe(2)
    expect(missing.err()).toMatch(/cannot read scenario .*nope\.json: ENOENT/)
    const noFile = capture()
    expect(await runCli(['sla', 'simulate'], noFile.ctx)).toBe(2)
    expect(noFile.err()).toMatch(/needs a scenario FILE\.json/)
    const verb = capture()
    expect(await runCli(['sla', 'simulat', 'x.json'], verb.ctx)).toBe(2)
    expect(verb.err()).toMatch(/unknown sla command "simulat"/)
    const bare = capture()
    expect(await runCli(['sla'], bare.ctx)).toBe(2)
    expect(bare.err()).toMatch(/needs --db PATH/)
  })
})

describe('kontor sla --db', () => {
  let tmp: ReturnType<typeof tempDir>
  let dbPath: string
  beforeEach(() => {
    tmp = tempDir()
    dbPath = join(tmp.dir, 'k.sqlite')
    const handle = openMigrated(dbPath, capture().ctx)
    try {
      const db = handle.db
      db.insert(mailMailboxes)
        .values({
          id: 'support',
          address: 'support@example.test',
          imapHost: '127.0.0.1',
          imapPort: 1143,
          imapSecurity: 'plain',
          imapUser: 'support',
          folders: '["INBOX","Sent"]',
          createdAt: '2026-11-01T00:00:00Z',
        })
        .run()
      const ticket = (id: string, accountId: string | null, status: string) => ({
        id,
        rootMessageId: `<${id}@customer.test>`,
        subject: 'Order 4711',
        accountId,
        status,
        messageCount: 1,
        lastMessageAt: '2026-11-30T10:00:00Z',
      })
      db.insert(mailTickets)
        .values([
          ticket('t1', 'acme', 'open'),
          ticket('t2', null, 'waiting'),
          ticket('t3', 'acme', 'solved'),
        ])
        .run()
      const message = (
        n: number,
        ticketId: string,
        direction: 'in' | 'out',
        internalDate: string,
        messageId: string,
      ) => ({
        identity: `identity-${n}`,
        messageId,
        internalDate,
        direction,
        ticketId,
      })
      db.insert(mailMessages)
        .values([
          // t1: customer at 09:00 Berlin; our reply, accepted by SMTP at 09:45 and copied to Sent at 09:50; a follow-up at 11:00.
          message(1, 't1', 'in', '2026-11-30T08:00:00Z', '<m1@customer.test>'),
          message(2, 't1', 'out', '2026-11-30T08:50:00Z', '<r1@kontor.test>'),
          message(3, 't1', 'in', '2026-11-30T10:00:00Z', '<m3@customer.test>'),
          // t2: customer at 10:00 Berlin; the reply (accepted 10:10) is not in Sent yet.
          message(4, 't2', 'in', '2026-11-30T09:00:00Z', '<m4@customer.test>'),
          message(5, 't3', 'in', '2026-11-30T07:00:00Z', '<m5@customer.test>'),
        ])
        .run()
      const outbox = (
        id: string,
        seq: number,
        ticketId: string,
        messageId: string,
        acceptedAt: string,
      ) => ({
        id,
        seq,
        ticketId,
        mailboxId: 'support',
        messageId,
        from: 'support@example.test',
        to: '["buyer@customer.test"]',
        subject: 'Re: Order 4711',
        text: 'reply',
        raw: Buffer.from('raw'),
        state: 'done',
        createdAt: acceptedAt,
        updatedAt: acceptedAt,
        acceptedAt,
      })
      db.insert(mailOutbox)
        .values([
          outbox('o1', 1, 't1', '<r1@kontor.test>', '2026-11-30T08:45:00Z'),
          outbox('o2', 2, 't2', '<r2@kontor.test>', '2026-11-30T09:10:00Z'),
        ])
        .run()
    } finally {
      handle.close()
    }
  })
  afterEach(() => tmp.dispose())

  const policyFile = () => {
    const path = join(tmp.dir, 'policy.json')
    const book = defaultSlaBook({
      emea: {
        timezone: 'Europe/Berlin',
        week: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [
            d,
            [
              ['08:00', '12:00'],
              ['13:00', '17:00'],
            ],
          ]),
        ),
      },
    })
    const accounts = [
      {
        accountId: 'acme',
        region: 'emea',
        terms: [{ effectiveFrom: '2026-01-01T00:00:00Z', tier: 1 }],
      },
    ]
    writeFileSync(path, JSON.stringify({ book, accounts, fallback: { tier: 3, region: 'emea' } }))
    return path
  }

  it('prints hand-checked figures for every open ticket, read-only', async () => {
    const before = createHash('sha256').update(readFileSync(dbPath)).digest('hex')
    const c = capture()
    expect(
      await runCli(
        [
          'sla',
          '--db',
          dbPath,
          '--json',
          '--policy',
          policyFile(),
          '--at',
          '2026-11-30T14:00:00+01:00',
        ],
        c.ctx,
      ),
    ).toBe(0)
    const out = JSON.parse(c.out()) as { at: string; tickets: Array<Record<string, unknown>> }
    expect(out.at).toBe('2026-11-30T13:00:00.000Z')
    expect(out.tickets).toEqual([
      {
        ticketId: 't1',
        accountId: 'acme',
        status: 'open',
        tier: 1,
        calendar: 'region:emea',
        // Reply at SMTP acceptance (09:45), not at the Sent copy (09:50).
        firstResponse: { state: 'met', dueAt: null, usedMinutes: 45, remainingMinutes: 75 },
        // From 11:00: 11-12 and 13-14, 120 of 240; due at 16:00.
        nextResponse: {
          state: 'running',
          dueAt: '2026-11-30T16:00:00+01:00',
          usedMinutes: 120,
          remainingMinutes: 120,
        },
        // 09-12 and 13-14: 240 of 960; 720 left: Mon 180, Tue 480, Wed 08-09.
        resolution: {
          state: 'running',
          dueAt: '2026-12-02T09:00:00+01:00',
          usedMinutes: 240,
          remainingMinutes: 720,
        },
      },
      {
        ticketId: 't2',
        accountId: null,
        status: 'waiting',
        tier: 3,
        calendar: 'region:emea',
        firstResponse: { state: 'met', dueAt: null, usedMinutes: 10, remainingMinutes: 1430 },
        nextResponse: { state: 'not_started', dueAt: null, usedMinutes: 0, remainingMinutes: 1440 },
        // 10-12 and 13-14: 180 of 4800; 4620 left: Mon 180, nine full days (4320), Mon 14 Dec 08-10.
        resolution: {
          state: 'running',
          dueAt: '2026-12-14T10:00:00+01:00',
          usedMinutes: 180,
          remainingMinutes: 4620,
        },
      },
    ])
    expect(createHash('sha256').update(readFileSync(dbPath)).digest('hex')).toBe(before)
  })

  it('uses the injected clock and the default policy (tier 2, 24/7 UTC) without options, and prints a table', async () => {
    const c = capture('2026-11-30T12:00:00Z')
    expect(await runCli(['sla', '--db', dbPath, '--json'], c.ctx)).toBe(0)
    const out = JSON.parse(c.out()) as {
      tickets: Array<{ ticketId: string; tier: number; calendar: string; resolution: unknown }>
    }
    expect(out.tickets.map((t) => [t.ticketId, t.tier, t.calendar])).toEqual([
      ['t1', 2, 'region:default'],
      ['t2', 2, 'region:default'],
    ])
    // 24/7 from 08:00Z to 12:00Z: 240 of 1920.
    expect(out.tickets[0]?.resolution).toEqual({
      state: 'running',
      dueAt: '2026-12-01T16:00:00+00:00',
      usedMinutes: 240,
      remainingMinutes: 1680,
    })
    const text = capture('2026-11-30T12:00:00Z')
    expect(await runCli(['sla', '--db', dbPath], text.ctx)).toBe(0)
    expect(text.out()).toMatch(/^SLA at 2026-11-30T12:00:00.000Z: 2 open tickets\n/)
    expect(text.out()).toMatch(/t1 +tier 2 +firstResponse: met 195m/)
  })

  it('refuses a bad --at and a bad policy file as usage errors', async () => {
    const at = capture()
    expect(await runCli(['sla', '--db', dbPath, '--at', 'tomorrow'], at.ctx)).toBe(2)
    expect(at.err()).toMatch(/--at must be an ISO 8601 instant/)
    const path = join(tmp.dir, 'bad-policy.json')
    writeFileSync(
      path,
      JSON.stringify({
        book: defaultSlaBook({}),
        accounts: [],
        fallback: { tier: 4, region: 'x' },
      }),
    )
    const policy = capture()
    expect(await runCli(['sla', '--db', dbPath, '--policy', path], policy.ctx)).toBe(2)
    expect(policy.err()).toMatch(/policy file .*fallback\.tier/)
  })
})
