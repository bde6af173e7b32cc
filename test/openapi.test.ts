import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { decodeSignals } from '../shared/signals.ts'
import { FAILURE_STATUS, type FailureCode } from '../shared/contracts/verifyyou.ts'
import { ERROR_STATUS, type ErrorCode } from '../shared/errors.ts'
import { createMetrics } from '../server/metrics/metrics.ts'
import { healthSchema, readySchema } from '../server/health/openapi.ts'
import { generateOpenApiDocument } from '../server/openapi/generate.ts'
import { namedSchemas } from '../server/openapi/route.ts'
import { SCHEMAS as FRAME_SCHEMAS } from '../server/openapi/schemas.ts'
import { jwksSchema } from '../server/tokens/openapi.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { makeIdvApp } from './helpers/idv.ts'
import { faultyStore } from './helpers/http.ts'

/** VerifyYou's routes (its own failure shape, API-KEY or bearer); POY Verify's /v1 routes answer Huma's errors */
const verifyYou = (path: string) =>
  path.startsWith('/v1/business_connect_user/') || path.startsWith('/v1/webhook/')

interface Media {
  schema?: { $ref?: string }
  example?: unknown
  examples?: Record<string, { value: unknown }>
}
interface Operation {
  security: unknown[]
  requestBody?: { content: Record<string, Media> }
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, Media> }>
}
type Doc = {
  paths: Record<string, Record<string, Operation>>
  components: Record<string, Record<string, unknown>>
}

// the routes the features declare beside their handlers (server/openapi/route.ts), as an app with every
// system mounted generates the document from them
const docApp = await makeIdvApp({ deps: { metrics: createMetrics() } })
const doc = generateOpenApiDocument(docApp.app) as unknown as Doc
await docApp.close()
/** every named schema: the frame's (Error) and the mounted routes' */
const SCHEMAS: Record<string, { schema: z.ZodType }> = {
  ...FRAME_SCHEMAS,
  ...Object.fromEntries(namedSchemas()),
}
/** POY Verify's routes (/v1/verify, /v1/trust, /v1/enrollment, /v1/stamp...): Huma's error shape */
const poy = (path: string) => path.startsWith('/v1/') && !verifyYou(path)
const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
)

let t: TestApp
beforeEach(async () => {
  // every system mounted, identity verification (server/idv/) included
  t = await makeIdvApp({ deps: { metrics: createMetrics() } })
})
afterEach(async () => {
  await t.close()
})

/** Every example in the document, with the schema it claims to follow. */
function* examples(): Generator<{ where: string; schema: string; value: unknown }> {
  for (const { path, method, op } of operations) {
    const media = [
      ...Object.values(op.requestBody?.content ?? {}).map((m) => ['request', m] as const),
      ...Object.entries(op.responses).flatMap(([status, r]) =>
        Object.values(r.content ?? {}).map((m) => [status, m] as const),
      ),
    ]
    for (const [where, m] of media) {
      const ref = m.schema?.$ref
      const values = [
        ...(m.example === undefined ? [] : [m.example]),
        ...Object.values(m.examples ?? {}).map((e) => e.value),
      ]
      if (values.length && !ref) throw new Error(`${method} ${path} ${where} has an example but no schema`)
      for (const value of values)
        yield { where: `${method} ${path} ${where}`, schema: ref!.split('/').pop()!, value }
    }
  }
}

describe('OpenAPI document', () => {
  it('documents every route the app serves, and only those', () => {
    const served = new Set(t.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))
    // OpenAPI's {param} is hono's :param
    const documented = new Set(
      operations.map(({ method, path }) => `${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    )
    expect([...documented].sort()).toEqual([...served].sort())
  })

  it('is served at /openapi.json as OpenAPI 3.1', async () => {
    const res = await t.request('/openapi.json')
    expect(res.status).toBe(200)
    const served = (await res.json()) as { openapi: string }
    expect(served.openapi).toBe('3.1.0')
    expect(served).toEqual(JSON.parse(JSON.stringify(doc)))
  })

  it('has examples that validate against the zod schemas they name', () => {
    const all = [...examples()]
    expect(all.length).toBeGreaterThan(15)
    for (const { where, schema, value } of all) {
      const parsed = SCHEMAS[schema]!.schema.safeParse(value)
      expect(parsed.success, `${where}: ${JSON.stringify(value)}`).toBe(true)
    }
  })

  it('lists each error code under the status the API answers it with, with an example of it', () => {
    const seen = new Set<string>()
    for (const { path, op } of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        for (const [name, example] of Object.entries(
          response.content?.['application/json']?.examples ?? {},
        )) {
          // the VerifyYou contract's routes answer in its own failure shape and statuses
          if (
            verifyYou(path) ||
            response.content?.['application/json']?.schema?.$ref?.endsWith('/ContractFailure')
          ) {
            expect(example.value).toMatchObject({ status: 'failure', failure_code: name })
            expect(String(FAILURE_STATUS[name as FailureCode])).toBe(status)
            continue
          }
          expect(example.value).toMatchObject({ error: name })
          expect(String(ERROR_STATUS[name as ErrorCode])).toBe(status)
          seen.add(name)
        }
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(ERROR_STATUS).sort())
  })

  it('gives a verify example whose signals decode as the snippet wire format', () => {
    const { signals } = doc.paths['/api/v1/verify']!.post!.requestBody!.content['application/json']!
      .example as { signals: string }
    expect(decodeSignals(signals).ok).toBe(true)
  })

  it('resolves every $ref', () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? []
    expect(refs.length).toBeGreaterThan(0)
    for (const ref of refs) {
      const [, , section, name] = ref.slice(8, -1).split('/')
      expect(doc.components[section!]?.[name!], ref).toBeDefined()
    }
  })

  it("secures the /api/v1 routes, POY Verify's and the identity checks' sessions, checks and files with the bearer scheme, VerifyYou's /v1 contract routes with API-KEY or bearer, and no others", () => {
    const bearer = (path: string) =>
      path.startsWith('/api/v1/') ||
      (path.startsWith('/v1/') && !verifyYou(path)) ||
      path === '/verif/sessions' ||
      path.startsWith('/verif/checks/') ||
      path.startsWith('/verif/files/')
    for (const { path, op } of operations) {
      if (poy(path)) {
        // POY's routes take the bearer key, but the stamp log is public (docs/stamps.md)
        expect(op.security, path).toEqual(path.startsWith('/v1/stamps/log/') ? [] : [{ bearer: [] }])
        continue
      }
      const expected = bearer(path)
        ? [{ bearer: [] }]
        : verifyYou(path)
          ? [{ apiKeyHeader: [] }, { bearer: [] }]
          : []
      expect(op.security, path).toEqual(expected)
    }
  })
})

describe('OpenAPI document against real responses', () => {
  const documentedHeaders = (path: string, status: number) =>
    Object.keys(doc.paths[path]!.post!.responses[String(status)]!.headers ?? {})

  const expectHeaders = (res: Response, status: number, skip: RegExp = /^$/) => {
    expect(res.status).toBe(status)
    const headers = documentedHeaders('/api/v1/verify', status).filter((name) => !skip.test(name))
    expect(headers.length).toBeGreaterThan(0)
    for (const name of headers)
      expect(res.headers.get(name) ?? 'absent', `${status} ${name}`).toMatch(/^\d+$/)
  }

  it('names headers that verify really sends on 200, 400 and a burst 429 (X-Quota-* come with the monthly one)', async () => {
    const { key } = await t.key('tiny')
    expectHeaders(await t.verify(key, { userId: 'u' }), 200)
    expectHeaders(await t.verify(key, { userId: '' }), 400)
    for (let i = 0; i < 3; i++) await t.verify(key, { userId: `u${i}` })
    expectHeaders(await t.verify(key, { userId: 'late' }), 429, /^X-Quota-/)
  })

  it('names every header the monthly 429 really sends', async () => {
    const { key } = await t.key('monthly')
    for (let i = 0; i < 3; i++) await t.verify(key, { userId: `u${i}` })
    expectHeaders(await t.verify(key, { userId: 'late' }), 429)
  })

  it('names Retry-After on 503, as the server sends it', async () => {
    const faults = faultyStore(t.store)
    const down = await makeTestApp({ store: faults.store })
    const { key } = await down.key()
    faults.failNext(1)
    const res = await down.verify(key, { userId: 'u' })
    expectHeaders(res, 503)
    await down.close()
  })

  it('describes the JWKS, /healthz and /readyz bodies the server really sends', async () => {
    await t.verify((await t.key()).key, { userId: 'u' })
    expect(jwksSchema.safeParse(await (await t.request('/.well-known/jwks.json')).json()).success).toBe(true)
    expect(healthSchema.safeParse(await (await t.request('/healthz')).json()).success).toBe(true)
    expect(readySchema.safeParse(await (await t.request('/readyz')).json()).success).toBe(true)
  })
})

describe('GET /docs', () => {
  it('is one self-contained page that covers every operation', async () => {
    const res = await t.request('/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toContain('text/html')
    const html = await res.text()
    for (const { method, path } of operations) expect(html).toContain(`${method}</span> <code>${path}</code>`)
    for (const code of Object.keys(ERROR_STATUS)) expect(html).toContain(code)
    expect(html).not.toMatch(/<(script|link|img|iframe)\b|url\(|@import/i)
  })
})
