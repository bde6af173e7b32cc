/** Completes the hosted check for a user, with a software passkey unless told not to: an enrolment in tests. */
import { expect } from 'vitest'
import { softPasskey } from './passkey.ts'
import type { TestApp } from './app.ts'
import { wanderingPointer } from './traces.ts'

/**
 * Registers `userId` under `key` and completes the check (over `app.request`, at http://localhost); answers
 * the humanness_score. Under a sandbox key `bot_...` users score 2 and everyone else 98.
 */
export async function hostedCheck(
  t: Pick<TestApp, 'app'>,
  key: string,
  userId: string,
  { passkey = true } = {},
): Promise<number> {
  const registered = await t.app.request('/v1/business_connect_user/register', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'API-KEY': key },
    body: JSON.stringify({
      reference_user_id: userId,
      data_request: {
        type: passkey ? 'GET_HUMANNESS_SCORE_AND_UNIQUE_HUMAN_ID' : 'IS_PHONE_NUMBER_VERIFIED',
      },
    }),
  })
  expect(registered.status).toBe(200)
  const { invite_url } = (await registered.json()) as { invite_url: string }
  const code = new URL(invite_url).pathname.split('/')[2]!
  let answer = {}
  if (passkey) {
    const options = (await (
      await t.app.request(`/check/${code}/passkey-options`, { method: 'POST' })
    ).json()) as { create: { challenge: string; rp: { id: string } } }
    answer = { passkey: softPasskey(options.create.challenge, options.create.rp.id, 'http://localhost') }
  }
  const done = await t.app.request(`/check/${code}/complete`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ signals: wanderingPointer(3), ...answer }),
  })
  expect(done.status).toBe(200)
  return ((await done.json()) as { humanness_score: number }).humanness_score
}
