import { describe, expect, it } from 'vitest'
import {
  DEMO_ACCOUNTS,
  DEMO_AGENTS,
  DEMO_CONTACTS,
  DEMO_PRODUCTS,
  DEMO_SELLER,
  DEMO_SHARED_MAILBOXES,
  DEMO_TEAMS,
  PAYMENT_TERMS,
  demoAccountsImport,
  demoContactsOf,
  demoListPrice,
} from '../../../src/shared/demo/companies'
import { createPrng } from '../../../src/shared/demo/random'

const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1)
const unique = <T>(values: readonly T[]): boolean => new Set(values).size === values.length

describe('demo companies', () => {
  it('has about 40 accounts in all three tiers and all three regions', () => {
    expect(DEMO_ACCOUNTS.length).toBeGreaterThanOrEqual(38)
    expect(DEMO_ACCOUNTS.length).toBeLessThanOrEqual(45)
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.tier))).toEqual(
      new Set(['strategic', 'key', 'standard']),
    )
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.region))).toEqual(
      new Set(['emea-dach', 'emea-west', 'na']),
    )
  })

  it('has unique ids, external ids, domains, contact ids and e-mail addresses', () => {
    expect(unique(DEMO_ACCOUNTS.map((a) => a.id))).toBe(true)
    expect(unique(DEMO_ACCOUNTS.map((a) => a.externalId))).toBe(true)
    expect(unique(DEMO_ACCOUNTS.flatMap((a) => a.domains))).toBe(true)
    expect(unique(DEMO_CONTACTS.map((c) => c.id))).toBe(true)
    const allMail = [
      ...DEMO_CONTACTS.map((c) => c.email),
      ...DEMO_AGENTS.map((a) => a.email),
      ...DEMO_SHARED_MAILBOXES.map((m) => m.address),
    ]
    expect(unique(allMail.map((e) => e.toLowerCase()))).toBe(true)
    for (const email of allMail) expect(email).toMatch(/^[a-z0-9._-]+@[a-z0-9.-]+\.example$/)
  })

  it('lists every parent before its subsidiaries, without cycles', () => {
    const seen = new Set<string>()
    for (const account of DEMO_ACCOUNTS) {
      if (account.parentId !== null)
        expect(seen.has(account.parentId), `${account.id} → ${account.parentId}`).toBe(true)
      seen.add(account.id)
    }
    expect(DEMO_ACCOUNTS.filter((a) => a.parentId !== null).length).toBeGreaterThanOrEqual(8)
  })

  it('gives every account 2–5 contacts whose addresses are in its own domains', () => {
    for (const account of DEMO_ACCOUNTS) {
      const contacts = demoContactsOf(account.id)
      expect(contacts.length, account.id).toBeGreaterThanOrEqual(2)
      expect(contacts.length, account.id).toBeLessThanOrEqual(5)
      for (const contact of contacts) expect(account.domains).toContain(domainOf(contact.email))
      expect(
        contacts.some((c) => c.role === 'buyer'),
        `${account.id} has a buyer`,
      ).toBe(true)
    }
    expect(new Set(DEMO_CONTACTS.map((c) => c.role))).toEqual(
      new Set(['buyer', 'finance', 'approver', 'admin']),
    )
    for (const contact of DEMO_CONTACTS)
      expect(DEMO_ACCOUNTS.some((a) => a.id === contact.accountId)).toBe(true)
  })

  it('assigns each account a dedicated account manager of its region’s team', () => {
    for (const account of DEMO_ACCOUNTS) {
      const rep = DEMO_AGENTS.find((a) => a.id === account.repId)
      expect(rep?.role, account.id).toBe('account_manager')
      expect(rep?.teamId).toBe(account.teamId)
      const team = DEMO_TEAMS.find((t) => t.id === account.teamId)
      expect(team?.region).toBe(account.region)
      expect(PAYMENT_TERMS[account.paymentTerms]).toBeDefined()
      expect(Number.isInteger(account.creditLimitMinor) && account.creditLimitMinor >= 0).toBe(true)
      if (account.paymentTerms === 'PREPAID') expect(account.creditLimitMinor).toBe(0)
    }
  })

  it('has agents of every role in consistent teams, and shared mailboxes on the seller domain', () => {
    expect(new Set(DEMO_AGENTS.map((a) => a.role))).toEqual(
      new Set(['agent', 'account_manager', 'team_lead', 'admin']),
    )
    expect(unique(DEMO_AGENTS.map((a) => a.id))).toBe(true)
    for (const team of DEMO_TEAMS) {
      const lead = DEMO_AGENTS.find((a) => a.id === team.leadAgentId)
      expect(lead?.role).toBe('team_lead')
      expect(lead?.teamId).toBe(team.id)
    }
    for (const a of DEMO_AGENTS)
      if (a.teamId !== null) expect(DEMO_TEAMS.some((t) => t.id === a.teamId)).toBe(true)
    for (const a of DEMO_AGENTS) expect(domainOf(a.email)).toBe(DEMO_SELLER.domain)
    const purposes = DEMO_SHARED_MAILBOXES.map((m) => m.purpose)
    expect(purposes).toEqual(expect.arrayContaining(['support', 'billing', 'regional']))
    for (const m of DEMO_SHARED_MAILBOXES) {
      expect(domainOf(m.address)).toBe(DEMO_SELLER.domain)
      expect(DEMO_TEAMS.some((t) => t.id === m.teamId)).toBe(true)
    }
  })

  it('has a catalogue of about 150 unique SKUs with positive prices', () => {
    expect(DEMO_PRODUCTS.length).toBeGreaterThanOrEqual(140)
    expect(DEMO_PRODUCTS.length).toBeLessThanOrEqual(170)
    expect(unique(DEMO_PRODUCTS.map((p) => p.sku))).toBe(true)
    for (const p of DEMO_PRODUCTS) {
      expect(p.sku).toMatch(/^[A-Z]{3}-[A-Z0-9.-]+$/)
      expect(Number.isInteger(p.listPriceMinor) && p.listPriceMinor > 0).toBe(true)
      expect(p.packSize).toBeGreaterThan(0)
      expect(demoListPrice(p, 'USD')).toBeGreaterThan(p.listPriceMinor)
    }
  })
})

describe('demoAccountsImport', () => {
  it('lists every account with its domains and contacts in the local import shape', () => {
    const rows = demoAccountsImport()
    expect(rows.map((r) => r.id)).toEqual(DEMO_ACCOUNTS.map((a) => a.id))
    expect(rows.flatMap((r) => r.contacts).length).toBe(DEMO_CONTACTS.length)
    for (const row of rows)
      for (const c of row.contacts) expect(row.domains).toContain(domainOf(c.email))
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows)
  })
})

describe('createPrng', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const draw = (seed: string | number): number[] => {
      const r = createPrng(seed)
      return Array.from({ length: 20 }, () => r.int(0, 1_000_000))
    }
    expect(draw('demo')).toEqual(draw('demo'))
    expect(draw(1)).not.toEqual(draw(2))
    const r = createPrng('range')
    for (let i = 0; i < 1000; i++) {
      const v = r.int(3, 7)
      expect(v >= 3 && v <= 7).toBe(true)
      const f = r.next()
      expect(f >= 0 && f < 1).toBe(true)
    }
    expect(createPrng('x').fork('a').next()).toBe(createPrng('x').fork('a').next())
    expect(createPrng('s').sample([1, 2, 3, 4, 5], 5).sort()).toEqual([1, 2, 3, 4, 5])
  })
})
