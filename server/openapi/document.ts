/**
 * The OpenAPI 3.1 document of every route the app serves, generated from the same zod schemas that
 * parse requests at the edge (z.toJSONSchema). Each feature declares its routes' entries beside them
 * (feature.ts; app.ts lists them); the test checks them against the app's real routes and every example
 * against its schema.
 */
import { z } from 'zod'
import { MAX_BODY_BYTES } from '../../shared/api.ts'
import { FIELD_DOCS } from './examples.ts'
import { errorResponses } from './route.ts'
import type { OperationSpec } from './operations.ts'
import type { FeatureDocs } from './feature.ts'
import { HEADERS, SCHEMAS, type HeaderName } from './schemas.ts'

export type { OperationSpec } from './operations.ts'
export * from './schemas.ts'

/** Every feature's operations, schemas, examples and field docs, with the shared Error schema. */
interface Catalogue {
  operations: readonly OperationSpec<string>[]
  schemas: Readonly<Record<string, { schema: z.ZodType; io: 'input' | 'output' }>>
  examples: Readonly<Record<string, { request?: unknown; response?: unknown }>>
  fieldDocs: Readonly<Record<string, Record<string, string> | undefined>>
}

function catalogue(features: readonly FeatureDocs[]): Catalogue {
  const all: Catalogue = {
    operations: features.flatMap((f) => f.operations),
    schemas: Object.assign({}, SCHEMAS, ...features.map((f) => f.schemas)),
    examples: Object.assign({}, ...features.map((f) => f.examples ?? {})),
    fieldDocs: Object.assign({}, FIELD_DOCS, ...features.map((f) => f.fieldDocs ?? {})),
  }
  // a mistyped or doubly-defined name fails here, at start, not silently in the document
  const names = new Set<string>()
  for (const f of features)
    for (const name of Object.keys(f.schemas)) {
      if (name in SCHEMAS || names.has(name)) throw new Error(`OpenAPI schema ${name} is defined twice`)
      names.add(name)
    }
  const ids = new Set<string>()
  for (const op of all.operations) {
    if (ids.has(op.operationId)) throw new Error(`OpenAPI operationId ${op.operationId} is used twice`)
    ids.add(op.operationId)
    for (const name of [op.request?.schema, op.ok.schema])
      if (name !== undefined && !(name in all.schemas))
        throw new Error(`OpenAPI operation ${op.operationId} names schema ${name}, which nothing defines`)
  }
  for (const id of Object.keys(all.examples))
    if (!ids.has(id)) throw new Error(`OpenAPI examples name operation ${id}, which nothing defines`)
  return all
}

/** Every named schema of the document: the core's and those of the features given. */
export const schemasOf = (features: readonly FeatureDocs[]): Catalogue['schemas'] =>
  catalogue(features).schemas

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const headerRefs = (names: readonly HeaderName[]) =>
  Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]))

function jsonSchema(all: Catalogue, name: string): Record<string, unknown> {
  const { schema, io } = all.schemas[name]!
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io }) as Record<string, unknown>
  return describeFields(json, name, all.fieldDocs[name] ?? {})
}

/** Sets the description of each property `docs` names by dotted path; a path the schema lacks fails. */
export function describeFields(
  json: Record<string, unknown>,
  name: string,
  docs: Readonly<Record<string, string>>,
): Record<string, unknown> {
  for (const [path, description] of Object.entries(docs)) {
    let node: Record<string, unknown> | undefined = json
    for (const part of path.split('.'))
      node = (node?.properties as Record<string, Record<string, unknown>> | undefined)?.[part]
    if (!node) throw new Error(`FIELD_DOCS names ${name}.${path}, which the schema lacks`)
    node.description = description
  }
  return json
}

function operationObject(all: Catalogue, op: OperationSpec<string>): Record<string, unknown> {
  const responses: Record<string, unknown> = {}
  const okExample = all.examples[op.operationId]?.response
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
  Object.assign(responses, errorResponses(op))
  const requestExample = all.examples[op.operationId]?.request
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: op.description,
    security: op.auth ? [{ bearer: [] }] : [],
    ...(op.params && {
      parameters: op.params.map(({ name, description }) => ({
        name,
        in: 'path',
        required: true,
        description,
        schema: { type: 'string' },
      })),
    }),
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

/** The document of the routes the features declare (app.ts's FEATURE_DOCS). */
export function buildOpenApiDocument(features: readonly FeatureDocs[]): Record<string, unknown> & {
  paths: Record<string, Record<string, unknown>>
} {
  const all = catalogue(features)
  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of all.operations) (paths[op.path] ??= {})[op.method] = operationObject(all, op)
  for (const f of features)
    for (const [path, item] of Object.entries(f.paths ?? {})) {
      if (path in paths) throw new Error(`OpenAPI path ${path} is defined twice`)
      paths[path] = item
    }
  // the tags of the operations and of the path items written out whole, in order
  const tags = [
    ...all.operations.map((op) => op.tag),
    ...features.flatMap((f) =>
      Object.values(f.paths ?? {}).flatMap((item) =>
        Object.values(item).flatMap((op) => (op as { tags?: string[] }).tags ?? []),
      ),
    ),
  ]
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
    tags: [...new Set(tags)].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            '`Authorization: Bearer huma_live_...` (or `huma_test_...` for the sandbox), from your backend only',
        },
        ...Object.assign({}, ...features.map((f) => f.securitySchemes ?? {})),
      },
      schemas: Object.fromEntries(Object.keys(all.schemas).map((name) => [name, jsonSchema(all, name)])),
      headers: Object.fromEntries(
        Object.entries(HEADERS).map(([name, description]) => [
          name,
          { description, schema: { type: 'integer', minimum: 0 } },
        ]),
      ),
    },
  }
}
