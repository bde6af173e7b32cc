/**
 * The face comparison behind one small interface, so the server starts without the model and tests can
 * use a stand-in where the model is not the point. The real one (`createHumanMatcher`) runs
 * @vladmandic/human in a worker thread, started on the first check: decoding and inference never block
 * the event loop, and `npm start` stays fast.
 */
import { Worker } from 'node:worker_threads'

/** What the model saw: the ID photo's face count, and per selfie frame its faces and scores. */
export interface FaceAnalysis {
  idFaces: number
  frames: FrameAnalysis[]
}

export interface FrameAnalysis {
  faces: number
  /** similarity of the frame's largest face to the ID's largest face, 0..1; null when either is missing */
  similarity: number | null
  /** the anti-spoof model's score (a weak signal) */
  real: number | null
  /** the liveness model's score (a weak signal) */
  live: number | null
}

export type MatchFailure = 'undecodable_id_photo' | 'model_failed'

export type MatchOutcome =
  | { ok: true; analysis: FaceAnalysis; timings: { loadMs: number; analyseMs: number } }
  | { ok: false; reason: MatchFailure; detail?: string }

export interface MatchInput {
  /** encoded images (JPEG, PNG or WebP): frames of the selfie video */
  frames: Uint8Array[]
  idPhoto: Uint8Array
}

export interface FaceMatcher {
  /** the model's name, reported as `faceComparison.method` */
  readonly method: string
  analyse(input: MatchInput): Promise<MatchOutcome>
  close(): Promise<void>
}

export const HUMAN_METHOD = 'local:@vladmandic/human@3.3.6 faceres (tfjs-wasm)'

const WORKER_URL = new URL('./human-worker.mjs', import.meta.url)

export function createHumanMatcher({ workerUrl = WORKER_URL }: { workerUrl?: URL } = {}): FaceMatcher {
  let worker: Worker | null = null
  let next = 0
  const waiting = new Map<number, (outcome: MatchOutcome) => void>()

  function failAll(detail: string) {
    for (const resolve of waiting.values()) resolve({ ok: false, reason: 'model_failed', detail })
    waiting.clear()
    worker = null
  }

  function started(): Worker {
    if (worker) return worker
    const created = new Worker(workerUrl)
    created.on('message', ({ id, response }: { id: number; response: MatchOutcome }) => {
      waiting.get(id)?.(response)
      waiting.delete(id)
      // an idle model thread keeps no process alive; one at work does
      if (waiting.size === 0) created.unref()
    })
    created.on('error', (error) => failAll(error.message))
    created.on('exit', () => failAll('the model worker stopped'))
    created.unref()
    worker = created
    return created
  }

  return {
    method: HUMAN_METHOD,
    analyse(request) {
      const id = next++
      return new Promise((resolve) => {
        waiting.set(id, resolve)
        const running = started()
        running.ref()
        running.postMessage({ id, request })
      })
    },
    async close() {
      const running = worker
      worker = null
      if (running) await running.terminate()
    },
  }
}
