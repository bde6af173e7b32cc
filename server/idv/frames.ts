/**
 * Frames from the uploaded selfie video, with ffmpeg when it is on the PATH (a Debian package; the
 * page's own captured frames are used when it is not). The duration is asked of ffprobe first, so a
 * video longer than allowed is refused before anything is decoded; both run as child processes, with
 * a time limit, and never on the event loop.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The longest selfie video accepted, in seconds. */
export const MAX_VIDEO_SECONDS = 60
export const VIDEO_FRAMES = 6
const TIME_LIMIT_MS = 30_000

export type FramesOutcome =
  { ok: true; frames: Uint8Array[] } | { ok: false; reason: 'no_ffmpeg' | 'unreadable' | 'too_long' }

let available: Promise<boolean> | null = null

export function ffmpegAvailable(): Promise<boolean> {
  available ??= run('ffmpeg', ['-version'], { timeout: 5_000 }).then(
    () => true,
    () => false,
  )
  return available
}

export async function videoFrames(path: string, tmpDir: string): Promise<FramesOutcome> {
  if (!(await ffmpegAvailable())) return { ok: false, reason: 'no_ffmpeg' }
  let seconds: number
  try {
    const probe = await run(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path],
      { timeout: TIME_LIMIT_MS },
    )
    seconds = Number.parseFloat(probe.stdout.trim())
  } catch {
    return { ok: false, reason: 'unreadable' }
  }
  // a stream without a duration (a WebM straight from MediaRecorder) is bounded by frame count instead
  if (Number.isFinite(seconds) && seconds > MAX_VIDEO_SECONDS) return { ok: false, reason: 'too_long' }
  const every = Number.isFinite(seconds) && seconds > 0 ? Math.max(0.2, seconds / VIDEO_FRAMES) : 0.5
  const out = await mkdtemp(join(tmpDir, 'frames-'))
  try {
    await run(
      'ffmpeg',
      [
        '-v',
        'error',
        '-nostdin',
        '-t',
        String(MAX_VIDEO_SECONDS),
        '-i',
        path,
        '-vf',
        `fps=1/${every.toFixed(3)},scale='min(960,iw)':-2`,
        '-frames:v',
        String(VIDEO_FRAMES),
        '-q:v',
        '3',
        join(out, '%02d.jpg'),
      ],
      { timeout: TIME_LIMIT_MS },
    )
    const names = (await readdir(out)).sort()
    const frames = await Promise.all(
      names.map(async (name) => new Uint8Array(await readFile(join(out, name)))),
    )
    return frames.length ? { ok: true, frames } : { ok: false, reason: 'unreadable' }
  } catch {
    return { ok: false, reason: 'unreadable' }
  } finally {
    await rm(out, { recursive: true, force: true })
  }
}
