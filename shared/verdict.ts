/**
 * What a verdict means, for both sides: the threshold at which a confidence is a person, and how a
 * confidence is rounded. Zod-free, so the snippet and the SDK docs may use it as well as the server.
 */

/** `human` is `confidence >= HUMAN_THRESHOLD`; 0.5 is also "no evidence either way". */
export const HUMAN_THRESHOLD = 0.5

/** Three decimals, never rounding a score below the threshold up to it. */
export function roundConfidence(confidence: number): number {
  return confidence < HUMAN_THRESHOLD
    ? Math.floor(confidence * 1000) / 1000
    : Math.round(confidence * 1000) / 1000
}
