/** GET /openapi.json (the OpenAPI 3.1 document) and GET /docs (the same, as a readable page). */
import { OpenAPIHono } from '@hono/zod-openapi'
import type { Hono } from 'hono'
import { html, respond, setHeader } from '../http/respond.ts'
import { generateOpenApiDocument, type OpenApiDocument } from './generate.ts'
import { renderDocsPage, type RenderableDocument } from './page.ts'
import { defineRoute, mount } from './route.ts'

export const openapiJsonRoute = defineRoute({
  method: 'get',
  path: '/openapi.json',
  operationId: 'openapi',
  tag: 'Reference',
  summary: 'This document',
  description: 'The OpenAPI 3.1 description of every route.',
  auth: false,
  ok: { description: 'the OpenAPI document', mediaType: 'application/json' },
  errors: [],
})

export const docsRoute = defineRoute({
  method: 'get',
  path: '/docs',
  operationId: 'docs',
  tag: 'Reference',
  summary: 'The API reference page',
  description: 'This document rendered as one self-contained HTML page.',
  auth: false,
  ok: { description: 'the reference page', mediaType: 'text/html' },
  errors: [],
})

/**
 * `app`: the app whose routes are documented (its OpenAPI registry, read on the first request, once
 * every feature is mounted).
 */
export function openapiRoutes({ app }: { app: Hono }): OpenAPIHono {
  let reference: { document: OpenApiDocument; page: string } | null = null
  const built = () => {
    if (!reference) {
      const document = generateOpenApiDocument(app)
      reference = { document, page: renderDocsPage(document as unknown as RenderableDocument) }
    }
    return reference
  }
  const routes = new OpenAPIHono()
  mount(routes, openapiJsonRoute, (c) => {
    setHeader(c, 'Cache-Control', 'public, max-age=300')
    return respond(c, built().document, 200)
  })
  return mount(routes, docsRoute, (c) => {
    setHeader(c, 'Cache-Control', 'public, max-age=300')
    setHeader(c, 'Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
    return html(c, built().page)
  })
}
