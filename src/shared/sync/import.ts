import { z } from 'zod'
import { LIMITS } from './limits'
import {
  currencySchema,
  dateSchema,
  idSchema,
  instantSchema,
  moneySchema,
  nameSchema,
  optionalText,
  positiveQtySchema,
  qtySchema,
} from './primitives'

/**
 * Row schemas for the ERP import API (`POST /v1/import/{kind}` and `kontor server import`).
 * Each row is keyed by the ERP's external id (`id`); importing the same row again is a
 * no-op, importing a changed row updates it. References (`accountId`, `parentId`) are
 * external ids too.
 */

export const TIERS = ['strategic', 'key', 'standard'] as const
export const CONTACT_ROLES = ['buyer', 'finance', 'approver', 'admin'] as const
export const ORDER_STATUSES = [
  'open',
  'partially_shipped',
  'shipped',
  'cancelled',
  'on_hold',
] as const
export const LINE_STATUSES = ['open', 'backordered', 'shipped', 'cancelled'] as const
export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'expired', 'rejected'] as const
export const INVOICE_STATUSES = ['open', 'paid', 'overdue', 'cancelled'] as const

export const accountRow = z.strictObject({
  id: idSchema,
  name: nameSchema,
  parentId: idSchema.nullable().optional(),
  tier: z.enum(TIERS),
  region: z.string().min(1).max(32),
  /** IANA time zone of the account's business calendar, e.g. `Europe/Berlin`. */
  timeZone: z.string().min(1).max(64),
  /** Holiday calendar id (an iCal feed name known to clients). */
  calendar: z.string().max(64).nullable().optional(),
  domain: z.string().min(1).max(253).nullable().optional(),
  currency: currencySchema,
  creditLimit: moneySchema,
  creditUsed: moneySchema,
  paymentTermsDays: z.number().int().min(0).max(365),
  repAgentId: idSchema.nullable().optional(),
  teamId: idSchema.nullable().optional(),
})

export const contactRow = z.strictObject({
  id: idSchema,
  accountId: idSchema,
  name: nameSchema,
  email: z.email().max(254),
  role: z.enum(CONTACT_ROLES),
  department: optionalText.nullable().optional(),
})

export const orderLineRow = z.strictObject({
  lineId: idSchema,
  sku: idSchema,
  description: optionalText.optional(),
  qty: qtySchema,
  unitPrice: moneySchema,
  shippedQty: qtySchema.optional(),
  shipDate: dateSchema.nullable().optional(),
  status: z.enum(LINE_STATUSES).optional(),
})

export const orderRow = z.strictObject({
  id: idSchema,
  accountId: idSchema,
  number: z.string().min(1).max(64),
  status: z.enum(ORDER_STATUSES),
  orderedAt: instantSchema,
  currency: currencySchema,
  lines: z.array(orderLineRow).max(LIMITS.MAX_LINES),
})

export const quoteRevisionRow = z.strictObject({
  revision: z.number().int().min(1),
  lines: z
    .array(
      z.strictObject({
        sku: idSchema,
        description: optionalText.optional(),
        qty: positiveQtySchema,
        unitPrice: moneySchema,
        discountPct: z.number().min(0).max(100).optional(),
      }),
    )
    .min(1)
    .max(LIMITS.MAX_LINES),
  validUntil: dateSchema,
  createdAt: instantSchema,
})

export const quoteRow = z.strictObject({
  id: idSchema,
  accountId: idSchema,
  number: z.string().min(1).max(64),
  status: z.enum(QUOTE_STATUSES),
  currency: currencySchema,
  revisions: z.array(quoteRevisionRow).min(1).max(100),
})

export const invoiceRow = z.strictObject({
  id: idSchema,
  accountId: idSchema,
  orderId: idSchema.nullable().optional(),
  number: z.string().min(1).max(64),
  amount: moneySchema,
  currency: currencySchema,
  issuedOn: dateSchema,
  dueOn: dateSchema,
  status: z.enum(INVOICE_STATUSES),
})

export const inventoryRow = z.strictObject({
  sku: idSchema,
  warehouse: idSchema,
  description: optionalText.optional(),
  onHand: qtySchema,
  expectedQty: qtySchema.optional(),
  expectedDate: dateSchema.nullable().optional(),
})

export const IMPORT_ROWS = {
  accounts: accountRow,
  contacts: contactRow,
  orders: orderRow,
  quotes: quoteRow,
  invoices: invoiceRow,
  inventory: inventoryRow,
} as const
export type ImportKind = keyof typeof IMPORT_ROWS
export const IMPORT_KINDS = Object.keys(IMPORT_ROWS) as ImportKind[]
export type ImportRow<K extends ImportKind> = z.infer<(typeof IMPORT_ROWS)[K]>

/** The import body: rows are checked one by one so a bad row is reported, not fatal. */
export const importBodySchema = z.strictObject({
  rows: z.array(z.unknown()).max(LIMITS.MAX_IMPORT_ROWS),
})

export interface ImportReport {
  kind: ImportKind
  received: number
  inserted: number
  updated: number
  unchanged: number
  errors: { row: number; id?: string; fields: { path: string; message: string }[] }[]
}
