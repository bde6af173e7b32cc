/** GET /, /assets/site.css and /assets/copy.js in the OpenAPI document, beside their routes. */
import { defineFeatureDocs } from '../openapi/feature.ts'

export const pagesDocs = defineFeatureDocs({
  schemas: {},
  operations: [
    {
      method: 'get',
      path: '/',
      operationId: 'home',
      tag: 'Reference',
      summary: 'The start page',
      description:
        'What this server is, links to the demo, this reference, health and metrics, and a quick start.',
      auth: false,
      ok: { description: 'the page', mediaType: 'text/html' },
      errors: [],
    },
    {
      method: 'get',
      path: '/assets/site.css',
      operationId: 'siteStylesheet',
      tag: 'Reference',
      summary: "The start page's and the demo's stylesheet",
      description: 'One small stylesheet, so the pages carry no inline style.',
      auth: false,
      ok: { description: 'CSS', mediaType: 'text/css' },
      errors: [],
    },
    {
      method: 'get',
      path: '/assets/copy.js',
      operationId: 'copyScript',
      tag: 'Reference',
      summary: "The demo result's copy button",
      description: 'Copies the audit token; where the clipboard is not available, selects it instead.',
      auth: false,
      ok: { description: 'JavaScript', mediaType: 'text/javascript' },
      errors: [],
    },
  ],
})
