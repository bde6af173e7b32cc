/** The identity checks' test kit: a stand-in face matcher, an app with /verif mounted, multipart bodies. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEmbeddedStore } from '../../server/store/embedded.ts'
import type { FaceAnalysis, FaceMatcher, MatchOutcome } from '../../server/idv/matcher.ts'
import type { EnqueueEvent, IdvCompletedEvent } from '../../server/idv/service.ts'
import { idvSlice, type IdvStore } from '../../server/idv/store.ts'
import type { AppDeps } from '../../server/app.ts'
import { makeTestApp, type TestApp } from './app.ts'

/** A matcher that answers what the test says, and counts its calls. */
export interface StandInMatcher extends FaceMatcher {
  next: MatchOutcome
  calls: number
  frameCounts: number[]
}

export function analysisOf(similarity: number, frames = 3, extra: Partial<FaceAnalysis> = {}): MatchOutcome {
  return {
    ok: true,
    analysis: {
      idFaces: 1,
      frames: Array.from({ length: frames }, () => ({ faces: 1, similarity, real: 0.7, live: 0.9 })),
      ...extra,
    },
    timings: { loadMs: 0, analyseMs: 0 },
  }
}

export function standInMatcher(): StandInMatcher {
  const matcher: StandInMatcher = {
    method: 'stand-in',
    next: analysisOf(0.7),
    calls: 0,
    frameCounts: [],
    async analyse(input) {
      matcher.calls++
      matcher.frameCounts.push(input.frames.length)
      return matcher.next
    },
    async close() {},
  }
  return matcher
}

/** Bytes that start like a WebM file (what a sniffer checks) and are no playable video. */
export const FAKE_WEBM = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, ...new Array(60).fill(7)])
/** The smallest JPEG header a sniffer accepts. */
export const JPEG_HEAD = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0])

export interface IdvTestApp extends TestApp {
  idvStore: IdvStore
  matcher: StandInMatcher
  events: IdvCompletedEvent[]
}

export async function makeIdvApp(
  options: {
    matcher?: StandInMatcher
    retentionDays?: number
    deps?: Partial<AppDeps>
    /** replaces the recording seam (t.events stays empty) */
    enqueue?: EnqueueEvent
  } = {},
): Promise<IdvTestApp> {
  const matcher = options.matcher ?? standInMatcher()
  const events: IdvCompletedEvent[] = []
  // the store and the identity checks' files in one dir of our own, so the app is built once, with idv
  const dir = mkdtempSync(join(tmpdir(), 'huma-idv-'))
  const t = await makeTestApp({
    store: options.deps?.store ?? openEmbeddedStore(dir),
    ...options.deps,
    idv: {
      matcher,
      dataDir: dir,
      ...(options.retentionDays ? { retentionDays: options.retentionDays } : {}),
      enqueueEvent: options.enqueue ?? (async (event) => void events.push(event)),
    },
  })
  return {
    ...t,
    dir,
    idvStore: t.store.slice(idvSlice),
    matcher,
    events,
    async close() {
      await t.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface SubmitParts {
  api_key?: string
  user_identifier?: string
  user_email?: string
  user_phone?: string
  session?: string
  selfie_video?: Uint8Array | null
  id_photo?: Uint8Array | null
  frames?: Uint8Array[]
}

const bytes = (b: Uint8Array) => new Uint8Array(b) as Uint8Array<ArrayBuffer>

export function submitForm(parts: SubmitParts): FormData {
  const form = new FormData()
  for (const name of ['api_key', 'user_identifier', 'user_email', 'user_phone', 'session'] as const) {
    const value = parts[name]
    if (value !== undefined) form.append(name, value)
  }
  if (parts.selfie_video) form.append('selfie_video', new Blob([bytes(parts.selfie_video)]), 'selfie.webm')
  for (const [i, frame] of (parts.frames ?? []).entries())
    form.append('frame', new Blob([bytes(frame)]), `f${i}.jpg`)
  if (parts.id_photo) form.append('id_photo', new Blob([bytes(parts.id_photo)]), 'id.jpg')
  return form
}
