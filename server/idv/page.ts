/**
 * GET /verif/: the hosted page. A person records a short selfie video while the page prompts them
 * (look, turn, blink) and captures a frame at each prompt, then photographs their ID, then sends both.
 * No inline script or style (the page runs under a strict Content-Security-Policy), nothing loaded
 * from elsewhere, usable on a phone.
 */
import type { IdvTheme } from '../../shared/contracts/idv.ts'
import { esc } from '../pages/layout.ts'

export interface PageInput {
  theme: IdvTheme | null
  keyId: string | null
  /** exactly one of session and apiKey */
  session?: string
  apiKey?: string
  userIdentifier?: string
  userEmail?: string
  userPhone?: string
  /** why the page cannot be used, shown instead of the steps */
  problem?: string
}

const hidden = (name: string, value: string | undefined) =>
  value === undefined ? '' : `<input type="hidden" name="${name}" value="${esc(value)}">`

export function verifPage(input: PageInput): string {
  const name = input.theme?.name ?? 'Identity check'
  const logo = input.theme?.logo_url
    ? `<img class="logo" src="${esc(input.theme.logo_url)}" alt="${esc(name)}">`
    : ''
  const themeCss = input.keyId ? `<link rel="stylesheet" href="/verif/theme/${esc(input.keyId)}.css">` : ''
  const body = input.problem
    ? `<p class="problem" role="alert">${esc(input.problem)}</p>`
    : `<form id="idv" novalidate>
${hidden('session', input.session)}${hidden('api_key', input.apiKey)}${hidden('user_identifier', input.userIdentifier)}${hidden('user_email', input.userEmail)}${hidden('user_phone', input.userPhone)}
<section class="step" id="step-selfie">
<h2><span class="num">1</span> A short selfie video</h2>
<p>We record about 5 seconds while you follow the prompts, so we can compare your face with your ID.</p>
<div class="camera"><p class="hint">Your camera preview appears here.</p><video id="preview" autoplay muted playsinline></video><p id="prompt" class="prompt" aria-live="assertive"></p></div>
<button type="button" id="start">Start the camera</button>
<p id="selfie-state" class="state" aria-live="polite"></p>
</section>
<section class="step" id="step-id">
<h2><span class="num">2</span> A photo of your ID</h2>
<p>The side with your photo, flat, well lit, the whole document in the picture.</p>
<label for="id_photo" class="file">Take or choose a photo</label>
<input id="id_photo" name="id_photo" type="file" accept="image/jpeg,image/png,image/webp" capture="environment">
<p id="id-state" class="state" aria-live="polite"></p>
</section>
<button type="submit" id="send" disabled>Send for checking</button>
<p id="result" class="result" role="status" aria-live="polite"></p>
</form>`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${esc(name)}</title>
<link rel="stylesheet" href="/verif/assets/verif.css">
${themeCss}
<script src="/verif/assets/verif.js" defer></script>
</head>
<body>
<header class="brand">${logo}<span class="name">${esc(name)}</span></header>
<main>
<h1>Verify your identity</h1>
${body}
<p class="privacy">Your video and photo are compared on this service's own server, never sent to anyone else, stored encrypted and deleted automatically after a few days.</p>
</main>
</body>
</html>
`
}

/** The partner's colours, as a stylesheet of their own (no inline style under the page's policy). */
export function themeCss(theme: IdvTheme | null): string {
  if (!theme) return ''
  const rules: string[] = []
  if (theme.primary_color) rules.push(`--primary:${theme.primary_color}`)
  if (theme.background_color) rules.push(`--background:${theme.background_color}`)
  return rules.length ? `:root{${rules.join(';')}}\n` : ''
}

export const VERIF_CSS = `:root{--primary:#1f5fbf;--background:#f5f6f9}
*,*::before,*::after{box-sizing:border-box}
body{font:16px/1.5 system-ui,sans-serif;color:#1d2330;background:var(--background);margin:0}
.brand{display:flex;align-items:center;gap:.6rem;padding:.8rem 1rem;background:#fff;border-bottom:1px solid #dde1e8}
.brand .logo{max-height:2rem;max-width:8rem}.brand .name{font-weight:600}
main{max-width:40rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem}h2{font-size:1.1rem;margin:0 0 .4rem;display:flex;align-items:center;gap:.5rem}
.num{display:inline-grid;place-items:center;width:1.6rem;height:1.6rem;border-radius:50%;background:var(--primary);color:#fff;font-size:.9rem}
.step{background:#fff;border:1px solid #dde1e8;border-radius:10px;padding:1rem;margin:0 0 1rem}
.step p{margin:.3rem 0 .8rem}
.camera{position:relative;background:#111;border-radius:8px;overflow:hidden;aspect-ratio:4/3;max-height:60vh}
.hint{position:absolute;inset:0;display:grid;place-items:center;margin:0;color:#aab;font-size:.95rem}
.camera video{position:relative;width:100%;height:100%;object-fit:cover;transform:scaleX(-1)}
.prompt{position:absolute;left:0;right:0;bottom:0;margin:0;padding:.6rem;text-align:center;color:#fff;background:rgba(0,0,0,.55);font-weight:600;font-size:1.1rem}
.prompt:empty{display:none}
button,.file{display:inline-block;margin-top:.8rem;padding:.7rem 1.4rem;font:inherit;font-weight:600;cursor:pointer;border-radius:6px;border:1px solid var(--primary);background:var(--primary);color:#fff;min-height:44px}
.file{background:#fff;color:var(--primary)}
button:disabled{opacity:.5;cursor:not-allowed}
input[type=file]{position:absolute;width:1px;height:1px;opacity:0;overflow:hidden}
input[type=file]:focus-visible+.state,.file:focus-within{outline:2px solid var(--primary)}
.state{color:#23824c;font-weight:600;min-height:1.5em}
.state.bad,.problem{color:#b3261e}
.result{font-weight:600}
.privacy{color:#5b6478;font-size:.85rem;margin-top:2rem}
#send{width:100%}
@media (max-width:480px){h1{font-size:1.35rem}main{padding:.6rem .6rem 2rem}}
`

/**
 * The page's script: camera, prompts, recording, frames, upload. Plain ES2017, no dependencies.
 */
export const VERIF_JS = `(function () {
  'use strict'
  var form = document.getElementById('idv')
  if (!form) return
  var preview = document.getElementById('preview')
  var promptEl = document.getElementById('prompt')
  var start = document.getElementById('start')
  var selfieState = document.getElementById('selfie-state')
  var idInput = document.getElementById('id_photo')
  var idState = document.getElementById('id-state')
  var send = document.getElementById('send')
  var result = document.getElementById('result')
  var PROMPTS = ['Look straight at the camera', 'Turn your head slowly to the left', 'Now slowly to the right', 'Blink twice', 'Look at the camera again']
  var STEP_MS = 1100
  var video = null
  var frames = []
  function ready() { send.disabled = !(video && idInput.files && idInput.files.length === 1) }
  function say(el, text, bad) { el.textContent = text; el.className = bad ? 'state bad' : 'state' }
  function grab() {
    return new Promise(function (resolve) {
      var w = preview.videoWidth, h = preview.videoHeight
      if (!w || !h) return resolve(null)
      var scale = Math.min(1, 960 / Math.max(w, h))
      var canvas = document.createElement('canvas')
      canvas.width = Math.round(w * scale); canvas.height = Math.round(h * scale)
      canvas.getContext('2d').drawImage(preview, 0, 0, canvas.width, canvas.height)
      canvas.toBlob(function (blob) { resolve(blob) }, 'image/jpeg', 0.9)
    })
  }
  function wait(ms) { return new Promise(function (r) { setTimeout(r, ms) }) }
  function pickType() {
    var types = ['video/webm;codecs=vp8', 'video/webm', 'video/mp4']
    for (var i = 0; i < types.length; i++) if (window.MediaRecorder && MediaRecorder.isTypeSupported(types[i])) return types[i]
    return ''
  }
  start.addEventListener('click', function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say(selfieState, 'This browser cannot use the camera here. Try another browser, or open the page over https.', true)
      return
    }
    start.disabled = true
    video = null; frames = []; ready()
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false })
      .then(function (stream) {
        preview.srcObject = stream
        return preview.play().then(function () {
          var type = pickType()
          var recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined)
          var chunks = []
          recorder.ondataavailable = function (e) { if (e.data && e.data.size) chunks.push(e.data) }
          var stopped = new Promise(function (r) { recorder.onstop = r })
          recorder.start(250)
          var chain = Promise.resolve()
          PROMPTS.forEach(function (text) {
            chain = chain.then(function () {
              promptEl.textContent = text
              return wait(STEP_MS).then(grab).then(function (blob) { if (blob) frames.push(blob) })
            })
          })
          return chain.then(function () {
            recorder.stop()
            return stopped
          }).then(function () {
            stream.getTracks().forEach(function (t) { t.stop() })
            promptEl.textContent = ''
            video = new Blob(chunks, { type: recorder.mimeType || 'video/webm' })
            say(selfieState, 'Selfie video recorded (' + frames.length + ' frames). You can record it again.')
            start.textContent = 'Record again'
            start.disabled = false
            ready()
          })
        })
      })
      .catch(function () {
        start.disabled = false
        say(selfieState, 'The camera could not be started. Allow camera access for this page and try again.', true)
      })
  })
  idInput.addEventListener('change', function () {
    var file = idInput.files && idInput.files[0]
    if (!file) { say(idState, ''); ready(); return }
    if (!/^image\\/(jpeg|png|webp)$/.test(file.type)) say(idState, 'Please choose a JPEG, PNG or WebP photo.', true)
    else if (file.size > 15 * 1024 * 1024) say(idState, 'This photo is larger than 15 MB; please take a smaller one.', true)
    else say(idState, 'ID photo ready: ' + file.name)
    ready()
  })
  form.addEventListener('submit', function (event) {
    event.preventDefault()
    if (send.disabled) return
    var body = new FormData()
    Array.prototype.forEach.call(form.querySelectorAll('input[type=hidden]'), function (input) { body.append(input.name, input.value) })
    body.append('selfie_video', video, /mp4/.test(video.type) ? 'selfie.mp4' : 'selfie.webm')
    frames.forEach(function (f, i) { body.append('frame', f, 'frame' + i + '.jpg') })
    body.append('id_photo', idInput.files[0])
    send.disabled = true; start.disabled = true
    result.textContent = 'Sending and checking… this can take a little while.'
    fetch('/verif/submit', { method: 'POST', body: body, credentials: 'omit' })
      .then(function (res) { return res.json().then(function (json) { return { ok: res.ok, json: json } }) })
      .then(function (answer) {
        if (answer.ok && answer.json.success) {
          form.setAttribute('data-status', answer.json.result.verificationAssessment.verificationStatus)
          result.textContent = 'Thank you, your check has been sent. You can close this page.'
        } else {
          result.textContent = 'The check could not be completed: ' + (answer.json.message || 'please try again') + '.'
          send.disabled = false; start.disabled = false
        }
      })
      .catch(function () {
        result.textContent = 'The upload failed. Check your connection and try again.'
        send.disabled = false; start.disabled = false
      })
  })
})()
`
