/**
 * One identity check, from an accepted upload to a stored result: frames (the page's and, with ffmpeg,
 * the video's), the face comparison, the decision, the files encrypted into the vault, the contact
 * data sealed, the completion event handed to the webhook machinery. Results, not exceptions; no HTTP.
 */
import { randomBytes } from 'node:crypto'
import sharp from 'sharp'
import type { IdvResult, IdvSubmitResponse, IdvWebhookPayload } from '../../shared/contracts/idv.ts'
import { randomBase62 } from '../keys/keys.ts'
import { seal, signUrl, unseal, type IdvKeys } from './crypto.ts'
import { decide, type FrameSource } from './decide.ts'
import { DEFAULT_RETENTION_DAYS } from './retention.ts'
import { IDV_WEBHOOK_TYPE } from './webhook.ts'
import { videoFrames } from './frames.ts'
import type { FaceMatcher, MatchOutcome } from './matcher.ts'
import { IMAGE_MIME, imageType, VIDEO_MIME, type ImageType, type VideoType } from './sniff.ts'
import type { IdvCheckRecord, IdvStore } from './store.ts'
import type { Vault } from './vault.ts'

/** The largest side of an ID photo, read from its header before anything is decoded. */
export const MAX_IMAGE_SIDE = 8000
const DAY_MS = 86_400_000

export interface IdvContact {
  user_identifier: string
  user_email?: string
  user_phone?: string
}

/** The completion event, handed to the webhook machinery (server/webhooks/) to sign, send and retry. */
export interface IdvCompletedEvent {
  type: typeof IDV_WEBHOOK_TYPE
  keyId: string
  /** the event's idempotency id */
  id: string
  payload: IdvWebhookPayload
}
export type EnqueueEvent = (event: IdvCompletedEvent) => Promise<void>

export interface IdvServiceOptions {
  store: IdvStore
  vault: Vault
  keys: () => Promise<IdvKeys>
  matcher: FaceMatcher
  tmpDir: string
  now: () => number
  retentionDays?: number
  /** the seam to the webhook outbox; unset, no event is sent */
  enqueueEvent?: EnqueueEvent
  /** the server's public origin for file URLs, when the request's own should not be used */
  publicOrigin?: string
}

export interface CheckInput {
  keyId: string
  userHash: string
  contact: IdvContact
  origin: string
  video: { path: string; type: VideoType }
  idPhoto: { bytes: Uint8Array; type: ImageType }
  frames: Uint8Array[]
}

export type CheckOutcome =
  | { ok: true; response: IdvSubmitResponse }
  | { ok: false; reason: 'bad_input'; message: string }
  | { ok: false; reason: 'processing_failed' }

export const FILE_BLOBS = { selfieVideo: 'selfie', idPhoto: 'id' } as const
/**
 * One selfie frame, kept in the vault beside the files for the dashboard's review (never in the
 * check's `files`, so no partner URL reaches it) and purged with them.
 */
export const FRAME_BLOB = 'frame'

/** The frame a reviewer sees: the first that showed one face, or else the first. */
function reviewFrame(frames: Uint8Array[], analysis: MatchOutcome): Uint8Array | null {
  const seen = analysis.ok ? analysis.analysis.frames : []
  const index = seen.findIndex((f) => f.faces === 1)
  const frame = frames[index >= 0 ? index : 0]
  return frame && imageType(frame) ? frame : null
}

export function createIdvService({
  store,
  vault,
  keys,
  matcher,
  tmpDir,
  now,
  retentionDays = DEFAULT_RETENTION_DAYS,
  enqueueEvent,
  publicOrigin,
}: IdvServiceOptions) {
  async function fileUrl(origin: string, checkId: string, blob: string, expiresMs: number) {
    const path = `/verif/files/${checkId}/${blob}`
    const expires = Math.floor(expiresMs / 1000)
    const signature = signUrl((await keys()).sign, path, expires)
    return `${publicOrigin ?? origin}${path}?expires=${expires}&sig=${signature}`
  }

  async function check(input: CheckInput): Promise<CheckOutcome> {
    const header = await sharp(input.idPhoto.bytes)
      .metadata()
      .catch(() => null)
    if (!header?.width || !header.height) {
      return { ok: false, reason: 'bad_input', message: 'id_photo cannot be read as an image' }
    }
    if (header.width > MAX_IMAGE_SIDE || header.height > MAX_IMAGE_SIDE) {
      return {
        ok: false,
        reason: 'bad_input',
        message: `id_photo must be at most ${MAX_IMAGE_SIDE} pixels on each side`,
      }
    }
    const fromVideo = await videoFrames(input.video.path, tmpDir)
    if (!fromVideo.ok && fromVideo.reason === 'too_long') {
      return { ok: false, reason: 'bad_input', message: 'selfie_video must be at most 60 seconds long' }
    }
    if (!fromVideo.ok && fromVideo.reason === 'unreadable' && input.frames.length === 0) {
      return { ok: false, reason: 'bad_input', message: 'selfie_video cannot be read as a video' }
    }
    const videoFramesFound = fromVideo.ok ? fromVideo.frames : []
    const source: FrameSource =
      videoFramesFound.length && input.frames.length
        ? 'browser+video'
        : videoFramesFound.length
          ? 'video'
          : 'browser'
    const frames = [...input.frames, ...videoFramesFound]
    const outcome: MatchOutcome = frames.length
      ? await matcher.analyse({ frames, idPhoto: input.idPhoto.bytes })
      : { ok: true, analysis: { idFaces: 1, frames: [] }, timings: { loadMs: 0, analyseMs: 0 } }
    if (!outcome.ok && outcome.reason === 'undecodable_id_photo') {
      return { ok: false, reason: 'bad_input', message: 'id_photo cannot be read as an image' }
    }
    if (!outcome.ok) return { ok: false, reason: 'processing_failed' }
    const decision = decide(outcome.analysis, matcher.method, source)

    const time = now()
    const checkId = `idv_${randomBase62(20)}`
    const purgeAt = time + retentionDays * DAY_MS
    const files = {
      selfieVideo: {
        blob: FILE_BLOBS.selfieVideo,
        fileName: `selfie.${input.video.type}`,
        mime: VIDEO_MIME[input.video.type],
      },
      idPhoto: {
        blob: FILE_BLOBS.idPhoto,
        fileName: `id.${input.idPhoto.type === 'jpeg' ? 'jpg' : input.idPhoto.type}`,
        mime: IMAGE_MIME[input.idPhoto.type],
      },
    }
    const result: IdvResult = {
      sessionId: checkId,
      timestamp: new Date(time).toISOString(),
      files: {
        selfieVideo: {
          url: await fileUrl(input.origin, checkId, files.selfieVideo.blob, purgeAt),
          fileName: files.selfieVideo.fileName,
        },
        idPhoto: {
          url: await fileUrl(input.origin, checkId, files.idPhoto.blob, purgeAt),
          fileName: files.idPhoto.fileName,
        },
      },
      ...decision,
      status: 'completed',
    }
    try {
      await vault.put(checkId, files.selfieVideo.blob, input.video.path)
      await vault.put(checkId, files.idPhoto.blob, input.idPhoto.bytes)
      const frame = reviewFrame(frames, outcome)
      if (frame) await vault.put(checkId, FRAME_BLOB, frame)
      const record: IdvCheckRecord = {
        id: checkId,
        keyId: input.keyId,
        userHash: input.userHash,
        createdAt: time,
        purgeAt,
        purgedAt: null,
        result,
        sealedContact: seal((await keys()).seal, JSON.stringify(input.contact)),
        files,
      }
      await store.putCheck(record)
    } catch {
      await vault.remove(checkId).catch(() => {})
      return { ok: false, reason: 'processing_failed' }
    }
    if (enqueueEvent) {
      await enqueueEvent({
        type: IDV_WEBHOOK_TYPE,
        keyId: input.keyId,
        id: `evt_${randomBytes(12).toString('hex')}`,
        payload: {
          check_id: checkId,
          user_identifier: input.contact.user_identifier,
          verification_result: result,
          files: {
            selfie_video_url: result.files.selfieVideo.url,
            id_photo_url: result.files.idPhoto.url,
          },
          completed_at: new Date(time).toISOString(),
        },
      }).catch(() => {})
    }
    return { ok: true, response: { success: true, check_id: checkId, result } }
  }

  /** The contact data of a check still holding it, for the partner's record. */
  async function contactOf(record: IdvCheckRecord): Promise<IdvContact | null> {
    if (!record.sealedContact) return null
    const text = unseal((await keys()).seal, record.sealedContact)
    return text === null ? null : (JSON.parse(text) as IdvContact)
  }

  return { check, contactOf }
}

export type IdvService = ReturnType<typeof createIdvService>
