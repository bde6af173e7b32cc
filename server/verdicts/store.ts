/**
 * The verdicts slice: aggregate counters of verify's answers per key, action, UTC day and either a
 * confidence bucket or a reason code. No per-call rows, no user ids: what the dashboard's charts need and
 * nothing more. Embedded: the `verdict_counts` table. Redis: a HASH per key and day
 * (`verdicts:<key>:<day>`, kept VERDICT_DAYS). test/contracts/verdicts.ts runs against both.
 */
import type { RedisHandle } from '../store/redis-client.ts'
import { defineSlice } from '../store/slice.ts'
import type { EmbeddedDb } from '../store/sqlite.ts'

/** Days of counters kept on Redis (the embedded store keeps them until deleted). */
export const VERDICT_DAYS = 400

export interface VerdictCount {
  keyId: string
  /** the caller's `action`, or '' for none */
  action: string
  /** YYYY-MM-DD, UTC */
  day: string
  /** a confidence bucket ('0.0' … '0.9', each a tenth wide) or a reason code */
  kind: 'bucket' | 'reason'
  name: string
  count: number
}

export interface VerdictStore {
  /** adds each count to its counter */
  add(counts: readonly VerdictCount[]): Promise<void>
  /** every counter of the days from `fromDay` to `toDay` (inclusive) of one key */
  read(keyId: string, fromDay: string, toDay: string): Promise<VerdictCount[]>
}

function embeddedVerdicts({ db, guard, write }: EmbeddedDb): VerdictStore {
  db.exec(`CREATE TABLE IF NOT EXISTS verdict_counts (
    key_id TEXT NOT NULL, action TEXT NOT NULL, day TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
    count INTEGER NOT NULL, PRIMARY KEY (key_id, day, action, kind, name))`)
  const q = {
    add: db.prepare(
      `INSERT INTO verdict_counts (key_id, action, day, kind, name, count) VALUES (@keyId, @action, @day, @kind, @name, @count)
       ON CONFLICT (key_id, day, action, kind, name) DO UPDATE SET count = count + excluded.count`,
    ),
    read: db.prepare<[string, string, string], Omit<VerdictCount, 'keyId'>>(
      'SELECT action, day, kind, name, count FROM verdict_counts WHERE key_id = ? AND day >= ? AND day <= ? ORDER BY day, action, kind, name',
    ),
  }
  return {
    add: (counts) => write(() => void counts.forEach((c) => q.add.run(c))),
    read: (keyId, from, to) => guard(() => q.read.all(keyId, from, to).map((r) => ({ keyId, ...r }))),
  }
}

function redisVerdicts({ redis, prefix, run }: RedisHandle): VerdictStore {
  const hash = (keyId: string, day: string) => `${prefix}verdicts:${keyId}:${day}`
  const field = (c: Pick<VerdictCount, 'action' | 'kind' | 'name'>) => `${c.kind}\0${c.name}\0${c.action}`
  return {
    add: (counts) =>
      run(async () => {
        const multi = redis.multi()
        for (const c of counts) {
          multi.hincrby(hash(c.keyId, c.day), field(c), c.count)
          multi.expire(hash(c.keyId, c.day), VERDICT_DAYS * 86_400)
        }
        await multi.exec()
      }),
    read: (keyId, from, to) =>
      run(async () => {
        const out: VerdictCount[] = []
        for (
          let d = new Date(`${from}T00:00:00Z`);
          d.toISOString().slice(0, 10) <= to;
          d.setUTCDate(d.getUTCDate() + 1)
        ) {
          const day = d.toISOString().slice(0, 10)
          for (const [f, n] of Object.entries(await redis.hgetall(hash(keyId, day)))) {
            const [kind, name, action] = f.split('\0') as [VerdictCount['kind'], string, string]
            out.push({ keyId, action, day, kind, name, count: Number(n) })
          }
        }
        return out.sort((a, b) =>
          a.day !== b.day
            ? a.day < b.day
              ? -1
              : 1
            : a.action !== b.action
              ? a.action < b.action
                ? -1
                : 1
              : a.kind !== b.kind
                ? a.kind < b.kind
                  ? -1
                  : 1
                : a.name < b.name
                  ? -1
                  : a.name > b.name
                    ? 1
                    : 0,
        )
      }),
  }
}

export const verdictsSlice = defineSlice<VerdictStore>({
  name: 'verdicts',
  embedded: embeddedVerdicts,
  redis: redisVerdicts,
})
