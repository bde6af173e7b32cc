/**
 * The trust score and the enrolment, from the facts Huma holds about one user of one key: the latest
 * hosted check, the trust record (announced enrolment, revocation, evidence times) and the clock. Pure:
 * the signal table is shared/contracts/trust.ts's TRUST_SIGNALS, docs/trust.md says what each proves.
 */
import {
  FULL_ENROLLMENT_AGE_DAYS,
  RECENT_VERIFICATION_DAYS,
  TRUST_SIGNALS,
  type TrustSignalName,
} from '../../shared/contracts/trust.ts'
import { HUMAN_THRESHOLD } from '../../shared/verdict.ts'
import type { HostedUser } from '../hosted/store/types.ts'
import type { TrustRecord } from './store.ts'

const DAY_MS = 86_400_000
/** A hosted check passed: its humanness_score (0–100) is human by verify's threshold. */
export const PASSING_HUMANNESS = Math.round(HUMAN_THRESHOLD * 100)

export interface Facts {
  /** the user's hosted check (server/hosted/), or null when none was registered */
  hosted: Pick<HostedUser, 'result'> | null
  record: TrustRecord | null
  now: number
}

export interface Assessment {
  enrolled: boolean
  /** epoch ms */
  enrolledSince: number | null
  /** epoch ms of the latest time the user was judged human: a passed hosted check or a verify verdict */
  lastVerified: number | null
  /** 0..100, one decimal */
  trustScore: number
  signals: Record<TrustSignalName, { verified: boolean; points: number }>
  /** the latest hosted check (since any revocation) scored human */
  checkPassed: boolean
  /** a passkey is registered for the user */
  passkey: boolean
  /** anything at all is known of the user */
  known: boolean
}

const tenths = (n: number) => Math.round(n * 10) / 10
const latest = (...times: (number | null)[]) =>
  times.reduce<number | null>((a, b) => (b === null ? a : a === null ? b : Math.max(a, b)), null)

export function assess({ hosted, record, now }: Facts): Assessment {
  const revokedAt = record?.revokedAt ?? null
  // a check completed before the latest revocation no longer counts for anything
  const result = hosted?.result ?? null
  const check = result && (revokedAt === null || result.completedAt > revokedAt) ? result : null
  const checkPassed = check !== null && check.humannessScore >= PASSING_HUMANNESS
  const checkPasskey = check !== null && check.uniqueHumanId !== null
  // once announced, an enrolment lasts until it is revoked; before that, a passed check with a passkey is one
  const enrolledSince = record?.enrolledAt ?? (checkPassed && checkPasskey ? check.completedAt : null)
  const enrolled = enrolledSince !== null
  const passkey = enrolled || checkPasskey
  const lastHumanAt = record?.lastHumanAt ?? null
  const recent = lastHumanAt !== null && now - lastHumanAt <= RECENT_VERIFICATION_DAYS * DAY_MS
  const idv = (record?.idvVerifiedAt ?? null) !== null
  const age = enrolled
    ? Math.min(1, Math.max(0, now - enrolledSince) / (FULL_ENROLLMENT_AGE_DAYS * DAY_MS))
    : 0

  const evidence: Record<TrustSignalName, { verified: boolean; share: number }> = {
    hosted_check: { verified: checkPassed, share: checkPassed ? 1 : 0 },
    passkey: { verified: passkey, share: passkey ? 1 : 0 },
    recent_verification: { verified: recent, share: recent ? 1 : 0 },
    identity_document: { verified: idv, share: idv ? 1 : 0 },
    enrollment_age: { verified: enrolled, share: age },
  }
  const signals = {} as Assessment['signals']
  let total = 0
  for (const { name, points } of TRUST_SIGNALS) {
    const earned = tenths(points * evidence[name].share)
    signals[name] = { verified: evidence[name].verified, points: earned }
    total += earned
  }
  return {
    enrolled,
    enrolledSince,
    lastVerified: latest(checkPassed ? check.completedAt : null, lastHumanAt),
    trustScore: tenths(total),
    signals,
    checkPassed,
    passkey,
    known: hosted !== null || record !== null,
  }
}
