/**
 * Finding 3 of issue 15: `POST /demo/signup` returned live (`sandbox: false`) tokens to anyone, and one
 * client used up the demo key's month in 21 minutes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { monthOf } from '../server/limits/service.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { wanderingPointer } from './helpers/traces.ts'

let t: TestApp
beforeEach(async () => {
  t = await makeTestApp({ demo: true })
})
afterEach(async () => {
  await t.close()
})

const person = wanderingPointer

async function signUp(signals: string) {
  const res = await t.request('/demo/signup', {
    method: 'POST',
    body: new URLSearchParams({ name: 'Ada', huma_signals: signals }),
  })
  const html = await res.text()
  const shown = /<pre id="result"[^>]*>([^]*?)<\/pre>/.exec(html)?.[1] ?? ''
  const unescaped = shown
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
  return { status: res.status, body: JSON.parse(unescaped) as Record<string, unknown> }
}

describe('the demo', () => {
  it('answers a real verdict, with a sandbox token that says so', async () => {
    const { status, body } = await signUp(person(1))
    expect(status).toBe(200)
    expect(body.reasons).not.toContain('SANDBOX')
    const token = body.token as string
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >
    expect(claims).toMatchObject({ sandbox: true, key: 'demo' })

    const { key } = await t.key()
    const check = await t.request('/api/v1/tokens/verify', {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ token }),
    })
    expect(await check.json()).toMatchObject({ valid: true, claims: { sandbox: true, key_id: 'demo' } })
  })

  it('counts toward no key: 10 sign-ups leave every key without usage and no demo key in the store', async () => {
    const { id } = await t.key()
    for (let i = 0; i < 10; i++) expect((await signUp(person(i + 2))).status).toBe(200)
    expect(await t.store.usage(monthOf(t.clock.now))).toEqual([])
    expect((await t.store.listKeys()).map((k) => k.id)).toEqual([id])
  })
})
