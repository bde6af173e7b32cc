/** The hosted check in /openapi.json: every failure code under its status, examples that parse. */
import { describe, expect, it } from 'vitest'
import { FAILURE_CODES, FAILURE_STATUS, type FailureCode } from '../shared/contracts/verifyyou.ts'
import { generateOpenApiDocument } from '../server/openapi/generate.ts'
import { namedSchemas } from '../server/openapi/route.ts'
import { SCHEMAS } from '../server/openapi/schemas.ts'
import { makeTestApp } from './helpers/app.ts'

type Media = { schema?: { $ref?: string }; example?: unknown; examples?: Record<string, { value: unknown }> }
type Op = {
  requestBody?: { content: Record<string, Media> }
  responses: Record<string, { content?: Record<string, Media> }>
}
// the document as an app generates it from the routes it mounts
const app = await makeTestApp()
const doc = generateOpenApiDocument(app.app) as unknown as {
  paths: Record<string, Record<string, Op>>
}
await app.close()
/** every named schema: the frame's (Error) and the mounted routes' */
const ALL: Record<string, { schema: { safeParse(v: unknown): { success: boolean } } }> = {
  ...SCHEMAS,
  ...Object.fromEntries(namedSchemas()),
}
const hosted = Object.entries(doc.paths).filter(
  ([path]) => path.startsWith('/v1/business_connect_user/') || path.startsWith('/check/'),
)

describe('the hosted check in the OpenAPI document', () => {
  it('documents register and get_status at the contract paths', () => {
    expect(doc.paths['/v1/business_connect_user/register']?.post).toBeDefined()
    expect(doc.paths['/v1/business_connect_user/get_status']?.post).toBeDefined()
  })

  it('lists every failure code under the status it is answered with, in the contract failure shape', () => {
    const seen = new Set<string>()
    for (const [, methods] of hosted) {
      for (const op of Object.values(methods)) {
        for (const [status, response] of Object.entries(op.responses)) {
          for (const [name, example] of Object.entries(
            response.content?.['application/json']?.examples ?? {},
          )) {
            expect(example.value).toMatchObject({ status: 'failure', failure_code: name })
            expect(String(FAILURE_STATUS[name as FailureCode])).toBe(status)
            seen.add(name)
          }
        }
      }
    }
    expect([...seen].sort()).toEqual([...FAILURE_CODES].sort())
  })

  it('has examples that parse with the zod schemas they name', () => {
    let count = 0
    for (const [path, methods] of hosted) {
      for (const op of Object.values(methods)) {
        const media = [
          ...Object.values(op.requestBody?.content ?? {}),
          ...Object.values(op.responses).flatMap((r) => Object.values(r.content ?? {})),
        ]
        for (const m of media) {
          const name = m.schema?.$ref?.split('/').pop()
          const values = [
            ...(m.example === undefined ? [] : [m.example]),
            ...Object.values(m.examples ?? {}).map((e) => e.value),
          ]
          for (const value of values) {
            expect(name, path).toBeDefined()
            expect(ALL[name!]!.schema.safeParse(value).success, `${path}: ${JSON.stringify(value)}`).toBe(
              true,
            )
            count++
          }
        }
      }
    }
    expect(count).toBeGreaterThan(15)
  })
})
