/**
 * The identity check's cost on this machine, through the server's own matcher (the model's worker
 * thread) and ffmpeg: the first check (thread start, model load, one frame against one ID photo), a
 * warm image pair, and a 5-second selfie video (frames by ffmpeg, then the model). The event loop's
 * longest stall during the checks shows the model stays off it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { videoFrames } from '../server/idv/frames.ts'
import { createHumanMatcher } from '../server/idv/matcher.ts'
import { videoFromStill } from '../test/helpers/ffmpeg.ts'
import { gridFace, idFace } from '../tools/idv/faces.ts'
import { round, summarise } from './stats.ts'

export interface IdvBench {
  firstCheckMs: number
  imagePairMs: { median: number; max: number; runs: number }
  videoFiveSeconds: { framesMs: number; analyseMs: number; frames: number; runs: number }
  eventLoopMaxStallMs: number
  /** the same measure over 3 s with nothing running: what the machine itself adds */
  idleMaxStallMs: number
}

export async function benchIdv(runs: number): Promise<IdvBench> {
  const dir = mkdtempSync(join(tmpdir(), 'huma-bench-idv-'))
  const matcher = createHumanMatcher()
  const loop = monitorEventLoopDelay({ resolution: 5 })
  try {
    const id = await idFace()
    const selfie = await gridFace(0, 1)
    const video = join(dir, 'selfie.mp4')
    videoFromStill(selfie, video, 5)
    writeFileSync(join(dir, 'id.jpg'), id)
    const idle = monitorEventLoopDelay({ resolution: 5 })
    idle.enable()
    await new Promise((resolve) => setTimeout(resolve, 3000))
    idle.disable()
    loop.enable()
    let started = performance.now()
    const first = await matcher.analyse({ frames: [selfie], idPhoto: id })
    if (!first.ok) throw new Error(`the model failed: ${first.reason}`)
    const firstCheckMs = performance.now() - started
    const pairs: number[] = []
    for (let i = 0; i < runs; i++) {
      started = performance.now()
      await matcher.analyse({ frames: [selfie], idPhoto: id })
      pairs.push(performance.now() - started)
    }
    const framesMs: number[] = []
    const analyseMs: number[] = []
    let frameCount = 0
    for (let i = 0; i < Math.max(1, Math.ceil(runs / 3)); i++) {
      started = performance.now()
      const frames = await videoFrames(video, dir)
      if (!frames.ok) throw new Error(`ffmpeg could not take frames: ${frames.reason}`)
      framesMs.push(performance.now() - started)
      frameCount = frames.frames.length
      started = performance.now()
      await matcher.analyse({ frames: frames.frames, idPhoto: id })
      analyseMs.push(performance.now() - started)
    }
    loop.disable()
    const pair = summarise(pairs)
    return {
      firstCheckMs: round(firstCheckMs, 0),
      imagePairMs: { median: round(pair.median, 0), max: round(Math.max(...pairs), 0), runs },
      videoFiveSeconds: {
        framesMs: round(summarise(framesMs).median, 0),
        analyseMs: round(summarise(analyseMs).median, 0),
        frames: frameCount,
        runs: framesMs.length,
      },
      eventLoopMaxStallMs: round(loop.max / 1e6, 1),
      idleMaxStallMs: round(idle.max / 1e6, 1),
    }
  } finally {
    await matcher.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

export function idvLines(r: IdvBench): string[] {
  return [
    '## Identity checks (server/idv/, the model on tfjs WASM in a worker thread)',
    '',
    '| step | time |',
    '|---|---|',
    `| first check: thread start, model load, one frame against one ID photo | ${r.firstCheckMs} ms |`,
    `| then per image pair (one selfie frame + the ID photo) | ${r.imagePairMs.median} ms median, ${r.imagePairMs.max} ms max (${r.imagePairMs.runs} runs) |`,
    `| a 5 s selfie video: ffmpeg takes ${r.videoFiveSeconds.frames} frames | ${r.videoFiveSeconds.framesMs} ms |`,
    `| the same video: the model on its ${r.videoFiveSeconds.frames} frames + the ID photo | ${r.videoFiveSeconds.analyseMs} ms |`,
    `| longest event-loop stall while all of the above ran | ${r.eventLoopMaxStallMs} ms (${r.idleMaxStallMs} ms over 3 s idle just before) |`,
    '',
    'Faces from tools/idv/faces.ts (the sample screenshot that ships with @vladmandic/human).',
    '',
  ]
}
