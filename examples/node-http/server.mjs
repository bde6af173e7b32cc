// A sign-up endpoint on plain node:http, guarded by Huma. The whole integration is the checkHuman call.
//   HUMA_URL=http://localhost:8787 HUMA_API_KEY=huma_live_... PORT=3000 node examples/node-http/server.mjs
import { createServer } from 'node:http'
import Huma from 'huma/node'
import { blockedAnswer, checkHuman } from 'huma/guard'

const huma = new Huma(process.env.HUMA_API_KEY, { baseUrl: process.env.HUMA_URL })

/** The urlencoded form a `data-huma` form posts, the snippet's `huma_signals` field included. */
async function readForm(request) {
  let body = ''
  for await (const chunk of request) {
    body += chunk
    if (body.length > 64 * 1024) throw new Error('form too large')
  }
  return new URLSearchParams(body)
}

const send = (response, status, body, headers = {}) =>
  response.writeHead(status, { ...headers, 'Content-Type': 'application/json' }).end(JSON.stringify(body))

const server = createServer(async (request, response) => {
  if (request.method !== 'POST' || request.url !== '/signup')
    return send(response, 404, { error: 'NOT_FOUND' })
  const form = await readForm(request).catch(() => null)
  if (!form) return send(response, 413, { error: 'TOO_LARGE' })
  const check = await checkHuman(huma, {
    userId: form.get('email') ?? undefined,
    signals: form.get('huma_signals') ?? undefined,
    action: 'signup',
  })
  if (!check.allowed) {
    const { status, headers, body } = blockedAnswer(check)
    return send(response, status, body, headers)
  }
  // a person: create the account here
  send(response, 200, { welcome: form.get('email') })
})

const port = Number(process.env.PORT ?? 3000)
server.listen(port, () => console.log(`sign-up on http://localhost:${port}/signup`))
