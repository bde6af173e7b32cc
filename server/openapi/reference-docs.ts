/** GET /openapi.json and GET /docs in the OpenAPI document they serve. */
import { defineFeatureDocs } from './feature.ts'

export const referenceDocs = defineFeatureDocs({
  schemas: {},
  operations: [
    {
      method: 'get',
      path: '/openapi.json',
      operationId: 'openapi',
      tag: 'Reference',
      summary: 'This document',
      description: 'The OpenAPI 3.1 description of every route.',
      auth: false,
      ok: { description: 'the OpenAPI document', mediaType: 'application/json' },
      errors: [],
    },
    {
      method: 'get',
      path: '/docs',
      operationId: 'docs',
      tag: 'Reference',
      summary: 'The API reference page',
      description: 'This document rendered as one self-contained HTML page.',
      auth: false,
      ok: { description: 'the reference page', mediaType: 'text/html' },
      errors: [],
    },
  ],
})
