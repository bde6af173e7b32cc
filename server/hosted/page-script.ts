/** The check page's script, served at /hosted/check.js. */

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
