/**
 * ffmpeg for tests: a short video made from a still, and a .y4m for Chromium's fake camera. Returns
 * false (after a loud message) when ffmpeg is not on PATH, unless HUMA_REQUIRE_FFMPEG=1, which throws.
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'

export function ffmpegAvailable(): boolean {
  const found = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0
  if (found) return true
  if (process.env.HUMA_REQUIRE_FFMPEG === '1')
    throw new Error('ffmpeg is not on PATH and HUMA_REQUIRE_FFMPEG=1')
  console.warn(
    '\n!!! ffmpeg is not on PATH: SKIPPING the identity-check model tests (set HUMA_REQUIRE_FFMPEG=1 to fail instead) !!!\n',
  )
  return false
}

function ffmpeg(args: string[]): void {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr}`)
}

/** A `seconds`-long video of one still, gently zooming (so frames differ), as `.mp4` or `.webm`. */
export function videoFromStill(still: Buffer, out: string, seconds = 3, fps = 15): void {
  const input = `${out}.jpg`
  writeFileSync(input, still)
  const codec = out.endsWith('.webm')
    ? ['-c:v', 'libvpx', '-b:v', '1M']
    : ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']
  ffmpeg([
    '-loop',
    '1',
    '-i',
    input,
    '-t',
    String(seconds),
    '-r',
    String(fps),
    '-vf',
    `scale=480:-2,zoompan=z='1+0.002*on':d=1:s=480x480:fps=${fps}`,
    ...codec,
    out,
  ])
}

/** A raw .y4m for `--use-file-for-fake-video-capture` (Chromium loops it). */
export function y4mFromStill(still: Buffer, out: string, seconds = 2): void {
  const input = `${out}.jpg`
  writeFileSync(input, still)
  ffmpeg([
    '-loop',
    '1',
    '-i',
    input,
    '-t',
    String(seconds),
    '-r',
    '15',
    '-vf',
    'scale=640:480,format=yuv420p',
    '-f',
    'yuv4mpegpipe',
    out,
  ])
}
