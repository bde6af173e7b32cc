/** API keys: `huma_live_` or `huma_test_` followed by 32 base62 characters. */
export const KEY_BODY_LENGTH = 32
export const KEY_PATTERN = /^huma_(live|test)_[A-Za-z0-9]{32}$/

export type KeyMode = 'live' | 'test'

export function keyMode(key: string): KeyMode | null {
  const match = KEY_PATTERN.exec(key)
  return match ? (match[1] as KeyMode) : null
}
