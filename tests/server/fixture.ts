/**
 * A small world for the server tests: two teams, accounts with a child, orders, quotes and
 * invoices, agents of every role (and one revoked), loaded through the real import API.
 */
import type { FastifyInstance } from 'fastify'
import { addAgent, revokeAgent } from '../../src/server/agents'
import { buildServer } from '../../src/server/app'
import type { Store } from '../../src/server/db/store'

export const NOW = new Date('2026-03-02T10:00:00Z')

export type Tokens = {
  agentN: string
  agentS: string
  leadS: string
  admin: string
  revoked: string
}

export interface World {
  app: FastifyInstance
  tokens: Tokens
}

export const ACCOUNTS = ['A1', 'A1S', 'B1', 'B2'] as const
/** Who sees which account. */
export const SCOPES: Record<'agentN' | 'agentS' | 'leadS' | 'admin', string[]> = {
  agentN: ['A1', 'A1S'],
  agentS: ['B1'],
  leadS: ['B1', 'B2'],
  admin: ['A1', 'A1S', 'B1', 'B2'],
}

const account = (id: string, team: string, parentId: string | null, creditLimit = 5_000_000) => ({
  id,
  name: `Account ${id}`,
  parentId,
  tier: 'key',
  region: 'EMEA',
  timeZone: 'Europe/Berlin',
  domain: `${id.toLowerCase()}.example`,
  currency: 'EUR',
  creditLimit,
  creditUsed: 0,
  paymentTermsDays: 30,
  teamId: team,
})

/** Load the world into an empty store (through the import API) and return the agents' tokens. */
export async function seedWorld(store: Store): Promise<Tokens> {
  const db = store.db
  const admin = await addAgent(
    db,
    { id: 'admin', name: 'Ada Admin', email: 'admin@kontor.test', role: 'admin' },
    NOW,
  )
  const app = await buildServer({ store, now: () => NOW })
  const auth = { authorization: `Bearer ${admin.token}` }
  const imp = async (kind: string, rows: unknown[]) => {
    const res = await app.inject({
      method: 'POST',
      url: `/v1/import/${kind}`,
      headers: auth,
      payload: { rows },
    })
    if (res.statusCode !== 200 || res.json().errors.length)
      throw new Error(`import ${kind}: ${res.body}`)
  }
  await imp('accounts', [
    account('A1', 'north', null),
    account('A1S', 'south-of-nothing', 'A1'),
    account('B1', 'south', null),
    account('B2', 'south', null, 1_000),
  ])
  await imp(
    'contacts',
    ACCOUNTS.map((a) => ({
      id: `C-${a}`,
      accountId: a,
      name: `Buyer ${a}`,
      email: `buyer@${a.toLowerCase()}.example`,
      role: 'buyer',
    })),
  )
  await imp(
    'orders',
    ACCOUNTS.map((a) => ({
      id: `O-${a}`,
      accountId: a,
      number: `SO-${a}`,
      status: 'open',
      orderedAt: '2026-02-20T09:00:00Z',
      currency: 'EUR',
      lines: [
        { lineId: 'L1', sku: 'SKU-1', qty: 10, unitPrice: 1000 },
        { lineId: 'L2', sku: 'SKU-2', qty: 5, unitPrice: 2000 },
        { lineId: 'L3', sku: 'SKU-3', qty: 2, unitPrice: 500, shippedQty: 2, status: 'shipped' },
      ],
    })),
  )
  await imp(
    'quotes',
    ACCOUNTS.map((a) => ({
      id: `Q-${a}`,
      accountId: a,
      number: `QT-${a}`,
      status: 'sent',
      currency: 'EUR',
      revisions: [
        {
          revision: 1,
          lines: [{ sku: 'SKU-1', qty: 3, unitPrice: 1500 }],
          validUntil: '2026-03-31',
          createdAt: '2026-02-25T09:00:00Z',
        },
      ],
    })),
  )
  await imp(
    'invoices',
    ACCOUNTS.map((a) => ({
      id: `I-${a}`,
      accountId: a,
      number: `INV-${a}`,
      amount: 25_000,
      currency: 'EUR',
      issuedOn: '2026-02-01',
      dueOn: '2026-03-03',
      status: 'open',
    })),
  )
  await imp('inventory', [
    { sku: 'SKU-1', warehouse: 'HAM', onHand: 120 },
    { sku: 'SKU-1', warehouse: 'LYS', onHand: 0, expectedQty: 50, expectedDate: '2026-03-20' },
  ])
  const agentN = await addAgent(
    db,
    {
      id: 'agentN',
      name: 'Nora North',
      email: 'nora@kontor.test',
      role: 'agent',
      team: 'north',
      accounts: ['A1'],
    },
    NOW,
  )
  const agentS = await addAgent(
    db,
    {
      id: 'agentS',
      name: 'Sam South',
      email: 'sam@kontor.test',
      role: 'account_manager',
      team: 'south',
      accounts: ['B1'],
    },
    NOW,
  )
  const leadS = await addAgent(
    db,
    { id: 'leadS', name: 'Lea Lead', email: 'lea@kontor.test', role: 'team_lead', team: 'south' },
    NOW,
  )
  const revoked = await addAgent(
    db,
    { id: 'gone', name: 'Gus Gone', email: 'gus@kontor.test', role: 'admin' },
    NOW,
  )
  await revokeAgent(db, 'gone', NOW)
  await app.close()
  return {
    agentN: agentN.token,
    agentS: agentS.token,
    leadS: leadS.token,
    admin: admin.token,
    revoked: revoked.token,
  }
}

export function bearer(token: string) {
  return { authorization: `Bearer ${token}` }
}
