/**
 * `POST /verif/submit`'s body, streamed with busboy: the selfie video to a private temporary file (the
 * 50 MB limit enforced while reading), the ID photo and the page's frames into memory (smaller limits),
 * each file's type told by its first bytes, never by its name or declared type.
 */
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import busboy from 'busboy'
import { MAX_FRAME_BYTES, MAX_FRAMES, MAX_PHOTO_BYTES, MAX_VIDEO_BYTES } from '../../shared/contracts/idv.ts'
import { makePrivateDir, PRIVATE_FILE_MODE } from '../private-files.ts'
import { imageType, videoType, type ImageType, type VideoType } from './sniff.ts'

export interface Upload {
  fields: Record<string, string>
  video: { path: string; type: VideoType; bytes: number } | null
  idPhoto: { bytes: Uint8Array; type: ImageType } | null
  frames: Uint8Array[]
  /** deletes the temporary video */
  discard(): Promise<void>
}

export type UploadFailure =
  { ok: false; status: 400; message: string } | { ok: false; status: 413; message: string }

const FIELDS = new Set(['api_key', 'user_identifier', 'user_id', 'user_email', 'user_phone', 'session'])
const MAX_FIELD_BYTES = 4096

export async function readUpload(
  body: ReadableStream<Uint8Array> | null,
  contentType: string | undefined,
  tmpDir: string,
): Promise<{ ok: true; upload: Upload } | UploadFailure> {
  if (!body || !contentType?.toLowerCase().startsWith('multipart/form-data')) {
    return { ok: false, status: 400, message: 'the body must be multipart/form-data' }
  }
  makePrivateDir(tmpDir)
  const videoPath = join(tmpDir, `upload-${randomBytes(12).toString('hex')}`)
  const upload: Upload = {
    fields: {},
    video: null,
    idPhoto: null,
    frames: [],
    discard: () => rm(videoPath, { force: true }),
  }
  let failure: UploadFailure | null = null
  const refuse = (f: UploadFailure) => {
    failure ??= f
  }
  let parser: busboy.Busboy
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      limits: {
        fileSize: MAX_VIDEO_BYTES,
        files: 2 + MAX_FRAMES,
        fields: 12,
        fieldSize: MAX_FIELD_BYTES,
        parts: 2 + MAX_FRAMES + 12,
      },
    })
  } catch {
    return { ok: false, status: 400, message: 'the body must be multipart/form-data with a boundary' }
  }
  const writes: Promise<void>[] = []

  parser.on('field', (name, value, info) => {
    if (!FIELDS.has(name)) return
    if (info.valueTruncated) refuse({ ok: false, status: 400, message: `${name} is too long` })
    else upload.fields[name] = value
  })

  parser.on('file', (name, stream) => {
    if (name === 'selfie_video' && upload.video === null) {
      upload.video = { path: videoPath, type: 'webm', bytes: 0 }
      const video = upload.video
      let sniffed = false
      const head: Buffer[] = []
      stream.on('data', (chunk: Buffer) => {
        video.bytes += chunk.length
        if (!sniffed) {
          head.push(chunk)
          const first = Buffer.concat(head)
          if (first.length >= 16) {
            sniffed = true
            const type = videoType(first)
            if (type) video.type = type
            else
              refuse({
                ok: false,
                status: 400,
                message: 'selfie_video is not a video (WebM, MP4, MOV, Ogg or AVI)',
              })
          }
        }
      })
      stream.on('limit', () =>
        refuse({
          ok: false,
          status: 413,
          message: `selfie_video must be at most ${MAX_VIDEO_BYTES / 1024 / 1024} MB`,
        }),
      )
      writes.push(
        pipeline(stream, createWriteStream(videoPath, { mode: PRIVATE_FILE_MODE })).then(() => {
          if (!sniffed)
            refuse({
              ok: false,
              status: 400,
              message: 'selfie_video is not a video (WebM, MP4, MOV, Ogg or AVI)',
            })
        }),
      )
      return
    }
    const isPhoto = name === 'id_photo' && upload.idPhoto === null
    const isFrame = name === 'frame' && upload.frames.length < MAX_FRAMES
    if (!isPhoto && !isFrame) {
      stream.resume()
      return
    }
    const limit = isPhoto ? MAX_PHOTO_BYTES : MAX_FRAME_BYTES
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    const slot = isFrame ? upload.frames.push(new Uint8Array()) - 1 : -1
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) over = true
      else chunks.push(chunk)
    })
    stream.on('end', () => {
      const what = isPhoto ? 'id_photo' : 'each frame'
      if (over) {
        refuse({ ok: false, status: 413, message: `${what} must be at most ${limit / 1024 / 1024} MB` })
        return
      }
      const bytes = new Uint8Array(Buffer.concat(chunks))
      const type = imageType(bytes)
      if (!type) {
        refuse({
          ok: false,
          status: 400,
          message: `${isPhoto ? 'id_photo' : 'frame'} must be a JPEG, PNG or WebP image`,
        })
        return
      }
      if (isPhoto) upload.idPhoto = { bytes, type }
      else upload.frames[slot] = bytes
    })
  })

  try {
    await pipeline(Readable.fromWeb(body as unknown as WebReadableStream<Uint8Array>), parser)
    await Promise.all(writes)
  } catch {
    await upload.discard()
    return failure ?? { ok: false, status: 400, message: 'the multipart body is malformed' }
  }
  upload.frames = upload.frames.filter((frame) => frame.length > 0)
  if (failure) {
    await upload.discard()
    return failure
  }
  return { ok: true, upload }
}
