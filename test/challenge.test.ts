/**
 * The proof of work of issue 15: a signed challenge from `GET /challenge`, solved by the sender, checked
 * by verify and usable once.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { CHALLENGE_TTL_MS, solves } from '../server/challenge/service.ts'
import { challengeBitsSlice } from '../server/challenge/store.ts'
import type { AppDeps } from '../server/app.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { wanderingPointer } from './helpers/traces.ts'

let t: TestApp
afterEach(async () => {
  await t.close()
})

async function setUp(challenge: AppDeps['challenge'] = { mode: 'optional', bits: 8 }) {
  t = await makeTestApp({ challenge })
  return (await t.key()).key
}

async function challenge(query = '') {
  const res = await t.request(`/challenge${query}`)
  expect(res.status).toBe(200)
  expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*')
  expect(res.headers.get('Cache-Control')).toBe('no-store')
  return (await res.json()) as { c: string; b: number }
}

function solve({ c, b }: { c: string; b: number }): number {
  for (let n = 0; ; n++) if (solves(c, n, b)) return n
}

const activity = wanderingPointer
const withProof = (signals: string, c: string, n: number) =>
  `${signals.slice(0, -1)},"p":{"c":"${c}","n":${n}}}`

async function verdict(key: string, userId: string, signals: string) {
  const res = await t.verify(key, { userId, signals })
  expect(res.status).toBe(200)
  return (await res.json()) as { human: boolean; confidence: number; reasons: string[] }
}

describe('the proof of work', () => {
  it('is accepted once solved, and again for the same user (a double submit)', async () => {
    const key = await setUp()
    const ch = await challenge()
    expect(ch.b).toBe(8)
    const signals = withProof(activity(1), ch.c, solve(ch))
    const first = await verdict(key, 'user_1', signals)
    expect(first.reasons).not.toContain('CHALLENGE_FAILED')
    expect((await verdict(key, 'user_1', signals)).reasons).not.toContain('CHALLENGE_FAILED')
  })

  it('is refused with CHALLENGE_FAILED when another user spends it again, even on other activity', async () => {
    const key = await setUp()
    const ch = await challenge()
    const n = solve(ch)
    await verdict(key, 'user_1', withProof(activity(1), ch.c, n))
    const again = await verdict(key, 'user_2', withProof(activity(2), ch.c, n))
    expect(again.reasons[0]).toBe('CHALLENGE_FAILED')
    expect(again.confidence).toBeLessThanOrEqual(0.1)
  })

  it('is refused unsolved, forged or stale', async () => {
    const key = await setUp()
    const ch = await challenge()
    let wrong = 0
    while (solves(ch.c, wrong, ch.b)) wrong++
    const unsolved = await verdict(key, 'u1', withProof(activity(1), ch.c, wrong))
    expect(unsolved).toMatchObject({ human: false, reasons: expect.arrayContaining(['CHALLENGE_FAILED']) })
    expect(unsolved.confidence).toBeLessThanOrEqual(0.1)

    // an easier challenge than the server gave: the difficulty is signed with it
    const [expires, , nonce, mac] = ch.c.split('.')
    const easier = `${expires}.0.${nonce}.${mac}`
    const forged = await verdict(key, 'u2', withProof(activity(2), easier, 0))
    expect(forged.reasons[0]).toBe('CHALLENGE_FAILED')

    const later = await challenge()
    const n = solve(later)
    t.clock.now += CHALLENGE_TTL_MS + 1000
    const stale = await verdict(key, 'u3', withProof(activity(3), later.c, n))
    expect(stale).toMatchObject({ human: false, reasons: expect.arrayContaining(['CHALLENGE_FAILED']) })
  })

  it('when optional, lets a payload without one be judged on its activity; when required, not', async () => {
    const optional = await setUp()
    expect((await verdict(optional, 'u1', activity(4))).reasons).not.toContain('CHALLENGE_FAILED')
    await t.close()
    const required = await setUp({ mode: 'required', bits: 8 })
    const missing = await verdict(required, 'u1', activity(5))
    expect(missing).toMatchObject({ human: false, reasons: expect.arrayContaining(['CHALLENGE_FAILED']) })
    const ch = await challenge()
    expect((await verdict(required, 'u2', withProof(activity(6), ch.c, solve(ch)))).reasons).not.toContain(
      'CHALLENGE_FAILED',
    )
  })

  it('is not served, nor checked, when off', async () => {
    const key = await setUp({ mode: 'off' })
    expect((await t.request('/challenge')).status).toBe(404)
    expect((await verdict(key, 'u1', withProof(activity(7), 'x.1.y.z', 0))).reasons).not.toContain(
      'CHALLENGE_FAILED',
    )
  })

  describe("a key's own difficulty", () => {
    it('is served to pages that name the key, and verify under that key refuses an easier proof', async () => {
      await setUp({ mode: 'optional', bits: 8 })
      const hard = await t.key()
      const plain = await t.key()
      await t.store.slice(challengeBitsSlice).setBits(hard.id, 10)
      const own = await challenge(`?site=${hard.id}`)
      expect(own.b).toBe(10)
      expect((await challenge(`?site=${plain.id}`)).b).toBe(8)
      expect((await challenge()).b).toBe(8)

      // the server's default, solved: fine under the plain key, too easy under the hard one
      const easy = await challenge()
      const n = solve(easy)
      expect((await verdict(plain.key, 'u1', withProof(activity(1), easy.c, n))).reasons).not.toContain(
        'CHALLENGE_FAILED',
      )
      const refused = await verdict(hard.key, 'u2', withProof(activity(2), easy.c, n))
      expect(refused).toMatchObject({ human: false, reasons: expect.arrayContaining(['CHALLENGE_FAILED']) })
      expect(refused.confidence).toBeLessThanOrEqual(0.3)
      // the key's own challenge, solved at its difficulty
      const accepted = await verdict(hard.key, 'u3', withProof(activity(3), own.c, solve(own)))
      expect(accepted.reasons).not.toContain('CHALLENGE_FAILED')
    })

    it('answers 400 INVALID_REQUEST naming site when it is not a key id', async () => {
      await setUp()
      const res = await t.request('/challenge?site=../../etc')
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({
        error: 'INVALID_REQUEST',
        message: expect.stringContaining('site'),
      })
    })
  })
})
