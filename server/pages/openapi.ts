/** GET /, /assets/site.css and /assets/copy.js as routes of the OpenAPI document (server/openapi/route.ts). */
import { defineRoute } from '../openapi/route.ts'

export const homeRoute = defineRoute({
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
})

export const siteCssRoute = defineRoute({
  method: 'get',
  path: '/assets/site.css',
  operationId: 'siteStylesheet',
  tag: 'Reference',
  summary: "The start page's and the demo's stylesheet",
  description: 'One small stylesheet, so the pages carry no inline style.',
  auth: false,
  ok: { description: 'CSS', mediaType: 'text/css' },
  errors: [],
})

export const copyJsRoute = defineRoute({
  method: 'get',
  path: '/assets/copy.js',
  operationId: 'copyScript',
  tag: 'Reference',
  summary: "The demo result's copy button",
  description: 'Copies the audit token; where the clipboard is not available, selects it instead.',
  auth: false,
  ok: { description: 'JavaScript', mediaType: 'text/javascript' },
  errors: [],
})
