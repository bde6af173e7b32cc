/**
 * What the dashboard (server/admin/) may do with identity checks: list them per key, list the `review`
 * queue, show a check's two images while they are retained, and decide a check in review. A decision
 * turns the check's status into `verified` or `rejected` (what GET /verif/checks/{check_id} then
 * answers) and sends IDENTITY_VERIFICATION_COMPLETED again with the decided result. Results, no HTTP.
 */
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import type { IdvResult } from '../../shared/contracts/idv.ts'
import { IDV_WEBHOOK_TYPE } from './webhook.ts'
import { FRAME_BLOB, type EnqueueEvent, type IdvService } from './service.ts'
import { imageType } from './sniff.ts'
import { inReview, type IdvCheckRecord, type IdvPage, type IdvReview, type IdvStore } from './store.ts'
import type { Vault } from './vault.ts'

export type ReviewOutcome =
  | { ok: true; check: IdvCheckRecord; notified: boolean }
  | { ok: false; why: 'NOT_FOUND' | 'NOT_IN_REVIEW' | 'DELETED' }

/** The images a reviewer compares: a selfie frame and the ID photo. */
export type ReviewImage = 'frame' | 'id'

export interface IdvAdmin {
  checks(keyId: string, page: IdvPage): Promise<IdvCheckRecord[]>
  queue(page: IdvPage): Promise<IdvCheckRecord[]>
  check(id: string): Promise<IdvCheckRecord | null>
  /** the decrypted image and its type, or null when the check has none (never stored, or purged) */
  image(id: string, which: ReviewImage): Promise<{ body: Readable; mime: string } | null>
  decide(id: string, decision: IdvReview['decision']): Promise<ReviewOutcome>
}

/** The check as decided: its status, whether the faces are taken to match, and a summary that says who. */
export function decided(check: IdvCheckRecord, review: IdvReview): IdvCheckRecord {
  const approved = review.decision === 'approved'
  const assessment = check.result.verificationAssessment
  const result: IdvResult = {
    ...check.result,
    faceComparison: { ...check.result.faceComparison, isIdentical: approved },
    verificationAssessment: {
      ...assessment,
      verificationStatus: approved ? 'verified' : 'rejected',
      summary:
        `A person reviewed the images and ${review.decision} the check at ` +
        `${new Date(review.at).toISOString()}. The model said: ${assessment.summary}`,
    },
  }
  return { ...check, result, review }
}

export function createIdvAdmin({
  store,
  vault,
  service,
  enqueueEvent,
  now,
}: {
  store: IdvStore
  vault: Vault
  service: IdvService
  enqueueEvent?: EnqueueEvent | undefined
  now: () => number
}): IdvAdmin {
  return {
    checks: (keyId, page) => store.listChecks(keyId, page),
    queue: (page) => store.reviewQueue(page),
    check: (id) => store.getCheck(id),

    async image(id, which) {
      const check = await store.getCheck(id)
      if (!check?.files || check.purgeAt <= now()) return null
      const blob = which === 'frame' ? FRAME_BLOB : check.files.idPhoto.blob
      const body = await vault.read(id, blob)
      if (!body) return null
      // the ID photo's type was sniffed at upload; a frame is told by its first bytes here
      if (which === 'id') return { body, mime: check.files.idPhoto.mime }
      const chunks: Buffer[] = []
      for await (const chunk of body) chunks.push(chunk as Buffer)
      const bytes = Buffer.concat(chunks)
      const type = imageType(bytes)
      if (!type) return null
      return { body: Readable.from([bytes]), mime: `image/${type}` }
    },

    async decide(id, decision) {
      const check = await store.getCheck(id)
      if (!check) return { ok: false, why: 'NOT_FOUND' }
      // past its retention the files are gone, or about to be at the sweeper's next pass
      if (check.purgedAt !== null || check.purgeAt <= now()) return { ok: false, why: 'DELETED' }
      if (!inReview(check)) return { ok: false, why: 'NOT_IN_REVIEW' }
      const at = now()
      const next = decided(check, { decision, at })
      if (!(await store.decideReview(next))) return { ok: false, why: 'NOT_IN_REVIEW' }
      const contact = await service.contactOf(next)
      if (!enqueueEvent || !contact) return { ok: true, check: next, notified: false }
      const { result } = next
      await enqueueEvent({
        type: IDV_WEBHOOK_TYPE,
        keyId: next.keyId,
        id: `evt_${randomBytes(12).toString('hex')}`,
        payload: {
          check_id: id,
          user_identifier: contact.user_identifier,
          verification_result: result,
          files: { selfie_video_url: result.files.selfieVideo.url, id_photo_url: result.files.idPhoto.url },
          completed_at: new Date(at).toISOString(),
        },
      })
      return { ok: true, check: next, notified: true }
    },
  }
}
