/**
 * Where the identity checks (server/idv/) report to the trust score: their completion seam, wrapped so that
 * a check that ended verified becomes the user's identity_document signal (by the same keyed user hash
 * the check keeps), whatever becomes of the webhook.
 */
import type { EnqueueEvent } from '../idv/service.ts'
import type { TrustService } from './service.ts'

export function noteVerifiedIdentity(
  trust: Pick<TrustService, 'noteIdentity'>,
  send: EnqueueEvent,
): EnqueueEvent {
  return async function enqueueAndNote(event) {
    const { payload } = event
    const verified = payload.verification_result.verificationAssessment.verificationStatus === 'verified'
    await Promise.all([
      send(event),
      verified
        ? trust.noteIdentity(event.keyId, payload.user_identifier, Date.parse(payload.completed_at))
        : null,
    ])
  }
}
