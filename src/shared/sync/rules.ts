/**
 * Pure business rules shared by client (optimistic preview) and server (authority).
 * Money is in minor units (cents) and integer throughout: no float rounding drift between
 * two clients computing the same total.
 */

export interface PricedLine {
  qty: number
  unitPrice: number
  /** Percent discount, 0–100, applied per line and rounded half-up to the cent. */
  discountPct?: number
}

export interface QuoteTotals {
  subtotal: number
  discount: number
  total: number
}

/** Totals of a quote revision: sum of qty × unitPrice, minus per-line discounts. */
export function quoteTotals(lines: readonly PricedLine[]): QuoteTotals {
  let subtotal = 0
  let discount = 0
  for (const line of lines) {
    const gross = line.qty * line.unitPrice
    subtotal += gross
    discount += Math.round((gross * (line.discountPct ?? 0)) / 100)
  }
  return { subtotal, discount, total: subtotal - discount }
}

export interface CreditState {
  /** Credit limit in cents. */
  limit: number
  /** Credit already used (open invoices and accepted, unbilled orders), in cents. */
  used: number
}

export type CreditCheck =
  { ok: true; remaining: number } | { ok: false; remaining: number; shortBy: number }

/**
 * May an account take on `amount` more? A limit of 0 means "no credit" (prepayment), so any
 * positive amount fails; an amount of 0 or less always passes.
 */
export function creditCheck(state: CreditState, amount: number): CreditCheck {
  const remaining = state.limit - state.used
  if (amount <= 0 || amount <= remaining)
    return { ok: true, remaining: remaining - Math.max(amount, 0) }
  return { ok: false, remaining, shortBy: amount - remaining }
}

/** A quote can be accepted up to and including its validity date (`YYYY-MM-DD`, in the account's calendar day). */
export function quoteIsValid(validUntil: string, today: string): boolean {
  return today <= validUntil
}
