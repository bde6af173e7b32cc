/**
 * Finding 9 of issue 15: the user-flood window counted exact strings, so 12 spellings of one id x 15
 * calls admitted 120 instead of 10.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { USER_FLOOD_LIMIT } from '../server/limits/service.ts'
import { normaliseUserId } from '../shared/user-id.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await makeTestApp()
})
afterEach(async () => {
  await t.close()
})

/** Twelve spellings a person reads as `user_ßafe1`. */
const SPELLINGS = [
  'user_ßafe1',
  'USER_SSAFE1',
  'User_ßafe1',
  '  user_ßafe1\t',
  'user_\u200bßafe1',
  '\ufeffuser_ßafe1',
  'user_ßafe1\u0000',
  'ｕｓｅｒ＿ßａｆｅ１',
  'user_ßafe\u00ad1',
  'user_ßafe1\u2060',
  'user_ssafe1',
  'user_ßafe1\r\n',
]

describe('userId normalisation', () => {
  it('reads every spelling of one id as the same id', () => {
    expect(new Set(SPELLINGS).size).toBe(12)
    expect(new Set(SPELLINGS.map(normaliseUserId))).toEqual(new Set(['user_ssafe1']))
  })

  it('folds NFC and NFD forms together', () => {
    expect(normaliseUserId('Jos\u00e9')).toBe(normaliseUserId('Jose\u0301'))
  })

  it('keeps ids that differ apart', () => {
    const ids = ['user_1', 'user_2', 'user-1', 'user 1', 'user_10', 'usér_1']
    expect(new Set(ids.map(normaliseUserId)).size).toBe(ids.length)
  })

  it(`admits ${USER_FLOOD_LIMIT} calls a minute for one id however it is spelled, not 12 x 15`, async () => {
    const { key } = await t.key()
    let admitted = 0
    for (let round = 0; round < 15; round++) {
      for (const userId of SPELLINGS) {
        const res = await t.verify(key, { userId })
        if (res.status === 200) admitted++
        else expect(((await res.json()) as { error: string }).error).toBe('USER_FLOOD_DETECTED')
      }
    }
    expect(admitted).toBe(USER_FLOOD_LIMIT)
  })

  it('binds tokens to the normalised id: any spelling of it matches, another id does not', async () => {
    const { key } = await t.key()
    const res = await t.verify(key, { userId: 'User_ßafe1' })
    const { token } = (await res.json()) as { token: string }
    const match = async (userId: string) => {
      const check = await t.request('/api/v1/tokens/verify', {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ token, userId }),
      })
      return ((await check.json()) as { user_match: boolean | null }).user_match
    }
    for (const spelling of SPELLINGS) expect(await match(spelling)).toBe(true)
    expect(await match('user_ssafe2')).toBe(false)
  })
})
