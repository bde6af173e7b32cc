/**
 * Training augmentation: every record (person and bot alike) is also used as another recorder would have
 * made it, sparser (a remote desktop, a slow logger: one move per 20-150 ms) and at another pixel density
 * (x0.6-1.7). Applied to both classes, it teaches the model that the sampling rate and the scale say
 * nothing about who moved, instead of letting it learn the recorders of the training people. The hold-out
 * evaluation trains on augmented copies but scores only the records as recorded.
 */
import { createRng } from './bots/rng.ts'
import type { TraceRecord } from './data.ts'
import { downsampled, scaled } from './perturb.ts'

/** The record as another recorder would have made it; null for records without pointer moves. */
export function recorderVariant(r: TraceRecord, index: number): TraceRecord | null {
  if (!r.events.some((e) => e.type === 'mousemove')) return null
  const rng = createRng(7919 * index + 17)
  const interval = Math.exp(rng.range(Math.log(20), Math.log(150)))
  const scale = Math.exp(rng.range(Math.log(0.6), Math.log(1.7)))
  return { ...scaled(scale)(downsampled(interval)(r)), session_id: `${r.session_id}~variant` }
}
