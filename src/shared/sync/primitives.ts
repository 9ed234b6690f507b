import { z } from 'zod'
import { LIMITS } from './limits'

/** Identifiers are ERP external ids or client-made ids: printable, no spaces, bounded. */
export const idSchema = z
  .string()
  .min(1)
  .max(LIMITS.MAX_ID)
  .regex(/^[A-Za-z0-9._:@/-]+$/, 'letters, digits and . _ : @ / - only')
export const nameSchema = z.string().min(1).max(LIMITS.MAX_NAME)
export const optionalText = z.string().max(LIMITS.MAX_NAME)
/** Money in minor units (cents), never floats. */
export const moneySchema = z.number().int().min(0).max(LIMITS.MAX_MONEY)
/** A signed money delta (corrections may credit). */
export const moneyDeltaSchema = z.number().int().min(-LIMITS.MAX_MONEY).max(LIMITS.MAX_MONEY)
export const qtySchema = z.number().int().min(0).max(LIMITS.MAX_QTY)
export const positiveQtySchema = z.number().int().min(1).max(LIMITS.MAX_QTY)
/** Calendar date `YYYY-MM-DD`. */
export const dateSchema = z.iso.date()
/** Instant, ISO 8601 with offset. */
export const instantSchema = z.iso.datetime({ offset: true })
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. EUR')
