/**
 * The sync server's schema: one drizzle schema serves PostgreSQL and PGlite.
 *
 * Money is bigint cents (read as JS numbers; every amount is below 2^53 by the import and
 * mutation schemas). Every synced entity carries `version` (bumped on each change) and
 * `fieldVersions` (the entity version at which each field group last changed): a mutation
 * made against an older version conflicts only if a field it touches changed since, so
 * changes to different fields merge.
 */
import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'

const money = (name: string) => bigint(name, { mode: 'number' })

const versioned = {
  version: integer('version').notNull().default(1),
  fieldVersions: jsonb('field_versions').$type<Record<string, number>>().notNull().default({}),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
}

/**
 * Teams and agents are pulled by clients (the directory: names for assignees, teammates
 * for the assign menu); `version` is bumped on every change so a client keeps the newest.
 */
export const teams = pgTable('teams', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  version: integer('version').notNull().default(1),
})

export const agents = pgTable(
  'agents',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    role: text('role').notNull(),
    teamId: text('team_id').references(() => teams.id),
    /** SHA-256 of the bearer token; the token itself is printed once and never stored. */
    tokenHash: text('token_hash').notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('agents_email_idx').on(t.email),
    uniqueIndex('agents_token_hash_idx').on(t.tokenHash),
  ],
)

/** Accounts assigned to an agent or account manager (their children come with them). */
export const agentAccounts = pgTable(
  'agent_accounts',
  {
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id),
    accountId: text('account_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.agentId, t.accountId] }),
    index('agent_accounts_account_idx').on(t.accountId),
  ],
)

export const accounts = pgTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    parentId: text('parent_id'),
    tier: text('tier').notNull(),
    region: text('region').notNull(),
    timeZone: text('time_zone').notNull(),
    calendar: text('calendar'),
    domain: text('domain'),
    currency: text('currency').notNull(),
    creditLimit: money('credit_limit').notNull(),
    creditUsed: money('credit_used').notNull(),
    paymentTermsDays: integer('payment_terms_days').notNull(),
    repAgentId: text('rep_agent_id'),
    teamId: text('team_id'),
    ...versioned,
  },
  (t) => [index('accounts_parent_idx').on(t.parentId), index('accounts_team_idx').on(t.teamId)],
)

export const contacts = pgTable(
  'contacts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    role: text('role').notNull(),
    department: text('department'),
    ...versioned,
  },
  (t) => [
    index('contacts_account_idx').on(t.accountId),
    // contact.add looks an address up case-insensitively: one account per address.
    index('contacts_email_idx').on(sql`lower(${t.email})`),
  ],
)

export interface OrderLine {
  lineId: string
  sku: string
  description?: string
  qty: number
  unitPrice: number
  shippedQty: number
  shipDate: string | null
  status: 'open' | 'backordered' | 'shipped' | 'cancelled'
  /** Set by order.confirmBackorder. */
  expectedDate?: string
}

export interface Shipment {
  lineId: string
  qty: number
  shipDate: string
}

export const orders = pgTable(
  'orders',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    number: text('number').notNull(),
    status: text('status').notNull(),
    /** ISO 8601 instant, as imported. */
    orderedAt: text('ordered_at').notNull(),
    currency: text('currency').notNull(),
    lines: jsonb('lines').$type<OrderLine[]>().notNull(),
    /** Planned partial shipments (order.splitShipment). */
    shipments: jsonb('shipments').$type<Shipment[]>().notNull().default([]),
    total: money('total').notNull(),
    ...versioned,
  },
  (t) => [index('orders_account_idx').on(t.accountId)],
)

export interface QuoteRevision {
  revision: number
  lines: {
    sku: string
    description?: string
    qty: number
    unitPrice: number
    discountPct?: number
  }[]
  validUntil: string
  createdAt: string
  total: number
  createdBy?: string
  note?: string
}

export const quotes = pgTable(
  'quotes',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    number: text('number').notNull(),
    status: text('status').notNull(),
    currency: text('currency').notNull(),
    currentRevision: integer('current_revision').notNull(),
    revisions: jsonb('revisions').$type<QuoteRevision[]>().notNull(),
    ...versioned,
  },
  (t) => [index('quotes_account_idx').on(t.accountId)],
)

export interface InvoiceCorrection {
  from: number
  to: number
  reason: string
  at: string
  by: string
}

export const invoices = pgTable(
  'invoices',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    orderId: text('order_id'),
    number: text('number').notNull(),
    amount: money('amount').notNull(),
    currency: text('currency').notNull(),
    issuedOn: text('issued_on').notNull(),
    dueOn: text('due_on').notNull(),
    status: text('status').notNull(),
    corrections: jsonb('corrections').$type<InvoiceCorrection[]>().notNull().default([]),
    ...versioned,
  },
  (t) => [index('invoices_account_idx').on(t.accountId)],
)

/** Stock is not per account: every signed-in agent may read it. */
export const inventory = pgTable(
  'inventory',
  {
    sku: text('sku').notNull(),
    warehouse: text('warehouse').notNull(),
    description: text('description'),
    onHand: integer('on_hand').notNull(),
    expectedQty: integer('expected_qty'),
    expectedDate: text('expected_date'),
    ...versioned,
  },
  (t) => [primaryKey({ columns: [t.sku, t.warehouse] })],
)

export interface TicketNote {
  noteId: string
  text: string
  by: string
  at: string
}
/**
 * One status change, at the server's time of the mutation: SLA clocks replay these as
 * pause/resume/solved/reopened events, so every client computes the same figures.
 */
export interface TicketStatusChange {
  at: string
  status: string
  pauseReason: string | null
  by: string
  /** Why a Triage ticket was closed (triage_tickets only). */
  reason?: string | null
}
export interface TicketLink {
  type: 'order' | 'quote' | 'invoice' | 'ticket'
  id: string
}

/** Ticket metadata only: the mail itself stays on IMAP, and tickets are derived on clients. */
export const tickets = pgTable(
  'tickets',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    assigneeId: text('assignee_id'),
    status: text('status').notNull().default('open'),
    pauseReason: text('pause_reason'),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    notes: jsonb('notes').$type<TicketNote[]>().notNull().default([]),
    statusHistory: jsonb('status_history').$type<TicketStatusChange[]>().notNull().default([]),
    orderType: text('order_type'),
    links: jsonb('links').$type<TicketLink[]>().notNull().default([]),
    mergedInto: text('merged_into'),
    ...versioned,
  },
  (t) => [index('tickets_account_idx').on(t.accountId)],
)

/**
 * Triage tickets closed (or opened again) without an account: keyed by the client-made ticket
 * id, visible to every agent (no account, no customer data: a status, a reason, who and when).
 */
export const triageTickets = pgTable('triage_tickets', {
  id: text('id').primaryKey(),
  status: text('status').notNull().default('open'),
  reason: text('reason'),
  statusHistory: jsonb('status_history').$type<TicketStatusChange[]>().notNull().default([]),
  ...versioned,
})

/** Clients seen by the server: bound to one agent, with the scope their replica holds. */
export const syncClients = pgTable('sync_clients', {
  clientId: text('client_id').primaryKey(),
  agentId: text('agent_id').notNull(),
  lastMutationId: bigint('last_mutation_id', { mode: 'number' }).notNull().default(0),
  /** Account ids whose full state this client has received. */
  scope: jsonb('scope').$type<string[]>().notNull().default([]),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
})

/** Every pushed mutation id, applied or rejected, with the result returned to the client. */
export const mutations = pgTable(
  'mutations',
  {
    clientId: text('client_id').notNull(),
    mutationId: bigint('mutation_id', { mode: 'number' }).notNull(),
    agentId: text('agent_id').notNull(),
    name: text('name').notNull(),
    status: text('status').notNull(),
    errorCode: text('error_code'),
    result: jsonb('result').$type<Record<string, unknown>>().notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.mutationId] })],
)

/**
 * The change log pulled by clients. `accountId` null means global (inventory). Writers
 * serialise on one advisory lock, so sequence order is commit order and a cursor never
 * skips a row committed late.
 */
export const changes = pgTable(
  'changes',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    accountId: text('account_id'),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    version: integer('version').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('changes_account_seq_idx').on(t.accountId, t.seq)],
)

/** Append-only (a trigger refuses UPDATE and DELETE), hash-chained audit of applied mutations. */
export const audit = pgTable('audit', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  actorId: text('actor_id').notNull(),
  accountId: text('account_id'),
  entity: text('entity').notNull(),
  entityId: text('entity_id').notNull(),
  action: text('action').notNull(),
  clientId: text('client_id'),
  mutationId: bigint('mutation_id', { mode: 'number' }),
  before: jsonb('before'),
  after: jsonb('after'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
})

/** Accepted quote/order/invoice changes for the ERP to apply, acknowledged by cursor. */
export const outbound = pgTable('outbound', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  entity: text('entity').notNull(),
  entityId: text('entity_id').notNull(),
  accountId: text('account_id'),
  action: text('action').notNull(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  acked: boolean('acked').notNull().default(false),
})
