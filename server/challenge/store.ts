/**
 * The challenge slice: a key's own proof-of-work difficulty, where the operator set one
 * (`huma keys challenge-bits`); keys without a row use the server's HUMA_CHALLENGE_BITS. Embedded: the
 * `challenge_bits` table. Redis: one HASH, `challenge-bits`. test/contracts/challenge.ts runs against both.
 */
import type { RedisHandle } from '../store/redis-client.ts'
import { defineSlice } from '../store/slice.ts'
import type { EmbeddedDb } from '../store/sqlite.ts'

export interface ChallengeBitsStore {
  /** The key's difficulty in leading zero bits, or null when it has none of its own. */
  bits(keyId: string): Promise<number | null>
  /** Sets the key's difficulty; null returns it to the server's default. */
  setBits(keyId: string, bits: number | null): Promise<void>
}

function embeddedChallengeBits({ db, guard }: EmbeddedDb): ChallengeBitsStore {
  db.exec('CREATE TABLE IF NOT EXISTS challenge_bits (key_id TEXT PRIMARY KEY, bits INTEGER NOT NULL)')
  const q = {
    bits: db.prepare<[string], number>('SELECT bits FROM challenge_bits WHERE key_id = ?').pluck(),
    set: db.prepare(
      'INSERT INTO challenge_bits (key_id, bits) VALUES (?, ?) ON CONFLICT (key_id) DO UPDATE SET bits = excluded.bits',
    ),
    clear: db.prepare('DELETE FROM challenge_bits WHERE key_id = ?'),
  }
  return {
    bits: (keyId) => guard(() => q.bits.get(keyId) ?? null),
    setBits: (keyId, bits) => guard(() => void (bits === null ? q.clear.run(keyId) : q.set.run(keyId, bits))),
  }
}

function redisChallengeBits({ redis, prefix, run }: RedisHandle): ChallengeBitsStore {
  const hash = `${prefix}challenge-bits`
  return {
    bits: (keyId) =>
      run(async () => {
        const value = await redis.hget(hash, keyId)
        return value === null ? null : Number(value)
      }),
    setBits: (keyId, bits) =>
      run(
        async () =>
          void (bits === null ? await redis.hdel(hash, keyId) : await redis.hset(hash, keyId, bits)),
      ),
  }
}

export const challengeBitsSlice = defineSlice<ChallengeBitsStore>({
  name: 'challenge-bits',
  embedded: embeddedChallengeBits,
  redis: redisChallengeBits,
})
