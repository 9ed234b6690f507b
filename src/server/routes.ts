/**
 * The HTTP API in one table: the routes, their zod schemas and who may call them. The
 * OpenAPI document is generated from this table, so it cannot drift from what is served.
 */
import { z } from 'zod'
import { IMPORT_KINDS, importBodySchema } from '../shared/sync/import'
import {
  outboundAckSchema,
  outboundQuerySchema,
  pullBodySchema,
  pushBodySchema,
} from '../shared/sync/protocol'
import { idSchema } from '../shared/sync/primitives'

export type Access = 'public' | 'signed-in' | 'admin'

export interface RouteSpec {
  method: 'GET' | 'POST'
  /** Fastify path syntax (`:id`). */
  path: string
  summary: string
  access: Access
  params?: z.ZodType
  query?: z.ZodType
  body?: z.ZodType
}

const idParams = z.strictObject({ id: idSchema })

export const ROUTES = {
  health: {
    method: 'GET',
    path: '/v1/health',
    summary: 'Liveness and store check',
    access: 'public',
  },
  openapi: {
    method: 'GET',
    path: '/v1/openapi.json',
    summary: 'This API as OpenAPI 3.1',
    access: 'public',
  },
  me: {
    method: 'GET',
    path: '/v1/me',
    summary: 'The caller, their role and the number of accounts in scope',
    access: 'signed-in',
  },
  push: {
    method: 'POST',
    path: '/v1/push',
    summary: 'Apply a batch of client mutations (idempotent by clientId and mutation id)',
    access: 'signed-in',
    body: pushBodySchema,
  },
  pull: {
    method: 'POST',
    path: '/v1/pull',
    summary: 'Changes since a cursor within the caller scope',
    access: 'signed-in',
    body: pullBodySchema,
  },
  events: {
    method: 'GET',
    path: '/v1/events',
    summary: 'Server-sent events: `poke` when data in the caller scope changed',
    access: 'signed-in',
  },
  accounts: {
    method: 'GET',
    path: '/v1/accounts',
    summary: 'Accounts in scope',
    access: 'signed-in',
  },
  account: {
    method: 'GET',
    path: '/v1/accounts/:id',
    summary: 'One account with its contacts',
    access: 'signed-in',
    params: idParams,
  },
  accountOrders: {
    method: 'GET',
    path: '/v1/accounts/:id/orders',
    summary: "An account's orders",
    access: 'signed-in',
    params: idParams,
  },
  accountQuotes: {
    method: 'GET',
    path: '/v1/accounts/:id/quotes',
    summary: "An account's quotes",
    access: 'signed-in',
    params: idParams,
  },
  accountInvoices: {
    method: 'GET',
    path: '/v1/accounts/:id/invoices',
    summary: "An account's invoices",
    access: 'signed-in',
    params: idParams,
  },
  accountTickets: {
    method: 'GET',
    path: '/v1/accounts/:id/tickets',
    summary: "An account's ticket metadata",
    access: 'signed-in',
    params: idParams,
  },
  order: {
    method: 'GET',
    path: '/v1/orders/:id',
    summary: 'One order',
    access: 'signed-in',
    params: idParams,
  },
  quote: {
    method: 'GET',
    path: '/v1/quotes/:id',
    summary: 'One quote with its revisions',
    access: 'signed-in',
    params: idParams,
  },
  invoice: {
    method: 'GET',
    path: '/v1/invoices/:id',
    summary: 'One invoice',
    access: 'signed-in',
    params: idParams,
  },
  ticket: {
    method: 'GET',
    path: '/v1/tickets/:id',
    summary: 'One ticket metadata record',
    access: 'signed-in',
    params: idParams,
  },
  inventory: {
    method: 'GET',
    path: '/v1/inventory/:id',
    summary: 'Stock of one SKU in every warehouse',
    access: 'signed-in',
    params: idParams,
  },
  import: {
    method: 'POST',
    path: '/v1/import/:kind',
    summary: `ERP bulk upsert by external id (${IMPORT_KINDS.join(', ')}), with a per-row error report`,
    access: 'admin',
    params: z.strictObject({ kind: z.enum(IMPORT_KINDS as [string, ...string[]]) }),
    body: importBodySchema,
  },
  outbound: {
    method: 'GET',
    path: '/v1/outbound',
    summary: 'Accepted quote/order/invoice changes for the ERP, after a cursor',
    access: 'admin',
    query: outboundQuerySchema,
  },
  outboundAck: {
    method: 'POST',
    path: '/v1/outbound/ack',
    summary: 'Acknowledge outbound changes up to a cursor',
    access: 'admin',
    body: outboundAckSchema,
  },
  auditVerify: {
    method: 'GET',
    path: '/v1/audit/verify',
    summary: 'Recompute the audit hash chain',
    access: 'admin',
  },
} as const satisfies Record<string, RouteSpec>

const errorSchema = {
  type: 'object',
  properties: {
    ok: { const: false },
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        fields: {
          type: 'array',
          items: {
            type: 'object',
            properties: { path: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
      required: ['code', 'message'],
    },
  },
}

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
}

export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const spec of Object.values(ROUTES) as RouteSpec[]) {
    const path = spec.path.replace(/:([A-Za-z]+)/g, '{$1}')
    const parameters: unknown[] = []
    for (const [where, schema] of [
      ['path', spec.params],
      ['query', spec.query],
    ] as const) {
      if (!schema) continue
      const js = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] }
      for (const [name, s] of Object.entries(js.properties ?? {}))
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (js.required ?? []).includes(name),
          schema: s,
        })
    }
    paths[path] = {
      ...paths[path],
      [spec.method.toLowerCase()]: {
        summary: spec.summary,
        ...(spec.access === 'public' ? { security: [] } : {}),
        ...(spec.access === 'admin' ? { description: 'Admin tokens only.' } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(spec.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: jsonSchema(spec.body) } },
              },
            }
          : {}),
        responses: {
          '200': { description: 'OK' },
          '400': {
            description: 'Invalid input (field errors)',
            content: { 'application/json': { schema: errorSchema } },
          },
          '401': { description: 'No valid token' },
          '403': { description: 'Role not allowed' },
          '404': { description: 'Not found or out of scope' },
          '413': { description: 'Above a size or count limit' },
          '429': { description: 'Rate limit for this token' },
        },
      },
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Kontor sync server', version },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  }
}
