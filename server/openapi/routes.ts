/** GET /openapi.json (the OpenAPI 3.1 document) and GET /docs (the same, as a readable page). */
import { Hono } from 'hono'
import { html, respond, setHeader } from '../http/respond.ts'
import { buildOpenApiDocument } from './document.ts'
import type { FeatureDocs } from './feature.ts'
import { renderDocsPage, type RenderableDocument } from './page.ts'

const built = new WeakMap<readonly FeatureDocs[], { document: object; page: string }>()
/** Built once per list of features (app.ts's one constant list): the document depends only on the code. */
function reference(features: readonly FeatureDocs[]) {
  let reference = built.get(features)
  if (!reference) {
    const document = buildOpenApiDocument(features)
    reference = { document, page: renderDocsPage(document as unknown as RenderableDocument) }
    built.set(features, reference)
  }
  return reference
}

/** `features`: the docs of the routes that features declare beside themselves (feature.ts). */
export function openapiRoutes({ features }: { features: readonly FeatureDocs[] }): Hono {
  const { document, page } = reference(features)
  return new Hono()
    .get('/openapi.json', (c) => {
      setHeader(c, 'Cache-Control', 'public, max-age=300')
      return respond(c, document, 200)
    })
    .get('/docs', (c) => {
      setHeader(c, 'Cache-Control', 'public, max-age=300')
      setHeader(c, 'Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
      return html(c, page)
    })
}
