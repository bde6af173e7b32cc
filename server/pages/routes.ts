/** GET / (the start page) and GET /assets/* (the pages' stylesheet and script). */
import { Hono } from 'hono'
import { html, send, setHeader } from '../http/respond.ts'
import { COPY_JS, SITE_CSS } from './assets.ts'
import { homePage } from './home.ts'

export interface HomeRouteOptions {
  demo: boolean
  metrics: boolean
}

export function homeRoutes({ demo, metrics }: HomeRouteOptions): Hono {
  return new Hono()
    .get('/', (c) => {
      setHeader(c, 'Cache-Control', 'no-cache')
      return html(c, homePage({ origin: new URL(c.req.url).origin, demo, metrics }))
    })
    .get('/assets/site.css', (c) => {
      setHeader(c, 'Cache-Control', 'public, max-age=300')
      return send(c, SITE_CSS, 'text/css; charset=utf-8')
    })
    .get('/assets/copy.js', (c) => {
      setHeader(c, 'Cache-Control', 'public, max-age=300')
      return send(c, COPY_JS, 'text/javascript; charset=utf-8')
    })
}
