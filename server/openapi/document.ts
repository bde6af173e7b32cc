/**
 * The OpenAPI 3.1 document of every route the app serves, generated from the same zod schemas that
 * parse requests at the edge (z.toJSONSchema). Each route is one entry of OPERATIONS
 * (operations.ts); the test checks them against the app's real routes and every example
 * against its schema.
 */
import { z } from 'zod'
import { MAX_BODY_BYTES } from '../../shared/api.ts'
import { ERROR_STATUS, type ErrorCode } from '../../shared/errors.ts'
import { ERROR_EXAMPLES, ERROR_WHEN, EXAMPLES, FIELD_DOCS } from './examples.ts'
import { OPERATIONS, QUOTA, RATE, type OperationSpec } from './operations.ts'
import { HEADERS, SCHEMAS, type HeaderName, type SchemaName } from './schemas.ts'
import { API_KEY_HEADER_SCHEME, WEBHOOK_PATHS } from '../webhooks/openapi.ts'

export { OPERATIONS, type OperationSpec } from './operations.ts'
export * from './schemas.ts'

/** Headers a failure carries: the burst window once the key is known, Retry-After on 429 and 503. */
function errorHeaders(op: OperationSpec, codes: readonly ErrorCode[]): HeaderName[] {
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

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` })
const headerRefs = (names: readonly HeaderName[]) =>
  Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]))

function jsonSchema(name: SchemaName): Record<string, unknown> {
  const { schema, io } = SCHEMAS[name]
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io }) as Record<string, unknown>
  const docs = FIELD_DOCS[name] ?? {}
  for (const [path, description] of Object.entries(docs)) {
    let node: Record<string, unknown> | undefined = json
    for (const part of path.split('.'))
      node = (node?.properties as Record<string, Record<string, unknown>> | undefined)?.[part]
    if (!node) throw new Error(`FIELD_DOCS names ${name}.${path}, which the schema lacks`)
    node.description = description
  }
  return json
}

function operationObject(op: OperationSpec): Record<string, unknown> {
  const responses: Record<string, unknown> = {}
  const okExample = EXAMPLES[op.operationId]?.response
  responses['200'] = {
    description: op.ok.description,
    headers: headerRefs(op.ok.headers ?? []),
    content: {
      [op.ok.mediaType]: {
        schema: op.ok.schema
          ? ref(op.ok.schema)
          : { type: op.ok.mediaType === 'application/json' ? 'object' : 'string' },
        ...(okExample === undefined ? {} : { example: okExample }),
      },
    },
  }
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of op.errors)
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code])
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
  const requestExample = EXAMPLES[op.operationId]?.request
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: op.description,
    security: op.auth ? [{ bearer: [] }] : [],
    ...(op.request && {
      requestBody: {
        required: true,
        content: {
          [op.request.mediaType]: {
            schema: ref(op.request.schema),
            ...(requestExample === undefined ? {} : { example: requestExample }),
          },
        },
      },
    }),
    responses,
  }
}

export function buildOpenApiDocument(): Record<string, unknown> & {
  paths: Record<string, Record<string, unknown>>
} {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op)
  Object.assign(paths, WEBHOOK_PATHS)
  return {
    openapi: '3.1.0',
    info: {
      title: 'Huma API',
      version: '1',
      description:
        'Self-hostable human verification. Your backend sends what the snippet collected to `POST /api/v1/verify` ' +
        `with its secret key and gets a verdict. Request bodies are at most ${MAX_BODY_BYTES} bytes.`,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://localhost:8787', description: 'a local server (npm start)' }],
    tags: [...new Set([...OPERATIONS.map((op) => op.tag), 'Webhooks'])].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            '`Authorization: Bearer huma_live_...` (or `huma_test_...` for the sandbox), from your backend only',
        },
        apiKeyHeader: API_KEY_HEADER_SCHEME,
      },
      schemas: Object.fromEntries(
        (Object.keys(SCHEMAS) as SchemaName[]).map((name) => [name, jsonSchema(name)]),
      ),
      headers: Object.fromEntries(
        Object.entries(HEADERS).map(([name, description]) => [
          name,
          { description, schema: { type: 'integer', minimum: 0 } },
        ]),
      ),
    },
  }
}
