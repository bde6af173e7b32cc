/**
 * The replay slice: digests of activity already seen, each with its first sender (an opaque tag) and
 * time, for a TTL that every sighting renews. Embedded: the `digests` table, a call's sightings one
 * statement in the turn's group commit, a row renewed at most every 64th of its TTL, swept a slice of
 * rowids at a time; rows read only when memory (digest-memory.ts) neither has them nor proves them absent.
 * Redis: a HASH per digest (`digest:<digest>`), each
 * sighting one Lua script. test/contracts/replay.ts runs against both. Also holds the proof of work's
 * spent nonces (server/challenge/).
 */
import { defineSlice } from '../store/slice.ts'
import { embeddedDigests } from './store-embedded.ts'
import { redisDigests } from './store-redis.ts'

/** The first sighting of a digest: who sent it (an opaque tag) and when. */
export interface DigestSighting {
  sender: string
  at: number
}

export interface DigestStore {
  /**
   * Records a sighting of `digest` by `sender` that renews it for `ttlMs` (a store may skip renewing a
   * digest renewed less than a RENEW_SHARE of `ttlMs` ago, renew.ts). Answers the first sighting still
   * within its TTL (who and when), or null when there was none: this one is then the first.
   */
  sightDigest(digest: string, sender: string, ttlMs: number, now: number): Promise<DigestSighting | null>
  /**
   * sightDigest for several digests at once (a payload's exact digest and its near-duplicate bands), each
   * with its own sender tag: one commit on the embedded store, one script on Redis. Answers in order.
   */
  sightDigests(
    sightings: readonly { digest: string; sender: string }[],
    ttlMs: number,
    now: number,
  ): Promise<(DigestSighting | null)[]>
}

export const digestsSlice = defineSlice<DigestStore>({
  name: 'digests',
  embedded: embeddedDigests,
  redis: redisDigests,
})
