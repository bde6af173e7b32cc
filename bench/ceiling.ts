/**
 * The ceiling: a bare Hono + @hono/node-server app that parses the same JSON body and answers a
 * constant. Nothing Huma does can be faster than this on the same machine.
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const app = new Hono()
app.post('/api/v1/verify', async (c) => {
  const body = (await c.req.json()) as { userId?: unknown }
  return c.json({ human: typeof body.userId === 'string', confidence: 0.5, token: 'x', pii_stored: false })
})
app.get('/healthz', (c) => c.json({ status: 'ok' }))
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' })
