/** GET / (the start page) and GET /assets/* (the pages' stylesheet and script). */
import { Hono } from 'hono'
import { COPY_JS, SITE_CSS } from './assets.ts'
import { homePage } from './home.ts'

export interface HomeRouteOptions {
  demo: boolean
  metrics: boolean
}

export function homeRoutes({ demo, metrics }: HomeRouteOptions): Hono {
  return new Hono()
    .get('/', (c) => {
      c.header('Cache-Control', 'no-cache')
      return c.html(homePage({ origin: new URL(c.req.url).origin, demo, metrics }))
    })
    .get('/assets/site.css', (c) => {
      c.header('Cache-Control', 'public, max-age=300')
      return c.body(SITE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' })
    })
    .get('/assets/copy.js', (c) => {
      c.header('Cache-Control', 'public, max-age=300')
      return c.body(COPY_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' })
    })
}
