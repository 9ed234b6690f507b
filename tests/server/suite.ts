/**
 * The sync server's behaviour, run against each store: PGlite (tests/server) and a real
 * PostgreSQL (tests/integration/server). `makeStore` opens the same database again each
 * time it is called (to test restarts); `cleanup` removes it.
 */
import { sql } from 'drizzle-orm'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { addAgent, assignAccounts, revokeAgent } from '../../src/server/agents'
import { buildServer } from '../../src/server/app'
import { verifyAudit } from '../../src/server/audit'
import { accounts } from '../../src/server/db/schema'
import { rows, type Store } from '../../src/server/db/store'
import { csvToRows } from '../../src/server/import'
import { ACCOUNTS, NOW, SCOPES, bearer, seedWorld, type Tokens, type World } from './fixture'

export interface TestDatabase {
  /** Open (or, after close, reopen) this test's database. */
  open: () => Promise<Store>
  cleanup: () => Promise<void>
}

export interface StoreFactory {
  /** Build a template database once (migrated, then seeded by `seed`). */
  template: (
    seed: (store: Store) => Promise<void>,
  ) => Promise<{ fresh: () => Promise<TestDatabase>; dispose: () => Promise<void> }>
}

type Who = keyof typeof SCOPES

async function count(store: Store, table: string): Promise<number> {
  const [r] = await rows<{ n: string }>(
    store.db,
    sql.raw(`select count(*)::text as n from ${table}`),
  )
  return Number(r?.n ?? 0)
}

export function serverSuite(label: string, factory: StoreFactory): void {
  describe(`sync server on ${label}`, { timeout: 90_000 }, () => {
    let store: Store
    let world: World
    let db: TestDatabase
    let tokens: Tokens
    let template: Awaited<ReturnType<StoreFactory['template']>>
    const opened: Store[] = []

    beforeAll(async () => {
      template = await factory.template(async (s) => {
        tokens = await seedWorld(s)
      })
    }, 180_000)
    beforeEach(async () => {
      db = await template.fresh()
      store = await db.open()
      opened.push(store)
      world = { app: await buildServer({ store, now: () => NOW }), tokens }
    }, 90_000)
    afterEach(async () => {
      await world.app.close()
      for (const s of opened.splice(0)) await s.close().catch(() => undefined)
      await db.cleanup()
    }, 90_000)
    afterAll(async () => {
      await template?.dispose()
    }, 90_000)

    const get = (who: Who | 'revoked' | null, url: string) =>
      world.app.inject({ method: 'GET', url, headers: who ? bearer(world.tokens[who]) : {} })
    const post = (who: Who | 'revoked', url: string, payload: unknown) =>
      world.app.inject({
        method: 'POST',
        url,
        headers: bearer(world.tokens[who]),
        payload: payload as object,
      })
    const pushAs = (who: Who, clientId: string, mutations: unknown[]) =>
      post(who, '/v1/push', { clientId, mutations })

    it('serves health and an OpenAPI document generated from the schemas', async () => {
      const health = await get(null, '/v1/health')
      expect(health.statusCode).toBe(200)
      expect(health.json()).toMatchObject({ ok: true, store: store.kind })
      const doc = (await get(null, '/v1/openapi.json')).json()
      expect(doc.openapi).toBe('3.1.0')
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/v1/push', '/v1/pull', '/v1/import/{kind}', '/v1/orders/{id}']),
      )
      expect(
        doc.paths['/v1/push'].post.requestBody.content['application/json'].schema.properties
          .mutations,
      ).toBeDefined()
    })

    it('refuses missing, unknown and revoked tokens on every signed-in route', async () => {
      for (const url of ['/v1/me', '/v1/accounts', '/v1/orders/O-A1', '/v1/outbound']) {
        expect((await get(null, url)).statusCode).toBe(401)
        expect((await get('revoked', url)).statusCode).toBe(401)
        const forged = await world.app.inject({
          method: 'GET',
          url,
          headers: bearer('kt_' + 'x'.repeat(43)),
        })
        expect(forged.statusCode).toBe(401)
      }
      expect(
        (await post('revoked', '/v1/push', { clientId: 'client-rev', mutations: [] })).statusCode,
      ).toBe(401)
      expect(
        (await post('revoked', '/v1/pull', { clientId: 'client-rev', cursor: '0' })).statusCode,
      ).toBe(401)
    })

    it('role matrix: every read answers 200 in scope and 404 out of scope, for every role', async () => {
      for (const who of Object.keys(SCOPES) as Who[]) {
        const scope = SCOPES[who]
        const list = (await get(who, '/v1/accounts'))
          .json()
          .accounts.map((a: { id: string }) => a.id)
          .sort()
        expect(list, who).toEqual([...scope].sort())
        expect((await get(who, '/v1/me')).json().accounts).toBe(scope.length)
        for (const a of ACCOUNTS) {
          const want = scope.includes(a) ? 200 : 404
          for (const url of [
            `/v1/accounts/${a}`,
            `/v1/accounts/${a}/orders`,
            `/v1/accounts/${a}/quotes`,
            `/v1/accounts/${a}/invoices`,
            `/v1/accounts/${a}/tickets`,
            `/v1/orders/O-${a}`,
            `/v1/quotes/Q-${a}`,
            `/v1/invoices/I-${a}`,
          ])
            expect((await get(who, url)).statusCode, `${who} ${url}`).toBe(want)
        }
        // A missing object answers exactly like a forbidden one.
        const missing = await get(who, '/v1/orders/O-NOPE')
        expect(missing.statusCode).toBe(404)
        expect((await get(who, '/v1/inventory/SKU-1')).statusCode).toBe(200)
        const adminOnly = who === 'admin' ? 200 : 403
        expect((await get(who, '/v1/outbound')).statusCode, who).toBe(adminOnly)
        expect((await get(who, '/v1/audit/verify')).statusCode, who).toBe(adminOnly)
        expect((await post(who, '/v1/import/accounts', { rows: [] })).statusCode, who).toBe(
          adminOnly,
        )
        expect((await post(who, '/v1/outbound/ack', { upTo: '0' })).statusCode, who).toBe(adminOnly)
      }
    })

    it('role matrix in push: every mutation, with ids of other accounts in args and batches: not found, never applied', async () => {
      const auditBefore = await count(store, 'audit')
      const versions = async () => {
        const out: Record<string, number> = {}
        for (const a of ACCOUNTS)
          for (const [kind, key] of [
            ['orders', 'order'],
            ['quotes', 'quote'],
            ['invoices', 'invoice'],
            ['accounts', 'account'],
          ] as const) {
            const id = kind === 'accounts' ? a : `${key[0]?.toUpperCase()}-${a}`
            out[`${key}:${a}`] = (await get('admin', `/v1/${kind}/${id}`)).json()[key].version
          }
        return out
      }
      for (const who of Object.keys(SCOPES) as Who[]) {
        const scope = SCOPES[who]
        const home = scope[0] as string
        let id = 0
        const targets: string[] = []
        const batch = ACCOUNTS.flatMap((a) => {
          const ms = [
            {
              name: 'ticket.assign',
              args: { ticketId: `T-${who}-${a}`, accountId: a, assigneeId: who },
            },
            {
              name: 'ticket.setStatus',
              args: {
                ticketId: `T-${who}-${a}`,
                accountId: a,
                status: 'paused',
                pauseReason: 'waiting_on_customer',
              },
            },
            {
              name: 'ticket.addNote',
              args: { ticketId: `T-${who}-${a}`, accountId: a, noteId: 'n1', text: 'called' },
            },
            {
              name: 'ticket.setOrderType',
              args: { ticketId: `T-${who}-${a}`, accountId: a, orderType: 'rush' },
            },
            {
              name: 'quote.revise',
              baseVersion: 1,
              args: {
                quoteId: `Q-${a}`,
                lines: [{ sku: 'SKU-1', qty: 4, unitPrice: 1400 }],
                validUntil: '2026-04-30',
              },
            },
            { name: 'quote.accept', baseVersion: 1, args: { quoteId: `Q-${a}`, revision: 1 } },
            {
              name: 'order.changeLines',
              baseVersion: 1,
              args: { orderId: `O-${a}`, changes: [{ lineId: 'L1', qty: 9 }] },
            },
            {
              name: 'order.splitShipment',
              baseVersion: 1,
              args: {
                orderId: `O-${a}`,
                lineId: 'L2',
                parts: [
                  { qty: 2, shipDate: '2026-03-10' },
                  { qty: 3, shipDate: '2026-03-20' },
                ],
              },
            },
            {
              name: 'order.confirmBackorder',
              baseVersion: 1,
              args: { orderId: `O-${a}`, lineId: 'L2', expectedDate: '2026-04-01' },
            },
            {
              name: 'invoice.correct',
              baseVersion: 1,
              args: { invoiceId: `I-${a}`, amount: 24_000, reason: 'freight refund' },
            },
            {
              name: 'contact.add',
              args: {
                accountId: a,
                email: `${who.toLowerCase()}@new-${a.toLowerCase()}.example`,
                name: 'New Buyer',
                role: 'buyer',
              },
            },
            // From a ticket in the caller's own scope to objects of account a:
            {
              name: 'ticket.link',
              args: {
                ticketId: `T2-${who}`,
                accountId: home,
                target: { type: 'order', id: `O-${a}` },
              },
            },
            {
              name: 'ticket.link',
              args: {
                ticketId: `T2-${who}`,
                accountId: home,
                target: { type: 'quote', id: `Q-${a}` },
              },
            },
            {
              name: 'ticket.link',
              args: {
                ticketId: `T2-${who}`,
                accountId: home,
                target: { type: 'invoice', id: `I-${a}` },
              },
            },
          ]
          targets.push(...ms.map(() => a))
          return ms.map((m) => ({ id: ++id, ...m }))
        })
        const before = await versions()
        const res = await pushAs(who, `client-${who}-1`, batch)
        expect(res.statusCode).toBe(200)
        const results = res.json().results as {
          id: number
          status: string
          error?: { code: string }
        }[]
        expect(results).toHaveLength(batch.length)
        results.forEach((r, i) => {
          const m = batch[i] as { name: string }
          const account = targets[i] as string
          const what = `${who} ${m.name} on ${account}`
          // In scope: applied, or refused on its merits (a conflict with an earlier role's change, a rule).
          // Out of scope: not found, always, whatever else is true.
          if (scope.includes(account))
            expect(r.error?.code ?? r.status, what).toMatch(
              /^(applied|E_CONFLICT|E_RULE_VIOLATION)$/,
            )
          else expect(r.error?.code, what).toBe('E_NOT_FOUND')
        })
        expect(results.filter((r) => r.status === 'applied').length, who).toBeGreaterThanOrEqual(
          scope.length * 4,
        )
        // Nothing outside the scope moved.
        const after = await versions()
        for (const [key, v] of Object.entries(before))
          if (!scope.includes(key.split(':')[1] as string))
            expect(after[key], `${who} ${key}`).toBe(v)
      }
      expect(await count(store, 'audit')).toBeGreaterThan(auditBefore)
      expect((await verifyAudit(store.db)).ok).toBe(true)
    })

    it('a ticket id owned by another account is not reachable by naming an account in scope', async () => {
      const first = await pushAs('agentS', 'client-s-1', [
        {
          id: 1,
          name: 'ticket.addNote',
          args: { ticketId: 'T-shared', accountId: 'B1', noteId: 'n1', text: 'hello' },
        },
      ])
      expect(first.json().results[0].status).toBe('applied')
      const sneaky = await pushAs('agentN', 'client-n-1', [
        {
          id: 1,
          name: 'ticket.assign',
          args: { ticketId: 'T-shared', accountId: 'A1', assigneeId: 'agentN' },
        },
      ])
      expect(sneaky.json().results[0]).toMatchObject({
        status: 'rejected',
        error: { code: 'E_NOT_FOUND' },
      })
      expect((await get('agentN', '/v1/tickets/T-shared')).statusCode).toBe(404)
      expect((await get('agentS', '/v1/tickets/T-shared')).json().ticket.assigneeId).toBeNull()
      // A client id is bound to its agent.
      const stolen = await pushAs('agentN', 'client-s-1', [
        {
          id: 2,
          name: 'ticket.addNote',
          args: { ticketId: 'T-n', accountId: 'A1', noteId: 'n', text: 'x' },
        },
      ])
      expect(stolen.statusCode).toBe(403)
      expect(
        (await post('agentN', '/v1/pull', { clientId: 'client-s-1', cursor: '0' })).statusCode,
      ).toBe(403)
    })

    it('pull sends only the scope, then removes what left it and adds what entered it', async () => {
      const first = (
        await post('agentN', '/v1/pull', { clientId: 'client-n-pull', cursor: '0' })
      ).json()
      expect(first.scope).toEqual(['A1', 'A1S'])
      const accountsSeen = new Set(
        first.changes.map((c: { data: { accountId?: string; id: string }; entity: string }) =>
          c.entity === 'account' ? c.data.id : c.data.accountId,
        ),
      )
      accountsSeen.delete(undefined)
      expect([...accountsSeen].sort()).toEqual(['A1', 'A1S'])
      expect(first.changes.some((c: { entity: string }) => c.entity === 'inventory')).toBe(true)
      expect(first.hasMore).toBe(false)

      // A change in scope and one outside it.
      await pushAs('agentN', 'client-n-push', [
        {
          id: 1,
          name: 'ticket.setOrderType',
          args: { ticketId: 'T1', accountId: 'A1', orderType: 'rush' },
        },
      ])
      await pushAs('agentS', 'client-s-push', [
        {
          id: 1,
          name: 'ticket.setOrderType',
          args: { ticketId: 'T2', accountId: 'B1', orderType: 'sample' },
        },
      ])
      // Like a client, send the directory digest back: the directory is not resent.
      const directory = first.directory.digest
      const second = (
        await post('agentN', '/v1/pull', {
          clientId: 'client-n-pull',
          cursor: first.cursor,
          directory,
        })
      ).json()
      expect(second.changes.map((c: { id: string }) => c.id)).toEqual(['T1'])
      expect(second.lastMutationId).toBe(0)

      // Re-assignment takes effect on the next pull: A1 (and its child) leave, B2 enters.
      await assignAccounts(store.db, 'agentN', ['B2'], true)
      const third = (
        await post('agentN', '/v1/pull', {
          clientId: 'client-n-pull',
          cursor: second.cursor,
          directory,
        })
      ).json()
      expect(third.scope).toEqual(['B2'])
      expect(third.removedAccounts).toEqual(['A1', 'A1S'])
      expect(
        third.changes.some(
          (c: { entity: string; id: string }) => c.entity === 'order' && c.id === 'O-B2',
        ),
      ).toBe(true)
      expect(
        third.changes.every(
          (c: { entity: string; data: { accountId?: string; id: string } }) =>
            (c.entity === 'account' ? c.data.id : c.data.accountId) === 'B2',
        ),
      ).toBe(true)
      expect((await get('agentN', '/v1/orders/O-A1')).statusCode).toBe(404)
      expect((await get('agentN', '/v1/orders/O-B2')).statusCode).toBe(200)
    })

    it('an agent adds a contact to an account in scope: pulled in scope, once per address, never into another account', async () => {
      const add = (id: number, accountId: string, email: string, extra: object = {}) => ({
        id,
        name: 'contact.add',
        args: { accountId, email, name: 'Petra Buyer', role: 'buyer', ...extra },
      })
      const start = (
        await post('agentN', '/v1/pull', { clientId: 'client-n-contacts', cursor: '0' })
      ).json()
      const otherStart = (
        await post('agentS', '/v1/pull', { clientId: 'client-s-contacts', cursor: '0' })
      ).json()
      const res = await pushAs('agentN', 'client-n-contacts', [
        add(1, 'A1', 'Petra.Buyer@Portal.example', { department: 'Einkauf' }),
        // The same address again (another case): one contact, no new change.
        add(2, 'A1', 'petra.buyer@portal.example'),
        // The same address in another account of the caller's scope: refused, naming it.
        add(3, 'A1S', 'petra.buyer@portal.example'),
        // An address the ERP already gave another account, outside the caller's scope.
        add(4, 'A1', 'buyer@b1.example'),
        // An account outside the scope: answered as missing.
        add(5, 'B1', 'new@portal.example'),
      ])
      expect(res.statusCode, res.body).toBe(200)
      const results = res.json().results as {
        status: string
        error?: { code: string; message: string }
      }[]
      expect(results.map((r) => r.error?.code ?? r.status)).toEqual([
        'applied',
        'applied',
        'E_RULE_VIOLATION',
        'E_RULE_VIOLATION',
        'E_NOT_FOUND',
      ])
      expect(results[2]?.error?.message).toMatch(/already a contact of /)
      expect(results[3]?.error?.message).toBe(
        'buyer@b1.example is already a contact of an account outside your scope',
      )
      const pulled = (
        await post('agentN', '/v1/pull', { clientId: 'client-n-contacts', cursor: start.cursor })
      ).json()
      const added = pulled.changes.filter((c: { entity: string }) => c.entity === 'contact')
      expect(added).toHaveLength(1)
      expect(added[0].data).toMatchObject({
        accountId: 'A1',
        email: 'Petra.Buyer@Portal.example',
        name: 'Petra Buyer',
        role: 'buyer',
        department: 'Einkauf',
      })
      // Another agent's scope does not include A1: nothing to pull.
      const other = (
        await post('agentS', '/v1/pull', {
          clientId: 'client-s-contacts',
          cursor: otherStart.cursor,
        })
      ).json()
      expect(other.changes.filter((c: { entity: string }) => c.entity === 'contact')).toEqual([])
      // The ERP hears of it through the outbound feed, once.
      expect(await count(store, "outbound where action = 'contact.added'")).toBe(1)
      expect((await verifyAudit(store.db)).ok).toBe(true)
      // Bad input: a malformed address or an unknown role is a 400 with nothing written.
      const bad = await pushAs('agentN', 'client-n-contacts', [
        {
          id: 6,
          name: 'contact.add',
          args: { accountId: 'A1', email: 'x\r\n@y', name: 'X', role: 'buyer' },
        },
      ])
      expect(bad.statusCode).toBe(400)
      const badRole = await pushAs('agentN', 'client-n-contacts', [
        {
          id: 7,
          name: 'contact.add',
          args: { accountId: 'A1', email: 'a@b.example', name: 'X', role: 'ceo' },
        },
      ])
      expect(badRole.statusCode).toBe(400)
      expect(await count(store, 'contacts')).toBe(ACCOUNTS.length + 1)
    })

    it('Triage: any agent closes a ticket of no account; every agent pulls it; stale reopen conflicts', async () => {
      const n0 = (
        await post('agentN', '/v1/pull', { clientId: 'client-n-triage', cursor: '0' })
      ).json()
      const s0 = (
        await post('agentS', '/v1/pull', { clientId: 'client-s-triage', cursor: '0' })
      ).json()
      const closed = await pushAs('agentN', 'client-n-triage', [
        {
          id: 1,
          name: 'triage.setStatus',
          args: { ticketId: 't_spam', status: 'closed', reason: 'spam' },
        },
      ])
      expect(closed.statusCode, closed.body).toBe(200)
      expect(closed.json().results[0]).toMatchObject({ status: 'applied', version: 1 })
      // The other team's agent, with no account in common, receives it too.
      const s1 = (
        await post('agentS', '/v1/pull', { clientId: 'client-s-triage', cursor: s0.cursor })
      ).json()
      const triage = s1.changes.filter((c: { entity: string }) => c.entity === 'triage')
      expect(triage).toHaveLength(1)
      expect(triage[0]).toMatchObject({
        id: 't_spam',
        version: 1,
        data: {
          status: 'closed',
          reason: 'spam',
          statusHistory: [{ status: 'closed', by: 'agentN' }],
        },
      })
      // Reopened by S on version 1; N's reopen made against version 0 conflicts, naming both.
      const reopened = await pushAs('agentS', 'client-s-triage', [
        {
          id: 1,
          name: 'triage.setStatus',
          baseVersion: 1,
          args: { ticketId: 't_spam', status: 'open' },
        },
      ])
      expect(reopened.json().results[0]).toMatchObject({ status: 'applied', version: 2 })
      const stale = await pushAs('agentN', 'client-n-triage', [
        {
          id: 2,
          name: 'triage.setStatus',
          baseVersion: 1,
          args: { ticketId: 't_spam', status: 'closed', reason: 'not_a_customer' },
        },
      ])
      expect(stale.json().results[0]).toMatchObject({
        status: 'rejected',
        error: { code: 'E_CONFLICT', conflict: { serverVersion: 2, baseVersion: 1 } },
      })
      // A new client's first pull holds the current state.
      const fresh = (
        await post('agentN', '/v1/pull', { clientId: 'client-n-triage-2', cursor: '0' })
      ).json()
      expect(
        fresh.changes
          .filter((c: { entity: string }) => c.entity === 'triage')
          .map((c: { data: { status: string } }) => c.data.status),
      ).toEqual(['open'])
      expect(n0.changes.some((c: { entity: string }) => c.entity === 'triage')).toBe(false)
      // Closing needs a reason, and only closing takes one.
      for (const args of [
        { ticketId: 't_x', status: 'closed' },
        { ticketId: 't_x', status: 'open', reason: 'spam' },
        { ticketId: 't_x', status: 'closed', reason: 'bored' },
      ]) {
        const bad = await pushAs('agentN', 'client-n-triage', [
          { id: 3, name: 'triage.setStatus', args },
        ])
        expect(bad.statusCode, JSON.stringify(args)).toBe(400)
      }
      expect((await verifyAudit(store.db)).ok).toBe(true)
    })

    it('pages the change log with a limit, without gaps or repeats', async () => {
      const first = (
        await post('agentS', '/v1/pull', { clientId: 'client-page', cursor: '0' })
      ).json()
      const batch = Array.from({ length: 7 }, (_, i) => ({
        id: i + 1,
        name: 'ticket.setStatus',
        args: { ticketId: `T-page-${i}`, accountId: 'B1', status: 'pending' },
      }))
      expect(
        (await pushAs('agentS', 'client-page-push', batch))
          .json()
          .results.every((r: { status: string }) => r.status === 'applied'),
      ).toBe(true)
      let cursor = first.cursor as string
      const seen: string[] = []
      let pages = 0
      for (;;) {
        const page = (
          await post('agentS', '/v1/pull', {
            clientId: 'client-page',
            cursor,
            limit: 3,
            directory: first.directory.digest,
          })
        ).json()
        pages++
        seen.push(...page.changes.map((c: { id: string }) => c.id))
        cursor = page.cursor
        if (!page.hasMore) break
      }
      expect(pages).toBe(3)
      expect(seen).toEqual(batch.map((m) => m.args.ticketId))
      const again = (
        await post('agentS', '/v1/pull', {
          clientId: 'client-page',
          cursor,
          directory: first.directory.digest,
        })
      ).json()
      expect(again.changes).toEqual([])
    })

    it('pushing the same batch twice applies it once, also across a server restart', async () => {
      const batch = [
        {
          id: 1,
          name: 'ticket.addNote',
          args: { ticketId: 'T-idem', accountId: 'A1', noteId: 'n1', text: 'called the buyer' },
        },
        {
          id: 2,
          name: 'quote.revise',
          baseVersion: 1,
          args: {
            quoteId: 'Q-A1',
            lines: [{ sku: 'SKU-1', qty: 5, unitPrice: 1400 }],
            validUntil: '2026-04-30',
          },
        },
        {
          id: 3,
          name: 'quote.revise',
          baseVersion: 1,
          args: {
            quoteId: 'Q-B1',
            lines: [{ sku: 'SKU-1', qty: 5, unitPrice: 1400 }],
            validUntil: '2026-04-30',
          },
        },
        {
          id: 4,
          name: 'order.changeLines',
          baseVersion: 1,
          args: { orderId: 'O-A1', changes: [{ lineId: 'L1', qty: 12 }] },
        },
      ]
      const once = (await pushAs('agentN', 'client-idem', batch)).json()
      expect(once.results.map((r: { status: string }) => r.status)).toEqual([
        'applied',
        'applied',
        'rejected',
        'applied',
      ])
      expect(once.lastMutationId).toBe(4)
      const audits = await count(store, 'audit')
      const twice = (await pushAs('agentN', 'client-idem', batch)).json()
      expect(twice.results.every((r: { duplicate?: boolean }) => r.duplicate)).toBe(true)
      expect(twice.results.map((r: { status: string }) => r.status)).toEqual([
        'applied',
        'applied',
        'rejected',
        'applied',
      ])

      // Restart: a new store handle and a new app on the same database.
      await world.app.close()
      await store.close()
      store = await db.open()
      opened.push(store)
      world.app = await buildServer({ store, now: () => NOW })
      const thrice = (
        await pushAs('agentN', 'client-idem', [
          ...batch,
          {
            id: 5,
            name: 'ticket.addNote',
            args: { ticketId: 'T-idem', accountId: 'A1', noteId: 'n2', text: 'again' },
          },
        ])
      ).json()
      expect(thrice.results.slice(0, 4).every((r: { duplicate?: boolean }) => r.duplicate)).toBe(
        true,
      )
      expect(thrice.results[4]).toMatchObject({ status: 'applied' })
      expect(await count(store, 'audit')).toBe(audits + 1)
      const quote = (await get('agentN', '/v1/quotes/Q-A1')).json().quote
      expect(quote.revisions).toHaveLength(2)
      const ticket = (await get('agentN', '/v1/tickets/T-idem')).json().ticket
      expect(ticket.notes.map((n: { noteId: string }) => n.noteId)).toEqual(['n1', 'n2'])
      expect(
        (await post('agentN', '/v1/pull', { clientId: 'client-idem', cursor: '0' })).json()
          .lastMutationId,
      ).toBe(5)
    })

    it('two clients revising the same quote offline: the second gets a conflict with both versions', async () => {
      const lines = (qty: number, unitPrice: number) => [{ sku: 'SKU-1', qty, unitPrice }]
      const a = (
        await pushAs('agentS', 'client-laptop', [
          {
            id: 1,
            name: 'quote.revise',
            baseVersion: 1,
            args: { quoteId: 'Q-B1', lines: lines(10, 1300), validUntil: '2026-04-15' },
          },
        ])
      ).json()
      expect(a.results[0]).toMatchObject({ status: 'applied', version: 2 })
      const b = (
        await pushAs('leadS', 'client-desk', [
          {
            id: 1,
            name: 'quote.revise',
            baseVersion: 1,
            args: { quoteId: 'Q-B1', lines: lines(8, 1250), validUntil: '2026-04-20' },
          },
        ])
      ).json()
      expect(b.results[0].status).toBe('rejected')
      expect(b.results[0].error.code).toBe('E_CONFLICT')
      const conflict = b.results[0].error.conflict
      expect(conflict).toMatchObject({
        entity: 'quote',
        entityId: 'Q-B1',
        fields: ['lines'],
        baseVersion: 1,
        serverVersion: 2,
      })
      expect(conflict.server.lines).toEqual(lines(10, 1300))
      expect(conflict.client.lines).toEqual(lines(8, 1250))
      const quote = (await get('admin', '/v1/quotes/Q-B1')).json().quote
      expect(quote.revisions.at(-1).lines).toEqual(lines(10, 1300))
      // Rebased on the new version, it applies.
      const c = (
        await pushAs('leadS', 'client-desk', [
          {
            id: 2,
            name: 'quote.revise',
            baseVersion: 2,
            args: { quoteId: 'Q-B1', lines: lines(8, 1250), validUntil: '2026-04-20' },
          },
        ])
      ).json()
      expect(c.results[0]).toMatchObject({ status: 'applied', version: 3 })
      // A missing baseVersion on a money change is bad input, not last-write-wins.
      const noBase = await pushAs('leadS', 'client-desk', [
        {
          id: 3,
          name: 'quote.revise',
          args: { quoteId: 'Q-B1', lines: lines(1, 1), validUntil: '2026-04-20' },
        },
      ])
      expect(noBase.statusCode).toBe(400)
    })

    it('changes to different fields of one order merge; the same line quantity conflicts', async () => {
      const r1 = (
        await pushAs('agentS', 'client-1', [
          {
            id: 1,
            name: 'order.changeLines',
            baseVersion: 1,
            args: { orderId: 'O-B1', changes: [{ lineId: 'L1', qty: 11 }] },
          },
        ])
      ).json()
      const r2 = (
        await pushAs('leadS', 'client-2', [
          {
            id: 1,
            name: 'order.changeLines',
            baseVersion: 1,
            args: { orderId: 'O-B1', changes: [{ lineId: 'L2', shipDate: '2026-03-20' }] },
          },
        ])
      ).json()
      const r3 = (
        await pushAs('leadS', 'client-2', [
          {
            id: 2,
            name: 'order.changeLines',
            baseVersion: 1,
            args: { orderId: 'O-B1', changes: [{ lineId: 'L1', qty: 9 }] },
          },
        ])
      ).json()
      expect(r1.results[0].status).toBe('applied')
      expect(r2.results[0].status).toBe('applied')
      expect(r3.results[0].error).toMatchObject({
        code: 'E_CONFLICT',
        conflict: {
          fields: ['lines.L1.qty'],
          server: { 'lines.L1.qty': 11 },
          client: { 'lines.L1.qty': 9 },
        },
      })
      const order = (await get('agentS', '/v1/orders/O-B1')).json().order
      expect(order.lines.find((l: { lineId: string }) => l.lineId === 'L1').qty).toBe(11)
      expect(order.lines.find((l: { lineId: string }) => l.lineId === 'L2').shipDate).toBe(
        '2026-03-20',
      )
      expect(order.version).toBe(3)
    })

    it('enforces business rules: shipped lines, credit limit, quote validity, split quantities', async () => {
      const res = (
        await pushAs('admin', 'client-rules', [
          {
            id: 1,
            name: 'order.changeLines',
            baseVersion: 1,
            args: { orderId: 'O-A1', changes: [{ lineId: 'L3', qty: 1 }] },
          },
          // B2 has a credit limit of 10.00 EUR.
          { id: 2, name: 'quote.accept', baseVersion: 1, args: { quoteId: 'Q-B2', revision: 1 } },
          {
            id: 3,
            name: 'order.splitShipment',
            baseVersion: 1,
            args: {
              orderId: 'O-A1',
              lineId: 'L1',
              parts: [
                { qty: 4, shipDate: '2026-03-05' },
                { qty: 4, shipDate: '2026-03-12' },
              ],
            },
          },
          {
            id: 4,
            name: 'order.splitShipment',
            baseVersion: 1,
            args: {
              orderId: 'O-A1',
              lineId: 'L1',
              parts: [
                { qty: 4, shipDate: '2026-03-05' },
                { qty: 6, shipDate: '2026-03-12' },
              ],
            },
          },
          { id: 5, name: 'quote.accept', baseVersion: 1, args: { quoteId: 'Q-A1', revision: 1 } },
          {
            id: 6,
            name: 'order.changeLines',
            baseVersion: 1,
            args: { orderId: 'O-B2', changes: [{ lineId: 'L1', qty: 500 }] },
          },
          {
            id: 7,
            name: 'quote.revise',
            baseVersion: 1,
            args: {
              quoteId: 'Q-A1S',
              lines: [{ sku: 'SKU-1', qty: 1, unitPrice: 1 }],
              validUntil: '2026-03-01',
            },
          },
        ])
      ).json()
      expect(
        res.results.map(
          (r: { status: string; error?: { code: string } }) => r.error?.code ?? r.status,
        ),
      ).toEqual([
        'E_RULE_VIOLATION',
        'E_RULE_VIOLATION',
        'E_RULE_VIOLATION',
        'applied',
        'applied',
        'E_RULE_VIOLATION',
        'E_RULE_VIOLATION',
      ])
      const acc = (await get('admin', '/v1/accounts/A1')).json().account
      expect(acc.creditUsed).toBe(4500)
      // Outbound feed: the ERP sees the split and the acceptance, and acks them.
      const feed = (await get('admin', '/v1/outbound')).json()
      expect(feed.changes.map((c: { action: string }) => c.action)).toEqual([
        'order.shipmentSplit',
        'quote.accepted',
      ])
      expect((await post('admin', '/v1/outbound/ack', { upTo: feed.cursor })).json().acked).toBe(2)
      expect((await get('admin', '/v1/outbound')).json().changes).toEqual([])
    })

    it('bad input answers 400 with field errors and writes nothing', async () => {
      const before = {
        mutations: await count(store, 'mutations'),
        audit: await count(store, 'audit'),
        tickets: await count(store, 'tickets'),
      }
      const ok = {
        id: 1,
        name: 'ticket.addNote',
        args: { ticketId: 'T-bad', accountId: 'A1', noteId: 'n1', text: 'fine' },
      }
      const cases: [string, unknown][] = [
        ['unknown top-level field', { clientId: 'client-bad', mutations: [ok], extra: 1 }],
        [
          'unknown arg field',
          {
            clientId: 'client-bad',
            mutations: [
              ok,
              {
                id: 2,
                name: 'ticket.assign',
                args: { ticketId: 'T', accountId: 'A1', assigneeId: null, admin: true },
              },
            ],
          },
        ],
        [
          'negative quantity',
          {
            clientId: 'client-bad',
            mutations: [
              ok,
              {
                id: 2,
                name: 'order.changeLines',
                baseVersion: 1,
                args: { orderId: 'O-A1', changes: [{ lineId: 'L1', qty: -3 }] },
              },
            ],
          },
        ],
        [
          'fractional money',
          {
            clientId: 'client-bad',
            mutations: [
              ok,
              {
                id: 2,
                name: 'invoice.correct',
                baseVersion: 1,
                args: { invoiceId: 'I-A1', amount: 10.5, reason: 'x' },
              },
            ],
          },
        ],
        [
          'huge string',
          {
            clientId: 'client-bad',
            mutations: [{ ...ok, args: { ...ok.args, text: 'x'.repeat(100_000) } }],
          },
        ],
        [
          'huge array',
          {
            clientId: 'client-bad',
            mutations: [
              ok,
              {
                id: 2,
                name: 'quote.revise',
                baseVersion: 1,
                args: {
                  quoteId: 'Q-A1',
                  lines: Array.from({ length: 1000 }, () => ({ sku: 'S', qty: 1, unitPrice: 1 })),
                  validUntil: '2026-04-01',
                },
              },
            ],
          },
        ],
        [
          'wrong types',
          {
            clientId: 'client-bad',
            mutations: [{ id: '1', name: 'ticket.addNote', args: ok.args }],
          },
        ],
        [
          'unknown mutation',
          { clientId: 'client-bad', mutations: [{ id: 1, name: 'quote.delete', args: {} }] },
        ],
        [
          'paused without reason',
          {
            clientId: 'client-bad',
            mutations: [
              {
                id: 1,
                name: 'ticket.setStatus',
                args: { ticketId: 'T', accountId: 'A1', status: 'paused' },
              },
            ],
          },
        ],
        ['not an object', 'hello'],
      ]
      for (const [what, body] of cases) {
        const res = await world.app.inject({
          method: 'POST',
          url: '/v1/push',
          headers: { ...bearer(world.tokens.agentN), 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        })
        expect(res.statusCode, what).toBe(400)
        expect(res.json().error.code, what).toBe('E_INVALID_INPUT')
        if (typeof body === 'object')
          expect(res.json().error.fields.length, what).toBeGreaterThan(0)
      }
      const malformed = await world.app.inject({
        method: 'POST',
        url: '/v1/push',
        headers: { ...bearer(world.tokens.agentN), 'content-type': 'application/json' },
        payload: '{"clientId":',
      })
      expect(malformed.statusCode).toBe(400)
      const tooMany = await pushAs(
        'agentN',
        'client-bad',
        Array.from({ length: 101 }, (_, i) => ({ ...ok, id: i + 1 })),
      )
      expect(tooMany.statusCode).toBe(413)
      const pageTooBig = await post('agentN', '/v1/pull', {
        clientId: 'client-bad',
        cursor: '0',
        limit: 100_000,
      })
      expect(pageTooBig.statusCode).toBe(413)
      const badPath = await get('agentN', `/v1/orders/${'x'.repeat(150)}`)
      expect(badPath.statusCode).toBe(400)
      expect({
        mutations: await count(store, 'mutations'),
        audit: await count(store, 'audit'),
        tickets: await count(store, 'tickets'),
      }).toEqual(before)
    })

    it('limits body size (413) and request rate per token (429)', async () => {
      const small = await buildServer({
        store,
        now: () => NOW,
        bodyLimit: 2048,
        rateBurst: 3,
        ratePerSecond: 0.001,
      })
      try {
        const big = await small.inject({
          method: 'POST',
          url: '/v1/pull',
          headers: bearer(world.tokens.agentN),
          payload: { clientId: 'client-big', cursor: '0', pad: 'x'.repeat(5000) },
        })
        expect(big.statusCode).toBe(413)
        const codes: number[] = []
        for (let i = 0; i < 4; i++)
          codes.push(
            (
              await small.inject({
                method: 'GET',
                url: '/v1/me',
                headers: bearer(world.tokens.agentS),
              })
            ).statusCode,
          )
        expect(codes).toEqual([200, 200, 200, 429])
        // Another token has its own bucket.
        expect(
          (
            await small.inject({
              method: 'GET',
              url: '/v1/me',
              headers: bearer(world.tokens.leadS),
            })
          ).statusCode,
        ).toBe(200)
      } finally {
        await small.close()
      }
    })

    it('imports idempotently with a per-row error report, from JSON and CSV', async () => {
      const rows = [
        {
          id: 'A9',
          name: 'Nine GmbH',
          tier: 'standard',
          region: 'EMEA',
          timeZone: 'Europe/Vienna',
          currency: 'EUR',
          creditLimit: 100,
          creditUsed: 0,
          paymentTermsDays: 14,
          teamId: 'north',
        },
        {
          id: 'A10',
          name: 'Ten',
          tier: 'platinum',
          region: 'EMEA',
          timeZone: 'UTC',
          currency: 'EUR',
          creditLimit: -1,
          creditUsed: 0,
          paymentTermsDays: 14,
        },
      ]
      const first = (await post('admin', '/v1/import/accounts', { rows })).json()
      expect(first).toMatchObject({ received: 2, inserted: 1, updated: 0, unchanged: 0 })
      expect(first.errors).toHaveLength(1)
      expect(first.errors[0].row).toBe(1)
      expect(first.errors[0].fields.map((f: { path: string }) => f.path).sort()).toEqual([
        'creditLimit',
        'tier',
      ])
      const changesBefore = await count(store, 'changes')
      const again = (await post('admin', '/v1/import/accounts', { rows: [rows[0]] })).json()
      expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 })
      expect(await count(store, 'changes')).toBe(changesBefore)
      const csv =
        'id,name,tier,region,timeZone,currency,creditLimit,creditUsed,paymentTermsDays,teamId\nA9,"Nine GmbH, Vienna",standard,EMEA,Europe/Vienna,EUR,100,0,14,north\n'
      const parsed = csvToRows(csv)
      expect(parsed[0]).toMatchObject({ name: 'Nine GmbH, Vienna', creditLimit: 100 })
      const viaCsv = await world.app.inject({
        method: 'POST',
        url: '/v1/import/accounts',
        headers: { ...bearer(world.tokens.admin) },
        payload: { rows: parsed },
      })
      expect(viaCsv.json()).toMatchObject({ updated: 1 })
      expect((await post('admin', '/v1/import/widgets', { rows: [] })).statusCode).toBe(400)
      // The team lead of north now sees A9 (its team); the agent of north does not (not assigned).
      expect((await get('agentN', '/v1/accounts/A9')).statusCode).toBe(404)
    })

    it('keeps an append-only audit whose hash chain verifies and detects tampering', async () => {
      await pushAs('agentN', 'client-audit', [
        {
          id: 1,
          name: 'ticket.addNote',
          args: { ticketId: 'T-a', accountId: 'A1', noteId: 'n1', text: 'note' },
        },
      ])
      const ok = (await get('admin', '/v1/audit/verify')).json()
      expect(ok.ok).toBe(true)
      expect(ok.rows).toBeGreaterThan(5)
      await expect(
        store.db.execute(sql`update audit set actor_id = 'someone' where seq = 2`),
      ).rejects.toThrow()
      await expect(store.db.execute(sql`delete from audit`)).rejects.toThrow()
      // An operator who disables the trigger still cannot hide an edit from verify.
      await store.db.execute(sql`alter table audit disable trigger audit_no_update`)
      await store.db.execute(sql`update audit set after = '{"forged":true}'::jsonb where seq = 2`)
      await store.db.execute(sql`alter table audit enable trigger audit_no_update`)
      const bad = await verifyAudit(store.db)
      expect(bad).toMatchObject({ ok: false, brokenAt: 2 })
    })

    it('pokes SSE listeners whose scope changed, and not the others', async () => {
      const app = await buildServer({ store, now: () => NOW })
      await app.listen({ port: 0, host: '127.0.0.1' })
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
      const listen = async (token: string) => {
        const ctrl = new AbortController()
        const res = await fetch(`${base}/v1/events`, {
          headers: bearer(token),
          signal: ctrl.signal,
        })
        const reader = (res.body as ReadableStream<Uint8Array>).getReader()
        let text = ''
        const decoder = new TextDecoder()
        // One read in flight at a time: a read abandoned on timeout would swallow its chunk.
        let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null
        const until = async (needle: string, ms: number) => {
          const deadline = Date.now() + ms
          while (!text.includes(needle) && Date.now() < deadline) {
            pending ??= reader.read()
            const chunk = await Promise.race([
              pending,
              new Promise<null>((r) => setTimeout(() => r(null), 100)),
            ])
            if (chunk) {
              pending = null
              if (!chunk.done) text += decoder.decode(chunk.value)
            }
          }
          return text.includes(needle)
        }
        const stop = () => {
          pending?.catch(() => undefined)
          ctrl.abort()
        }
        return { until, stop }
      }
      try {
        const north = await listen(world.tokens.agentN)
        const south = await listen(world.tokens.agentS)
        expect(await north.until('event: ready', 5000)).toBe(true)
        expect(await south.until('event: ready', 5000)).toBe(true)
        await app.inject({
          method: 'POST',
          url: '/v1/push',
          headers: bearer(world.tokens.agentS),
          payload: {
            clientId: 'client-poke',
            mutations: [
              {
                id: 1,
                name: 'ticket.setStatus',
                args: { ticketId: 'T-p', accountId: 'B1', status: 'resolved' },
              },
            ],
          },
        })
        expect(await south.until('event: poke', 5000)).toBe(true)
        expect(await north.until('event: poke', 500)).toBe(false)
        north.stop()
        south.stop()
        const revoked = await fetch(`${base}/v1/events`, { headers: bearer(world.tokens.revoked) })
        expect(revoked.status).toBe(401)
      } finally {
        await app.close()
      }
    })

    describe('the directory (agents and teams) in pull', () => {
      type Pulled = {
        changes: { entity: string; id: string; version: number; data: Record<string, unknown> }[]
        directory?: { digest: string; agents: string[]; teams: string[] }
      }
      const pullAs = async (who: Who, clientId: string, directory?: string) => {
        const res = await post(who, '/v1/pull', {
          clientId,
          cursor: '0',
          ...(directory ? { directory } : {}),
        })
        expect(res.statusCode, res.body).toBe(200)
        return { body: res.body, json: res.json() as Pulled }
      }
      const agentsOf = (p: Pulled) =>
        p.changes
          .filter((c) => c.entity === 'agent')
          .map((c) => c.id)
          .sort()
      const assign = (who: Who, clientId: string, id: number, accountId: string, to: string) =>
        pushAs(who, clientId, [
          {
            id,
            name: 'ticket.assign',
            args: { ticketId: `T-dir-${id}`, accountId, assigneeId: to },
          },
        ]).then((r) => r.json().results[0])

      beforeEach(async () => {
        const add = (id: string, name: string, role: 'agent' | 'team_lead', team: string) =>
          addAgent(
            store.db,
            { id, name, email: `${id}@kontor.test`, role, team, accounts: ['A1'] },
            NOW,
          )
        await add('agentN2', 'Nils North', 'agent', 'north')
        await add('leadN', 'Lina Lead', 'team_lead', 'north')
        await add('agentW', 'Wanda West', 'agent', 'west')
      })

      it('an agent sees their team (members and leads), nothing secret; other teams are invisible', async () => {
        const { body, json } = await pullAs('agentN', 'client-dir-n')
        expect(json.directory?.agents).toEqual(['agentN', 'agentN2', 'leadN'])
        expect(json.directory?.teams).toEqual(['north'])
        expect(agentsOf(json)).toEqual(['agentN', 'agentN2', 'leadN'])
        expect(json.directory?.digest).toMatch(/^[0-9a-f]{64}$/)
        const nils = json.changes.find((c) => c.entity === 'agent' && c.id === 'agentN2')
        expect(nils?.data).toEqual({
          id: 'agentN2',
          name: 'Nils North',
          role: 'agent',
          teamId: 'north',
        })
        expect(json.changes.find((c) => c.entity === 'team')?.data).toEqual({
          id: 'north',
          name: 'north',
        })
        // No token hashes, emails or other teams anywhere in the response.
        const hashes = await rows<{ h: string }>(store.db, sql`select token_hash as h from agents`)
        for (const { h } of hashes) expect(body).not.toContain(h)
        for (const hidden of [
          '@kontor.test',
          'tokenHash',
          'token_hash',
          'agentS',
          'leadS',
          'agentW',
          'Wanda',
          'gone',
        ])
          expect(body).not.toContain(hidden)
        // The same directory is not sent again.
        const again = await pullAs('agentN', 'client-dir-n', json.directory?.digest)
        expect(again.json.directory).toBeUndefined()
        expect(agentsOf(again.json)).toEqual([])
      })

      it('a lead sees their team; an admin sees every active agent and team', async () => {
        const lead = (await pullAs('leadS', 'client-dir-l')).json
        expect(lead.directory?.agents).toEqual(['agentS', 'leadS'])
        expect(lead.directory?.teams).toEqual(['south'])
        const admin = (await pullAs('admin', 'client-dir-a')).json
        expect(admin.directory?.agents).toEqual([
          'admin',
          'agentN',
          'agentN2',
          'agentS',
          'agentW',
          'leadN',
          'leadS',
        ])
        expect(admin.directory?.teams).toEqual(['north', 'south', 'west'])
      })

      it("the account's rep and the assignees of tickets in scope join; a revoked agent leaves", async () => {
        const first = (await pullAs('agentN', 'client-dir-r')).json
        const digest = first.directory?.digest as string
        // Assigning to someone outside the directory is answered like a missing agent.
        expect(await assign('agentN', 'client-dir-r', 1, 'A1', 'agentW')).toMatchObject({
          status: 'rejected',
          error: { code: 'E_NOT_FOUND' },
        })
        expect(await assign('agentN', 'client-dir-r', 2, 'A1', 'gone')).toMatchObject({
          status: 'rejected',
          error: { code: 'E_NOT_FOUND' },
        })
        expect(await assign('agentN', 'client-dir-r', 3, 'A1', 'agentN2')).toMatchObject({
          status: 'applied',
        })
        // West's agent becomes A1's rep: visible (and assignable) to A1's agents.
        await store.db
          .update(accounts)
          .set({ repAgentId: 'agentW' })
          .where(sql`${accounts.id} = 'A1'`)
        const withRep = (await pullAs('agentN', 'client-dir-r', digest)).json
        expect(withRep.directory?.agents).toEqual(['agentN', 'agentN2', 'agentW', 'leadN'])
        expect(withRep.directory?.teams).toEqual(['north', 'west'])
        expect(await assign('agentN', 'client-dir-r', 4, 'A1', 'agentW')).toMatchObject({
          status: 'applied',
        })
        // An admin assigns an A1 ticket to South's lead: A1's agents see who has it.
        expect(await assign('admin', 'client-dir-adm', 5, 'A1', 'leadS')).toMatchObject({
          status: 'applied',
        })
        const withAssignee = (await pullAs('agentN', 'client-dir-r', withRep.directory?.digest))
          .json
        expect(withAssignee.directory?.agents).toEqual([
          'agentN',
          'agentN2',
          'agentW',
          'leadN',
          'leadS',
        ])
        // A revoked teammate leaves the directory (its version moved, so the digest did).
        await revokeAgent(store.db, 'agentN2', NOW)
        const afterRevoke = (await pullAs('agentN', 'client-dir-r', withAssignee.directory?.digest))
          .json
        expect(afterRevoke.directory?.agents).not.toContain('agentN2')
        expect(agentsOf(afterRevoke)).not.toContain('agentN2')
        // South's agent never saw any of North.
        const south = (await pullAs('agentS', 'client-dir-s')).json
        expect(south.directory?.agents).toEqual(['agentS', 'leadS'])
      })
    })
  })
}
