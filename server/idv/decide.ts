/**
 * From what the model saw to the published assessment: three bands on the face similarity, and the
 * cases where there is nothing to compare as statuses of their own. The thresholds come from the
 * similarity distributions in docs/idv.md (`npm run idv:measure`).
 */
import type { ConfidenceLevel, IdvResult, VerificationStatus } from '../../shared/contracts/idv.ts'
import type { FaceAnalysis } from './matcher.ts'

/** At or above: `verified`. */
export const VERIFY_AT = 0.6
/** Below: `rejected`. Between the two: `review` (a person looks at it). */
export const REJECT_BELOW = 0.42
/** The medians measured for different and same people: the ends of the 0..1 confidence scale. */
const DIFFERENT_MEDIAN = 0.3
const SAME_MEDIAN = 0.57

/** Where the selfie frames came from: the page's captures, ffmpeg on the uploaded video, or both. */
export type FrameSource = 'browser' | 'video' | 'browser+video'

export interface Decision {
  faceComparison: IdvResult['faceComparison']
  verificationAssessment: IdvResult['verificationAssessment']
}

const round = (n: number, places = 3) => Math.round(n * 10 ** places) / 10 ** places
const clamp01 = (n: number) => Math.min(1, Math.max(0, n))

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function noMatch(method: string, status: VerificationStatus, summary: string): Decision {
  return {
    faceComparison: { isIdentical: false, confidence: 0, similarityScore: 0, method },
    verificationAssessment: {
      overallScore: 0,
      verificationStatus: status,
      confidenceLevel: 'high',
      summary,
    },
  }
}

export function decide(analysis: FaceAnalysis, method: string, source: FrameSource): Decision {
  if (analysis.frames.length === 0) {
    return noMatch(
      method,
      'no_face_in_selfie',
      'No frames could be taken from the selfie video: the upload carried no frames and the server ' +
        'could not read the video (ffmpeg is missing or the video is damaged).',
    )
  }
  const withFaces = analysis.frames.filter((frame) => frame.faces > 0)
  if (withFaces.length === 0) {
    return noMatch(
      method,
      'no_face_in_selfie',
      `No face was found in the selfie video (${analysis.frames.length} frames from ${source}).`,
    )
  }
  const crowded = withFaces.filter((frame) => frame.faces > 1).length
  if (crowded * 2 >= withFaces.length) {
    return noMatch(
      method,
      'multiple_faces_in_selfie',
      `Several faces were found in ${crowded} of ${withFaces.length} selfie frames; the selfie must show one person.`,
    )
  }
  if (analysis.idFaces === 0) {
    return noMatch(method, 'no_face_on_id', 'No face was found on the ID photo.')
  }
  const single = withFaces.filter((frame) => frame.faces === 1 && frame.similarity !== null)
  const similarity = median(single.map((frame) => frame.similarity!))
  const status: VerificationStatus =
    similarity >= VERIFY_AT ? 'verified' : similarity < REJECT_BELOW ? 'rejected' : 'review'
  const sameness = clamp01((similarity - DIFFERENT_MEDIAN) / (SAME_MEDIAN - DIFFERENT_MEDIAN))
  const margin = Math.min(Math.abs(similarity - VERIFY_AT), Math.abs(similarity - REJECT_BELOW))
  const confidenceLevel: ConfidenceLevel =
    status === 'review' ? 'low' : margin >= 0.08 ? 'high' : margin >= 0.03 ? 'medium' : 'low'
  const weak = weakSignals(single)
  const verdict = {
    verified: 'The selfie and the ID photo show the same person',
    rejected: 'The selfie and the ID photo show different people',
    review: 'The faces are neither clearly the same nor clearly different: a person should review them',
  }[status as 'verified' | 'rejected' | 'review']
  return {
    faceComparison: {
      isIdentical: status === 'verified',
      confidence: round(status === 'rejected' ? 1 - sameness : sameness),
      similarityScore: round(similarity),
      method,
    },
    verificationAssessment: {
      overallScore: Math.round(sameness * 100),
      verificationStatus: status,
      confidenceLevel,
      summary:
        `${verdict} (similarity ${round(similarity, 2)} over ${single.length} frames from ${source}; ` +
        `verified at ${VERIFY_AT} or more, rejected below ${REJECT_BELOW}). ${weak}`,
    },
  }
}

/** Anti-spoof and liveness: reported, never decisive (docs/idv.md says why). */
function weakSignals(frames: FaceAnalysis['frames']): string {
  const real = frames.map((f) => f.real).filter((n): n is number => n !== null)
  const live = frames.map((f) => f.live).filter((n): n is number => n !== null)
  if (real.length === 0 && live.length === 0) return 'No anti-spoof or liveness scores.'
  const part = (name: string, values: number[]) =>
    values.length ? `${name} ${round(median(values), 2)}` : `${name} n/a`
  return `Weak signals, not used in the decision: ${part('anti-spoof', real)}, ${part('liveness', live)}.`
}
