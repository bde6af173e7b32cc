/**
 * A route declared once, beside its handler: its method and path, what it takes and answers (the same
 * zod schemas the feature parses with), its error codes and examples. `defineRoute` turns that into a
 * @hono/zod-openapi route (`createRoute`); `mount` serves the handler at the route's method and path and
 * registers the route with the app's OpenAPI registry, which generates /openapi.json (server/openapi/
 * routes.ts). One definition, so a renamed path or a forgotten entry cannot drift from the routing.
 *
 * Validation stays Huma's: a feature's service parses with its schema (a bad field is an INVALID_REQUEST
 * naming it, the same answer for the route, the demo and the hosted check, from the body that
 * server/http/body.ts read under its byte limit). The library's validators (which would read the body
 * again with `c.req.json()` and answer in their own shape) are not installed: `mount` registers the route
 * and mounts the handler with Hono's own `on`, as `OpenAPIHono.openapi` does minus the validators.
 */
import { createRoute, z as openapiZod, type OpenAPIHono, type RouteConfig } from '@hono/zod-openapi'
import type { Env, Handler, MiddlewareHandler } from 'hono'
import type { z } from 'zod'
import { ERROR_STATUS, type ErrorCode } from '../../shared/errors.ts'
import { ERROR_EXAMPLES, ERROR_WHEN } from './examples.ts'
import { QUOTA, RATE, type OperationSpec } from './operations.ts'
import type { HeaderName } from './schemas.ts'

/** A named schema of the document: what a request or an answer follows, with its field descriptions. */
export interface NamedSchema {
  /** its name under components.schemas */
  name: string
  schema: z.ZodType
  /** requests are described as accepted (input), answers as sent (output) */
  io: 'input' | 'output'
  /** descriptions of its properties, by dotted path (the document build fails on a path it lacks) */
  fields?: Readonly<Record<string, string>>
}

/** OpenAPI's `/{param}` as hono's `/:param`, as the route is served. */
type RoutingPath<P extends string> = P extends `${infer Head}/{${infer Param}}${infer Tail}`
  ? `${Head}/:${Param}${RoutingPath<Tail>}`
  : P

/** What a route declares: OperationSpec's fields, with its schemas and their examples. */
export interface RouteSpec extends OperationSpec {
  request?: { schema: NamedSchema; mediaType: string; example?: unknown }
  ok: {
    description: string
    mediaType: string
    schema?: NamedSchema
    headers?: readonly HeaderName[]
    example?: unknown
  }
}

/**
 * Every named schema of every defined route, by name: a second, different schema under a name already
 * taken fails at import, not silently in the document. The document's components and the OpenAPI test
 * (every example against the schema it names) read it.
 */
const named = new Map<string, NamedSchema>()

export const namedSchemas = (): ReadonlyMap<string, NamedSchema> => named

/**
 * The schema under its name (zod-to-openapi's `.openapi(name)`, a copy carrying the name), once per schema:
 * the library makes the component. Called through ZodType's prototype: zod 4 copies prototype methods onto
 * a schema when it is made, so a schema made before the library extended zod (shared/'s, imported first by
 * many tests) has no `.openapi` of its own.
 */
const documented = new Map<string, z.ZodType>()
function nameSchema(schema: NamedSchema): z.ZodType {
  const known = named.get(schema.name)
  if (known && known.schema !== schema.schema)
    throw new Error(`OpenAPI schema ${schema.name} is defined twice`)
  if (!known) named.set(schema.name, schema)
  let doc = documented.get(schema.name)
  if (!doc) {
    doc = openapiZod.ZodType.prototype.openapi.call(schema.schema, schema.name) as z.ZodType
    documented.set(schema.name, doc)
  }
  return doc
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
/** References to the document's headers (schemas.ts's HEADERS), by name. */
export const headerRefs = (names: readonly HeaderName[]) =>
  Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]))

/** Headers a failure carries: the burst window once the key is known, Retry-After on 429 and 503. */
export function errorHeaders(op: { auth: boolean }, codes: readonly ErrorCode[]): HeaderName[] {
  const status = ERROR_STATUS[codes[0]!]
  const headers: HeaderName[] = []
  if (
    op.auth &&
    codes.some((c) => c !== 'PAYLOAD_TOO_LARGE' && ERROR_STATUS[c] !== 401 && ERROR_STATUS[c] < 500)
  ) {
    headers.push(...RATE)
  }
  if (status === 429 || status === 503) headers.push('Retry-After')
  if (codes.includes('MONTHLY_LIMIT_EXCEEDED')) headers.push(...QUOTA)
  return headers
}

/** Each error status of `op`, its codes in a sentence each, its headers and an example per code. */
export function errorResponses(op: Pick<OperationSpec, 'auth' | 'errors' | 'errorNotes'>) {
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of op.errors)
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code])
  const responses: Record<string, object> = {}
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: codes
        .map((code) => `${code}: ${op.errorNotes?.[code]?.when ?? ERROR_WHEN[code]}`)
        .join('; '),
      headers: headerRefs(errorHeaders(op, codes)),
      content: {
        'application/json': {
          schema: ref('Error'),
          examples: Object.fromEntries(
            codes.map((code) => [
              code,
              { value: { error: code, message: op.errorNotes?.[code]?.message ?? ERROR_EXAMPLES[code] } },
            ]),
          ),
        },
      },
    }
  }
  return responses
}

/** A route as @hono/zod-openapi takes it, from what the feature declares. */
export function defineRoute<P extends string>(spec: RouteSpec & { path: P }) {
  const { ok, request } = spec
  const okSchema = ok.schema
    ? nameSchema(ok.schema)
    : { type: ok.mediaType === 'application/json' ? ('object' as const) : ('string' as const) }
  return createRoute({
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    description: spec.description,
    security: spec.auth ? [{ bearer: [] }] : [],
    ...(spec.params && {
      parameters: spec.params.map(({ name, description }) => ({
        name,
        in: 'path' as const,
        required: true,
        description,
        schema: { type: 'string' as const },
      })),
    }),
    ...(request && {
      request: {
        body: {
          required: true,
          content: {
            [request.mediaType]: {
              schema: nameSchema(request.schema),
              ...(request.example === undefined ? {} : { example: request.example }),
            },
          },
        },
      },
    }),
    responses: {
      200: {
        description: ok.description,
        headers: headerRefs(ok.headers ?? []),
        content: {
          [ok.mediaType]: {
            schema: okSchema,
            ...(ok.example === undefined ? {} : { example: ok.example }),
          },
        },
      },
      ...errorResponses(spec),
    },
  } satisfies RouteConfig)
}

/**
 * Serves `handlers` at the route's method and path (OpenAPI's `{param}` as hono's `:param`) on `app`,
 * and adds the route to `app`'s OpenAPI registry (merged into the parent's when `app` is mounted with
 * `route()`). Returns `app`, for chaining.
 */
export function mount<A extends OpenAPIHono, P extends string>(
  app: A,
  route: RouteConfig & { path: P; getRoutingPath(): string },
  ...handlers: [...MiddlewareHandler[], Handler<Env, RoutingPath<P>>]
): A {
  app.openAPIRegistry.registerPath(route)
  app.on(route.method.toUpperCase(), route.getRoutingPath(), ...(handlers as [Handler]))
  return app
}

/** An answer or a request body of an operation written out whole: its schemas may be named ones. */
interface ContractMedia {
  schema: NamedSchema | Record<string, unknown>
  example?: unknown
  examples?: Record<string, { value: unknown }>
}
type ContractContent = Record<string, ContractMedia>

/** An operation of another published contract, written out whole (see defineContractRoute). */
export interface ContractOperation {
  operationId: string
  tags: string[]
  summary: string
  description: string
  security: Record<string, string[]>[]
  requestBody?: { required: boolean; content: ContractContent }
  responses: Record<
    string,
    { description: string; headers?: Record<string, unknown>; content?: ContractContent }
  >
}

const isNamed = (schema: ContractMedia['schema']): schema is NamedSchema =>
  typeof schema.name === 'string' && 'schema' in schema && 'io' in schema

const withNames = (content: ContractContent) =>
  Object.fromEntries(
    Object.entries(content).map(([type, media]) => [
      type,
      { ...media, schema: isNamed(media.schema) ? nameSchema(media.schema) : media.schema },
    ]),
  )

/**
 * A route of another published contract (the VerifyYou routes of server/hosted/ and server/webhooks/),
 * whose answers and failures have shapes of their own: its operation written out whole, its schemas named
 * as defineRoute's are, as a @hono/zod-openapi route that `mount` serves and documents.
 */
export function defineContractRoute<P extends string>(
  method: 'get' | 'post',
  path: P,
  { requestBody, responses, ...operation }: ContractOperation,
) {
  return createRoute({
    method,
    path,
    ...operation,
    ...(requestBody && {
      request: { body: { required: requestBody.required, content: withNames(requestBody.content) } },
    }),
    responses: Object.fromEntries(
      Object.entries(responses).map(([status, response]) => [
        status,
        response.content ? { ...response, content: withNames(response.content) } : response,
      ]),
    ),
  } as RouteConfig & { method: typeof method; path: P })
}
