/**
 * Auditing the stamp log (docs/stamps.md): the signed head checked against the JWKS, every entry up to
 * it re-walked (chain.ts), and, given a head kept from before, that the log still extends it. A source
 * is a server's public routes (`fromUrl`) or the store itself (cli.ts); both answer the same shapes.
 */
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose'
import {
  MAX_LOG_ENTRIES_LISTED,
  STAMP_LOG_HEAD_TYPE,
  stampLogEntriesResponseSchema,
  stampLogHeadSchema,
  type StampLogEntriesResponse,
  type StampLogEntry,
  type StampLogHead,
} from '../../shared/contracts/stamps.ts'
import { walkChain } from './chain.ts'

export interface LogSource {
  head(): Promise<StampLogHead>
  entries(from: number, limit: number): Promise<StampLogEntriesResponse>
  jwks(): Promise<JSONWebKeySet>
}

/** a head an auditor kept: the log must still have this hash at this size */
export interface KeptHead {
  size: number
  hash: string
}

export type AuditResult =
  { ok: true; size: number; hash: string; at: string | null } | { ok: false; problem: string }

export async function auditLog(source: LogSource, kept?: KeptHead): Promise<AuditResult> {
  const head = await source.head()
  try {
    const { payload } = await jwtVerify(head.signature, createLocalJWKSet(await source.jwks()), {
      algorithms: ['EdDSA'],
      issuer: 'huma',
      typ: STAMP_LOG_HEAD_TYPE,
    })
    if (payload.size !== head.size || payload.hash !== head.hash || payload.at !== head.at)
      return { ok: false, problem: 'the head does not say what its signature signs' }
  } catch {
    return { ok: false, problem: "the head's signature does not verify with the server's JWKS" }
  }
  if (kept && kept.size > head.size)
    return { ok: false, problem: `the log shrank: a kept head had ${kept.size} entries, it has ${head.size}` }

  const entries: StampLogEntry[] = []
  let keptSeen = false
  for (let from = 1; from <= head.size;) {
    const page = await source.entries(from, Math.min(MAX_LOG_ENTRIES_LISTED, head.size - from + 1))
    if (page.entries.length === 0) break
    for (const e of page.entries) if (e.seq <= head.size) entries.push(e)
    from = (page.entries.at(-1)?.seq ?? from) + 1
  }
  const walked = walkChain(entries)
  if (!walked.ok) return { ok: false, problem: walked.problem }
  if (walked.head.size !== head.size)
    return { ok: false, problem: `the log has ${walked.head.size} entries, its head says ${head.size}` }
  if (walked.head.hash !== head.hash)
    return { ok: false, problem: 'the entries do not hash to the signed head' }
  if (kept) {
    const at = kept.size === 0 ? null : entries[kept.size - 1]
    keptSeen = kept.size === 0 ? true : at?.hash === kept.hash
    if (!keptSeen)
      return {
        ok: false,
        problem: `the log was rewritten: entry ${kept.size} no longer has the kept head's hash`,
      }
  }
  return { ok: true, size: head.size, hash: head.hash, at: head.at }
}

/** A server's public log routes and JWKS as a source. */
export function fromUrl(base: string, fetchFn: typeof fetch = fetch): LogSource {
  const get = async (path: string): Promise<unknown> => {
    const res = await fetchFn(new URL(path, base))
    if (!res.ok) throw new Error(`${path}: the server answered ${res.status}`)
    return res.json()
  }
  return {
    head: async () => stampLogHeadSchema.parse(await get('/v1/stamps/log/head')),
    entries: async (from, limit) =>
      stampLogEntriesResponseSchema.parse(await get(`/v1/stamps/log/entries?from=${from}&limit=${limit}`)),
    jwks: async () => (await get('/.well-known/jwks.json')) as JSONWebKeySet,
  }
}
