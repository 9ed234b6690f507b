/**
 * The sync server's HTTP app (Fastify). Stateless: everything lives in the store, so
 * several instances can share one PostgreSQL; pokes cross instances through LISTEN/NOTIFY.
 *
 * Every route goes through the same steps: rate limit by token, authenticate (revocation is
 * checked on every request), role check, zod parse (400 with field errors, nothing
 * written), handler, JSON answer. Logs carry method, path, status and time, never bodies
 * or tokens.
 */
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify'
import { and, asc, eq, gt, lte } from 'drizzle-orm'
import type { z } from 'zod'
import { KontorError, type ErrorCode, type ErrorInfo } from '../shared/errors'
import { LIMITS } from '../shared/sync/limits'
import type { ImportKind } from '../shared/sync/import'
import { fieldErrors } from '../shared/sync/zod-errors'
import { verifyAudit } from './audit'
import { authenticate, type Caller } from './auth'
import {
  accounts,
  contacts,
  inventory,
  invoices,
  orders,
  outbound,
  quotes,
  tickets,
} from './db/schema'
import type { Store } from './db/store'
import { publicRow } from './entities'
import { importRows } from './import'
import { openApiDocument, ROUTES, type RouteSpec } from './routes'
import { scopeAccountIds } from './scope'
import { pull, push } from './sync'

export interface ServerOptions {
  store: Store
  now?: () => Date
  /** Fastify logger option: `false` in tests, a level elsewhere. */
  logger?: FastifyServerOptions['logger']
  version?: string
  /** Bytes per request body (import batches are the largest). */
  bodyLimit?: number
  /** Token bucket per bearer token: burst size and refill per second. */
  rateBurst?: number
  ratePerSecond?: number
  /** SSE heartbeat interval. */
  heartbeatMs?: number
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  E_INVALID_INPUT: 400,
  E_UNAUTHORIZED: 401,
  E_FORBIDDEN: 403,
  E_NOT_FOUND: 404,
  E_CONFLICT: 409,
  E_TOO_LARGE: 413,
  E_RULE_VIOLATION: 422,
  E_RATE_LIMITED: 429,
}

function fail(reply: FastifyReply, info: ErrorInfo): FastifyReply {
  return reply.code(STATUS[info.code] ?? 500).send({ ok: false, error: info })
}

function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value ?? {})
  if (!result.success)
    throw new KontorError('E_INVALID_INPUT', `invalid ${where}`, fieldErrors(result.error))
  return result.data
}

/** A simple token bucket per token hash, in this instance's memory (each instance limits on its own). */
class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>()
  constructor(
    private burst: number,
    private perSecond: number,
  ) {}
  take(key: string, nowMs: number): boolean {
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: nowMs }
    b.tokens = Math.min(this.burst, b.tokens + ((nowMs - b.at) / 1000) * this.perSecond)
    b.at = nowMs
    const ok = b.tokens >= 1
    if (ok) b.tokens -= 1
    this.buckets.set(key, b)
    if (this.buckets.size > 10_000) this.buckets.clear()
    return ok
  }
}

interface PokeMessage {
  /** Account ids whose data changed, or '*' for all (imports, scope changes). */
  accounts: string[] | '*'
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { store } = options
  const db = store.db
  const now = options.now ?? (() => new Date())
  const limiter = new RateLimiter(options.rateBurst ?? 300, options.ratePerSecond ?? 50)
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 8 * 1024 * 1024,
    // SSE streams never go idle: on close, end every connection instead of waiting for them.
    forceCloseConnections: true,
    // Ids in paths are bounded by the schemas; this bounds everything else.
    routerOptions: { maxParamLength: 200 },
  })

  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof KontorError) return fail(reply, error.toInfo())
    const e = error as { statusCode?: number; code?: string; message?: string }
    if (e.statusCode === 413)
      return fail(reply, { code: 'E_TOO_LARGE', message: 'request body too large' })
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500)
      return fail(reply, {
        code: 'E_INVALID_INPUT',
        message:
          e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'unsupported content type'
            : 'malformed request',
      })
    // Log the error itself (no body, no headers) and answer without details.
    request.log.error({ err: { message: e.message, code: e.code } }, 'request failed')
    return fail(reply, { code: 'E_INTERNAL', message: 'internal error' })
  })
  app.setNotFoundHandler((_req, reply) =>
    fail(reply, { code: 'E_NOT_FOUND', message: 'no such route' }),
  )

  const callers = new WeakMap<FastifyRequest, Caller>()
  const callerOf = (req: FastifyRequest): Caller => {
    const c = callers.get(req)
    if (!c) throw new KontorError('E_UNAUTHORIZED', 'sign in with a bearer token')
    return c
  }

  async function guard(spec: RouteSpec, req: FastifyRequest): Promise<void> {
    if (spec.access === 'public') return
    const caller = await authenticate(db, req.headers.authorization)
    if (!caller) throw new KontorError('E_UNAUTHORIZED', 'missing, unknown or revoked token')
    if (!limiter.take(caller.tokenHash, Date.now()))
      throw new KontorError('E_RATE_LIMITED', 'too many requests; slow down')
    if (spec.access === 'admin' && caller.role !== 'admin')
      throw new KontorError('E_FORBIDDEN', 'admin tokens only')
    callers.set(req, caller)
  }

  function route<R extends RouteSpec>(
    spec: R,
    handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  ): void {
    app.route({
      method: spec.method,
      url: spec.path,
      handler: async (req, reply) => {
        await guard(spec, req)
        return handler(req, reply)
      },
    })
  }

  async function visibleOr404<T extends { accountId: string }>(
    caller: Caller,
    row: T | undefined,
    what: string,
  ): Promise<T> {
    if (!row) throw new KontorError('E_NOT_FOUND', `${what} not found`)
    const scope = await scopeAccountIds(db, caller)
    if (!scope.has(row.accountId)) throw new KontorError('E_NOT_FOUND', `${what} not found`)
    return row
  }

  async function accountInScope(caller: Caller, id: string): Promise<void> {
    const scope = await scopeAccountIds(db, caller)
    if (!scope.has(id)) throw new KontorError('E_NOT_FOUND', 'account not found')
  }

  const poke = (msg: PokeMessage) => store.notify(JSON.stringify(msg)).catch(() => undefined)

  route(ROUTES.health, async () => {
    await db.select({ id: accounts.id }).from(accounts).limit(1)
    return { ok: true, store: store.kind, version: options.version ?? 'dev' }
  })
  const openapi = openApiDocument(options.version ?? 'dev')
  route(ROUTES.openapi, async () => openapi)

  route(ROUTES.me, async (req) => {
    const c = callerOf(req)
    const scope = await scopeAccountIds(db, c)
    return { id: c.id, name: c.name, role: c.role, teamId: c.teamId, accounts: scope.size }
  })

  route(ROUTES.push, async (req) => {
    const raw = req.body as { mutations?: unknown } | undefined
    // Count limits answer 413 before the (costly) schema parse.
    if (raw && Array.isArray(raw.mutations) && raw.mutations.length > LIMITS.MAX_PUSH_BATCH)
      throw new KontorError('E_TOO_LARGE', `at most ${LIMITS.MAX_PUSH_BATCH} mutations per push`)
    const body = parse(ROUTES.push.body, req.body, 'push body')
    const out = await push(db, callerOf(req), body.clientId, body.mutations, now)
    if (out.touchedAccounts.length > 0) void poke({ accounts: out.touchedAccounts })
    return { lastMutationId: out.lastMutationId, results: out.results }
  })

  route(ROUTES.pull, async (req) => {
    const raw = req.body as { limit?: unknown } | undefined
    if (raw && typeof raw.limit === 'number' && raw.limit > LIMITS.MAX_PULL_PAGE)
      throw new KontorError('E_TOO_LARGE', `at most ${LIMITS.MAX_PULL_PAGE} changes per page`)
    const body = parse(ROUTES.pull.body, req.body, 'pull body')
    return pull(
      db,
      callerOf(req),
      body.clientId,
      body.cursor,
      body.limit ?? LIMITS.DEFAULT_PULL_PAGE,
      now(),
      body.directory,
    )
  })

  route(ROUTES.accounts, async (req) => {
    const scope = [...(await scopeAccountIds(db, callerOf(req)))]
    if (scope.length === 0) return { accounts: [] }
    const rows = await db.select().from(accounts).orderBy(asc(accounts.name))
    return { accounts: rows.filter((r) => scope.includes(r.id)).map(publicRow) }
  })
  route(ROUTES.account, async (req) => {
    const { id } = parse(ROUTES.account.params, req.params, 'path')
    await accountInScope(callerOf(req), id)
    const [acc] = await db.select().from(accounts).where(eq(accounts.id, id))
    if (!acc) throw new KontorError('E_NOT_FOUND', 'account not found')
    const cs = await db
      .select()
      .from(contacts)
      .where(eq(contacts.accountId, id))
      .orderBy(asc(contacts.name))
    return { account: publicRow(acc), contacts: cs.map(publicRow) }
  })
  for (const [spec, table, key] of [
    [ROUTES.accountOrders, orders, 'orders'],
    [ROUTES.accountQuotes, quotes, 'quotes'],
    [ROUTES.accountInvoices, invoices, 'invoices'],
    [ROUTES.accountTickets, tickets, 'tickets'],
  ] as const) {
    route(spec, async (req) => {
      const { id } = parse(spec.params, req.params, 'path')
      await accountInScope(callerOf(req), id)
      const rows = await db.select().from(table).where(eq(table.accountId, id))
      return { [key]: rows.map(publicRow) }
    })
  }
  for (const [spec, table, what] of [
    [ROUTES.order, orders, 'order'],
    [ROUTES.quote, quotes, 'quote'],
    [ROUTES.invoice, invoices, 'invoice'],
    [ROUTES.ticket, tickets, 'ticket'],
  ] as const) {
    route(spec, async (req) => {
      const { id } = parse(spec.params, req.params, 'path')
      const [row] = await db.select().from(table).where(eq(table.id, id))
      return { [what]: publicRow(await visibleOr404(callerOf(req), row, what)) }
    })
  }
  route(ROUTES.inventory, async (req) => {
    const { id } = parse(ROUTES.inventory.params, req.params, 'path')
    const rows = await db.select().from(inventory).where(eq(inventory.sku, id))
    if (rows.length === 0) throw new KontorError('E_NOT_FOUND', 'sku not found')
    return { sku: id, warehouses: rows.map(publicRow) }
  })

  // ERP side (admin tokens).
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  )
  route(ROUTES.import, async (req) => {
    const { kind } = parse(ROUTES.import.params, req.params, 'path')
    const raw = req.body as { rows?: unknown } | undefined
    if (raw && Array.isArray(raw.rows) && raw.rows.length > LIMITS.MAX_IMPORT_ROWS)
      throw new KontorError(
        'E_TOO_LARGE',
        `at most ${LIMITS.MAX_IMPORT_ROWS} rows per import request`,
      )
    const body = parse(ROUTES.import.body, req.body, 'import body')
    const report = await importRows(db, kind as ImportKind, body.rows, callerOf(req).id, now())
    if (report.inserted + report.updated > 0) void poke({ accounts: '*' })
    return report
  })
  route(ROUTES.outbound, async (req) => {
    const q = parse(ROUTES.outbound.query, req.query, 'query')
    const limit = q.limit ?? LIMITS.DEFAULT_PULL_PAGE
    const rows = await db
      .select()
      .from(outbound)
      .where(and(gt(outbound.seq, Number(q.after ?? '0')), eq(outbound.acked, false)))
      .orderBy(asc(outbound.seq))
      .limit(limit)
    const last = rows[rows.length - 1]
    return {
      changes: rows.map((r) => ({ ...publicRow(r), cursor: String(r.seq) })),
      cursor: last ? String(last.seq) : (q.after ?? '0'),
    }
  })
  route(ROUTES.outboundAck, async (req) => {
    const { upTo } = parse(ROUTES.outboundAck.body, req.body, 'ack body')
    const acked = await db
      .update(outbound)
      .set({ acked: true })
      .where(and(lte(outbound.seq, Number(upTo)), eq(outbound.acked, false)))
      .returning({ seq: outbound.seq })
    return { acked: acked.length }
  })
  route(ROUTES.auditVerify, async () => verifyAudit(db))

  // Pokes over server-sent events: a nudge to pull, no data (the pull is scoped and authoritative).
  const streams = new Set<{
    caller: Caller
    scope: Set<string>
    send: (text: string) => void
    close: () => void
    authHeader: string
  }>()
  const unsubscribe = store.onNotify((payload) => {
    let msg: PokeMessage
    try {
      msg = JSON.parse(payload) as PokeMessage
    } catch {
      return
    }
    for (const s of streams) {
      void (async () => {
        // Re-check the token and the scope at each poke: revocation ends the stream.
        const caller = await authenticate(db, s.authHeader)
        if (!caller) return s.close()
        s.scope = await scopeAccountIds(db, caller)
        if (msg.accounts === '*' || msg.accounts.some((id) => s.scope.has(id)))
          s.send('event: poke\ndata: {}\n\n')
      })().catch(() => undefined)
    }
  })
  route(ROUTES.events, async (req, reply) => {
    const caller = callerOf(req)
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    })
    res.write('event: ready\ndata: {}\n\n')
    const stream = {
      caller,
      scope: await scopeAccountIds(db, caller),
      authHeader: req.headers.authorization ?? '',
      send: (text: string) => {
        res.write(text)
      },
      close: () => {
        streams.delete(stream)
        clearInterval(heartbeat)
        res.end()
      },
    }
    const heartbeat = setInterval(
      () => res.write(': keep-alive\n\n'),
      options.heartbeatMs ?? 25_000,
    )
    streams.add(stream)
    req.raw.on('close', () => {
      streams.delete(stream)
      clearInterval(heartbeat)
    })
  })

  app.addHook('preClose', async () => {
    unsubscribe()
    for (const s of streams) s.close()
  })
  return app
}
