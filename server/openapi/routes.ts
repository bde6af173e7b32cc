/** GET /openapi.json (the OpenAPI 3.1 document) and GET /docs (the same, as a readable page). */
import { Hono } from 'hono'
import { buildOpenApiDocument } from './document.ts'
import { renderDocsPage, type RenderableDocument } from './page.ts'

let built: { document: object; page: string } | null = null
/** Built once per process: the document depends only on the code. */
function reference() {
  if (!built) {
    const document = buildOpenApiDocument()
    built = { document, page: renderDocsPage(document as unknown as RenderableDocument) }
  }
  return built
}

export function openapiRoutes(): Hono {
  const { document, page } = reference()
  return new Hono()
    .get('/openapi.json', (c) => {
      c.header('Cache-Control', 'public, max-age=300')
      return c.json(document)
    })
    .get('/docs', (c) => {
      c.header('Cache-Control', 'public, max-age=300')
      c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
      return c.html(page)
    })
}
