// app/api/signup/route.js: a Next.js (App Router) route handler guarded by Huma. It runs on the Node.js
// and the Edge runtimes alike: the client needs nothing but fetch.
import Huma from 'huma/node'
import { blockedAnswer, checkHuman } from 'huma/guard'

const huma = new Huma(process.env.HUMA_API_KEY, { baseUrl: process.env.HUMA_URL })

export async function POST(request) {
  const form = await request.formData()
  const field = (name) => (typeof form.get(name) === 'string' ? form.get(name) : undefined)
  const check = await checkHuman(huma, {
    userId: field('email'),
    signals: field('huma_signals'),
    action: 'signup',
  })
  if (!check.allowed) {
    const { status, headers, body } = blockedAnswer(check)
    return Response.json(body, { status, headers })
  }
  // a person: create the account here
  return Response.json({ welcome: field('email') })
}
