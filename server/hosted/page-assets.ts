/** The check page's stylesheet and script, served at /hosted/check.css and /hosted/check.js. */

export const CHECK_CSS = `:root{--accent:#1f5fbf;--on-accent:#fff}
*,*::before,*::after{box-sizing:border-box}
body{font:17px/1.5 system-ui,sans-serif;color:#1d2330;background:#f6f7f9;margin:0}
.check{max-width:44rem;margin:0 auto;padding:1.2rem 1rem 3rem;display:grid;gap:0 2rem}
.brand{display:flex;align-items:center;gap:.6rem;font-weight:600;margin-bottom:.5rem}
.brand .logo{max-height:2.2rem;max-width:8rem}
h1{font-size:1.6rem;line-height:1.2;margin:.3rem 0 .6rem}
h2{font-size:1.05rem;margin:0 0 .3rem}
.lede{margin:0 0 1rem;color:#3b4356}
.hint{color:#5b6478;font-size:.92rem;margin:.2rem 0 .6rem}
.steps{list-style:none;padding:0;margin:0;display:grid;gap:1rem}
.steps>li{background:#fff;border:1px solid #dde1e8;border-radius:10px;padding:1rem}
.steps>li.done{border-color:#23824c}
.steps>li.done h2::after{content:" \\2713";color:#23824c}
.arena{position:relative;height:11rem;border:1px dashed #b9bfcc;border-radius:8px;overflow:hidden;background:#fbfbfd}
.target{position:absolute;left:10%;top:20%;min-width:7.5rem;min-height:2.9rem;padding:.5rem .9rem;font:inherit;font-weight:600;
  border-radius:999px;border:2px solid var(--accent);background:var(--accent);color:var(--on-accent);cursor:pointer;
  transition:left .35s ease,top .35s ease}
.target:disabled{opacity:.5;cursor:default}
input{width:100%;padding:.65rem;font:inherit;border:1px solid #9aa1b0;border-radius:6px}
button:focus-visible,input:focus-visible{outline:3px solid #111;outline-offset:2px}
.finish{padding:.75rem 1.6rem;font:inherit;font-weight:600;border-radius:8px;border:2px solid var(--accent);
  background:var(--accent);color:var(--on-accent);cursor:pointer;width:100%}
.status{min-height:1.5rem;margin:1rem 0;font-weight:600}
.status.problem,.problem{color:#9a1f19}
.handoff{display:none}
.qr{width:10rem;height:10rem}
@media (min-width:56rem){
  .check{max-width:62rem;grid-template-columns:1fr 13rem;align-items:start}
  .check>*{grid-column:1}
  .handoff{display:block;grid-column:2;grid-row:1 / span 6;background:#fff;border:1px solid #dde1e8;border-radius:10px;
    padding:1rem;font-size:.9rem;color:#3b4356;position:sticky;top:1rem}
  .handoff .qr{width:100%;height:auto;aspect-ratio:1/1;display:block}
}
@media (prefers-reduced-motion:reduce){.target{transition:none}}
`

/**
 * The task: the moving target, the phrase, then the passkey (get one this device made for an earlier check,
 * else create one), then the completion with the snippet's signals, then the redirect. Plain ES2020, no
 * dependencies; WebAuthn's binary fields are carried as base64url.
 */
export const CHECK_JS = `(function () {
  'use strict'
  var root = document.getElementById('check')
  if (!root) return
  var code = root.dataset.code
  var wantsPasskey = root.dataset.passkey === '1'
  var presses = Number(root.dataset.presses) || 3
  var phrase = (root.dataset.phrase || '').toLowerCase()
  var target = document.getElementById('target')
  var count = document.getElementById('target-count')
  var arena = document.getElementById('arena')
  var input = document.getElementById('phrase')
  var finish = document.getElementById('finish')
  var status = document.getElementById('status')
  var pressed = 0
  var busy = false
  var SPOTS = [[62, 58], [8, 62], [58, 8], [30, 35], [70, 30], [12, 12]]

  function say(text, problem) {
    status.textContent = text
    status.className = problem ? 'status problem' : 'status'
  }
  function mark(id, done) {
    var li = document.getElementById(id)
    if (li) li.classList.toggle('done', done)
  }
  function norm(s) { return s.trim().replace(/\\s+/g, ' ').toLowerCase() }

  target.addEventListener('click', function () {
    if (pressed >= presses) return
    pressed++
    if (pressed >= presses) {
      target.disabled = true
      count.textContent = '(done)'
      mark('step-target', true)
      say('Button pressed ' + presses + ' times. Next: type the phrase.')
      input.focus()
      return
    }
    var spot = SPOTS[(pressed + Math.floor(Math.random() * 3)) % SPOTS.length]
    var maxX = arena.clientWidth - target.offsetWidth
    var maxY = arena.clientHeight - target.offsetHeight
    target.style.left = Math.max(0, Math.round(maxX * spot[0] / 80)) + 'px'
    target.style.top = Math.max(0, Math.round(maxY * spot[1] / 80)) + 'px'
    count.textContent = '(' + (pressed + 1) + ' of ' + presses + ')'
    say('Pressed ' + pressed + ' of ' + presses + '. The button moved.')
  })
  input.addEventListener('input', function () {
    var ok = norm(input.value) === phrase
    mark('step-phrase', ok)
    if (ok) say('Phrase typed. Next: finish the check.')
  })

  function b64(buf) {
    var s = ''
    var bytes = new Uint8Array(buf)
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i])
    return btoa(s).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '')
  }
  function unb64(text) {
    var s = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4))
    var bytes = new Uint8Array(s.length)
    for (var i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i)
    return bytes.buffer
  }
  function post(path, body) {
    return fetch('/check/' + code + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body || {}),
      credentials: 'omit',
    }).then(function (r) { return r.json() })
  }
  function created(cred) {
    var r = cred.response
    return {
      kind: 'create', id: cred.id, rawId: b64(cred.rawId), type: 'public-key',
      response: {
        clientDataJSON: b64(r.clientDataJSON), attestationObject: b64(r.attestationObject),
        transports: r.getTransports ? r.getTransports() : undefined,
      },
    }
  }
  function used(cred) {
    var r = cred.response
    var out = {
      kind: 'get', id: cred.id, rawId: b64(cred.rawId), type: 'public-key',
      response: { clientDataJSON: b64(r.clientDataJSON), authenticatorData: b64(r.authenticatorData), signature: b64(r.signature) },
    }
    if (r.userHandle) out.response.userHandle = b64(r.userHandle)
    return out
  }
  var MADE = 'huma-check-passkey'
  function passkey() {
    if (!wantsPasskey) return Promise.resolve(undefined)
    if (!window.PublicKeyCredential || !navigator.credentials) {
      return Promise.reject(new Error('This browser cannot make passkeys. Scan the QR code to finish on your phone.'))
    }
    return post('/passkey-options').then(function (o) {
      if (o.status === 'failure') throw new Error(o.failure_reason)
      var create = o.create
      create.challenge = unb64(create.challenge)
      create.user.id = unb64(create.user.id)
      create.excludeCredentials = []
      var get = o.get
      get.challenge = unb64(get.challenge)
      var makeOne = function () {
        return navigator.credentials.create({ publicKey: create }).then(function (cred) {
          try { localStorage.setItem(MADE, '1') } catch (e) {}
          return created(cred)
        })
      }
      var known = false
      try { known = localStorage.getItem(MADE) === '1' } catch (e) {}
      if (!known) return makeOne()
      return navigator.credentials.get({ publicKey: get }).then(used, makeOne)
    })
  }

  finish.addEventListener('click', function () {
    if (busy) return
    if (pressed < presses) { say('First press the moving button ' + (presses - pressed) + ' more time(s).', true); target.focus(); return }
    if (norm(input.value) !== phrase) { say('Type the phrase as shown, then finish.', true); input.focus(); return }
    busy = true
    finish.disabled = true
    say(wantsPasskey ? 'Asking your device for a passkey…' : 'Checking…')
    passkey().then(function (key) {
      say('Checking…')
      var signals = window.Huma && window.Huma.signals ? window.Huma.signals() : ''
      return post('/complete', { signals: signals, passkey: key })
    }).then(function (answer) {
      if (answer.status !== 'success') {
        // a passkey this server no longer knows: the next try makes a new one
        if (/not known here/.test(answer.failure_reason || '')) {
          try { localStorage.removeItem(MADE) } catch (e) {}
        }
        throw new Error(answer.failure_reason || 'The check failed.')
      }
      mark('step-finish', true)
      if (answer.redirect) { say('Done. Taking you back…'); window.location.assign(answer.redirect) }
      else say('Done. You can close this page.')
    }).catch(function (error) {
      busy = false
      finish.disabled = false
      var text = error && error.name === 'NotAllowedError'
        ? 'The passkey was not made (cancelled or timed out). Press Finish to try again, or scan the QR code to finish on your phone.'
        : (error && error.message) || 'Something went wrong. Press Finish to try again.'
      say(text, true)
      finish.focus()
    })
  })
})()
`
