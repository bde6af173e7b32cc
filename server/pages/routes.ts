/** GET / (the start page) and GET /assets/* (the pages' stylesheet and script). */
import { OpenAPIHono } from '@hono/zod-openapi'
import { html, send, setHeader } from '../http/respond.ts'
import { mount } from '../openapi/route.ts'
import { COPY_JS, SITE_CSS } from './assets.ts'
import { homePage } from './home.ts'
import { copyJsRoute, homeRoute, siteCssRoute } from './openapi.ts'

export interface HomeRouteOptions {
  demo: boolean
  metrics: boolean
}

export function homeRoutes({ demo, metrics }: HomeRouteOptions): OpenAPIHono {
  const app = new OpenAPIHono()
  mount(app, homeRoute, (c) => {
    setHeader(c, 'Cache-Control', 'no-cache')
    return html(c, homePage({ origin: new URL(c.req.url).origin, demo, metrics }))
  })
  mount(app, siteCssRoute, (c) => {
    setHeader(c, 'Cache-Control', 'public, max-age=300')
    return send(c, SITE_CSS, 'text/css; charset=utf-8')
  })
  return mount(app, copyJsRoute, (c) => {
    setHeader(c, 'Cache-Control', 'public, max-age=300')
    return send(c, COPY_JS, 'text/javascript; charset=utf-8')
  })
}
