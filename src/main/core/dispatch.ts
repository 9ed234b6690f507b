import type { z } from 'zod'
import {
  contract,
  isCallName,
  type CallName,
  type CallOutput,
  type ParsedInput,
  type Transport,
} from '../../shared/contract'
import { KontorError, type ErrorInfo } from '../../shared/errors'
import type { Result } from '../../shared/result'
import type { Logger } from './logger'

/** Who is calling, as established by the transport before dispatch. */
export interface Caller {
  transport: Transport
  /** The transport's verdict on the caller (app frame, per-run token and origin ...). */
  trusted: boolean
  /** Why the caller is not trusted, for the log (never echoed with secrets). */
  reason?: string
}

export interface CallContext {
  caller: Caller
}

export type Handler<K extends CallName> = (
  input: ParsedInput<K>,
  ctx: CallContext,
) => CallOutput<K> | Promise<CallOutput<K>>

/** The one handler table: every call in the contract, implemented once. */
export type Handlers = { [K in CallName]: Handler<K> }
/** A feature's slice of the table. */
export type HandlerSlice<K extends CallName> = { [P in K]: Handler<P> }

function zodFields(error: z.ZodError): NonNullable<ErrorInfo['fields']> {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }))
}

/**
 * The one wrapper in front of every handler, for every transport: check the caller,
 * parse the input with the contract's schema, run the handler, return a Result.
 * Nothing thrown escapes: unexpected errors become E_INTERNAL and are logged by name only.
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  rawInput: unknown,
  caller: Caller,
  log?: Logger,
): Promise<Result<unknown>> {
  if (!caller.trusted) {
    log?.warn('call refused', { transport: caller.transport, reason: caller.reason })
    return { ok: false, error: { code: 'E_FORBIDDEN', message: 'This caller may not use Kontor.' } }
  }
  if (!isCallName(name)) {
    return {
      ok: false,
      error: { code: 'E_UNKNOWN_CALL', message: `Unknown call: ${String(name).slice(0, 80)}` },
    }
  }
  const parsed = contract[name].input.safeParse(rawInput ?? {})
  if (!parsed.success) {
    const fields = zodFields(parsed.error)
    return {
      ok: false,
      error: {
        code: 'E_INVALID_INPUT',
        message: `Invalid input for ${name}: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`,
        fields,
      },
    }
  }
  try {
    const handler = handlers[name] as Handler<typeof name>
    const data = await handler(parsed.data as never, { caller })
    return { ok: true, data }
  } catch (error) {
    if (error instanceof KontorError) return { ok: false, error: error.toInfo() }
    // Log the error's name and message only: handler inputs may hold mail or quote content.
    log?.error('call failed', {
      call: name,
      error: error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown',
    })
    return { ok: false, error: { code: 'E_INTERNAL', message: `${name} failed unexpectedly.` } }
  }
}
