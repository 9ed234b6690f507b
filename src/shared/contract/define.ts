import type { z } from 'zod'

/**
 * A call in the contract: its zod input schema (checked at runtime by the one wrapper in
 * the core, whatever the transport) and its output type (a compile-time phantom: outputs
 * come from our own core, so they are typed rather than re-parsed).
 */
export interface CallSpec<I extends z.ZodType, O> {
  readonly input: I
  /** Phantom field: never set at runtime, only carries the output type. */
  readonly output?: O
}

/** An event the core pushes to the UI (past tense, `feature:verb`). */
export interface EventSpec<P> {
  readonly payload?: P
}

/**
 * `call<Output>()(inputSchema)`: the curried form lets the output type be given
 * explicitly while the input type is inferred from the schema.
 */
export function call<O>() {
  return <I extends z.ZodType>(input: I): CallSpec<I, O> => ({ input })
}

export function event<P>(): EventSpec<P> {
  return {}
}
