// The face model's thread: @vladmandic/human on the tfjs WASM backend, with the weights the package ships
// in its own models/ folder. Plain JS so it runs as it is under tsx and next to dist/server.mjs. Images
// are decoded with sharp (bounded in pixels, shrunk to 1024 px) and never leave this thread but as
// numbers: face counts, similarities, anti-spoof and liveness scores.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Buffer } from 'node:buffer'
import { performance } from 'node:perf_hooks'
import { parentPort } from 'node:worker_threads'
import sharp from 'sharp'

const require = createRequire(import.meta.url)
// The package's export map names its builds without "./", which Node refuses: the package's root
// resolves (to the tfjs-node build, which cannot install here), and the WASM build is taken by path.
const humanDist = dirname(require.resolve('@vladmandic/human'))
const humanDir = dirname(humanDist)
const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.node.js'))
const { Human } = require(join(humanDist, 'human.node-wasm.js'))

/** Pixels accepted before decoding: a 40-megapixel photo is an ID photo, 100 000 x 100 000 is an attack. */
const MAX_INPUT_PIXELS = 40_000_000
const WORK_SIZE = 1024

const human = new Human({
  backend: 'wasm',
  wasmPath: `${wasmDir}/`,
  modelBasePath: `${pathToFileURL(join(humanDir, 'models')).href}/`,
  debug: false,
  cacheSensitivity: 0,
  skipAllowed: false,
  filter: { enabled: false },
  face: {
    enabled: true,
    detector: { rotation: false, maxDetected: 5, minConfidence: 0.4, return: false },
    mesh: { enabled: true },
    iris: { enabled: false },
    description: { enabled: true },
    emotion: { enabled: false },
    antispoof: { enabled: true },
    liveness: { enabled: true },
  },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  gesture: { enabled: false },
  segmentation: { enabled: false },
})

// tfjs's WASM build loads models over fetch only: file:// URLs are read from disk here instead.
human.tf.io.registerLoadRouter((url) => {
  if (typeof url !== 'string' || !url.startsWith('file://')) return null
  const file = fileURLToPath(url)
  return {
    async load() {
      const model = JSON.parse(readFileSync(file, 'utf8'))
      const weightSpecs = []
      const parts = []
      for (const group of model.weightsManifest) {
        weightSpecs.push(...group.weights)
        for (const path of group.paths) parts.push(readFileSync(join(dirname(file), path)))
      }
      const all = Buffer.concat(parts)
      return {
        modelTopology: model.modelTopology,
        signature: model.signature,
        userDefinedMetadata: model.userDefinedMetadata,
        format: model.format,
        generatedBy: model.generatedBy,
        convertedBy: model.convertedBy,
        weightSpecs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      }
    },
  }
})

let loading = null
function load() {
  loading ??= (async () => {
    const started = performance.now()
    await human.load()
    return performance.now() - started
  })()
  return loading
}

async function faces(bytes) {
  let image
  try {
    image = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: WORK_SIZE, height: WORK_SIZE, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
  } catch {
    return null
  }
  const tensor = human.tf.tensor3d(
    new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength),
    [image.info.height, image.info.width, 3],
    'int32',
  )
  try {
    const result = await human.detect(tensor)
    return result.face
      .filter((face) => face.embedding && face.embedding.length > 0)
      .sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])
  } finally {
    tensor.dispose()
  }
}

async function analyse({ frames, idPhoto }) {
  const loadMs = await load()
  const started = performance.now()
  const id = await faces(idPhoto)
  if (id === null) return { ok: false, reason: 'undecodable_id_photo' }
  const reference = id[0]?.embedding
  const analysed = []
  for (const frame of frames) {
    const found = await faces(frame)
    if (found === null) continue
    const main = found[0]
    analysed.push({
      faces: found.length,
      similarity: main && reference ? human.match.similarity(reference, main.embedding) : null,
      real: main?.real ?? null,
      live: main?.live ?? null,
    })
  }
  return {
    ok: true,
    analysis: { idFaces: id.length, frames: analysed },
    timings: { loadMs, analyseMs: performance.now() - started },
  }
}

parentPort.on('message', async ({ id, request }) => {
  try {
    parentPort.postMessage({ id, response: await analyse(request) })
  } catch (error) {
    parentPort.postMessage({
      id,
      response: { ok: false, reason: 'model_failed', detail: String(error?.message ?? error) },
    })
  }
})
