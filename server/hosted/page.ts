/**
 * The check page: a short task that gives the snippet real evidence (press a target that moves, three
 * times; type a short phrase), then the passkey, then the redirect. Everything works from the keyboard
 * (the target is a button: Tab, then Enter or Space), every step is labelled for a screen reader and
 * announced as it is done. On a wide screen a QR code offers to finish on the phone. Server-rendered, no
 * inline script or style (the theme is a stylesheet of its own), nothing loaded from another origin.
 */
import type { FailureCode } from '../../shared/contracts/verifyyou.ts'
import { esc } from '../pages/layout.ts'
import { qrSvg } from './qr.ts'
import type { KeySettings } from './store/types.ts'

/** What the person types: short, common words, no personal data. */
export const PHRASE = 'I am a person'
/** Presses of the moving target. */
export const TARGET_PRESSES = 3

export interface CheckPageInput {
  code: string
  inviteUrl: string
  settings: KeySettings
  /** whether the check ends with a passkey (GET_HUMANNESS_SCORE_AND_UNIQUE_HUMAN_ID) */
  passkey: boolean
}

function shell(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<link rel="stylesheet" href="/hosted/check.css">
${head}
</head>
<body>
${body}
</body>
</html>
`
}

function brand(settings: KeySettings): string {
  const logo = settings.logoUrl ? `<img class="logo" src="${esc(settings.logoUrl)}" alt="">` : ''
  const name = settings.name ? `<span class="name">${esc(settings.name)}</span>` : ''
  return logo || name ? `<header class="brand">${logo}${name}</header>` : ''
}

export function checkPage({ code, inviteUrl, settings, passkey }: CheckPageInput): string {
  const who = settings.name ? esc(settings.name) : 'The site that sent you here'
  const body = `<main class="check" id="check" data-code="${esc(code)}" data-passkey="${passkey ? '1' : '0'}"
  data-presses="${TARGET_PRESSES}" data-phrase="${esc(PHRASE)}">
${brand(settings)}
<h1>A quick check that you are a person</h1>
<p class="lede">${who} asks for it. It takes about 15 seconds, and nothing personal
is kept: not your name, not your address, not what you type.</p>
<noscript><p class="problem">This check needs JavaScript.</p></noscript>
<ol class="steps">
  <li id="step-target">
    <h2 id="target-title">Press the moving button ${TARGET_PRESSES} times</h2>
    <p class="hint" id="target-hint">With a mouse or a finger, or with the keyboard: Tab to it, then Enter or Space.</p>
    <div class="arena" id="arena">
      <button type="button" class="target" id="target" aria-describedby="target-hint">Press me <span id="target-count">(1 of ${TARGET_PRESSES})</span></button>
    </div>
  </li>
  <li id="step-phrase">
    <h2><label for="phrase">Type: <q>${esc(PHRASE)}</q></label></h2>
    <input id="phrase" name="phrase" autocomplete="off" autocapitalize="none" spellcheck="false" aria-describedby="phrase-hint">
    <p class="hint" id="phrase-hint">Capitals do not matter. What you type is not sent anywhere.</p>
  </li>
  <li id="step-finish">
    <h2>Finish</h2>
    ${
      passkey
        ? `<p class="hint" id="finish-hint">Your device will ask to create or use a passkey for this check. It lets the
    site tell whether this passkey has done the check before, and tells no one who you are.</p>`
        : '<p class="hint" id="finish-hint">You will be sent back when it is done.</p>'
    }
    <button type="button" class="finish" id="finish" aria-describedby="finish-hint">Finish the check</button>
  </li>
</ol>
<p id="status" class="status" role="status" aria-live="polite"></p>
<aside class="handoff" aria-label="Finish on your phone">
  ${qrSvg(inviteUrl, 'QR code of this check, to open it on a phone')}
  <p>On a computer without a passkey? Scan this with your phone to finish there.</p>
</aside>
</main>
<script src="/huma.js" async></script>
<script src="/hosted/check.js" defer></script>`
  return shell('A quick check', body, `<link rel="stylesheet" href="/check/${esc(code)}/theme.css">`)
}

const CLOSED: Record<string, { title: string; text: string }> = {
  INVITE_EXPIRED: {
    title: 'This link has expired',
    text: 'Go back to the site that sent you here for a new one.',
  },
  INVITE_ALREADY_USED: {
    title: 'This link was already used',
    text: 'Each check link works once. Go back to the site that sent you here.',
  },
  DOES_NOT_EXIST: {
    title: 'This link is not known',
    text: 'Check that you copied it whole, or ask the site that sent you for a new one.',
  },
}

export function closedPage(why: FailureCode): string {
  const { title, text } = CLOSED[why] ?? CLOSED.DOES_NOT_EXIST!
  return shell(title, `<main class="check"><h1>${esc(title)}</h1><p class="lede">${esc(text)}</p></main>`)
}

const COLOUR = /^#[0-9a-fA-F]{6}$/

/** The key's accent colour, and the readable text colour on it. */
export function themeCss(settings: KeySettings): string {
  if (!settings.accent || !COLOUR.test(settings.accent)) return ''
  const n = parseInt(settings.accent.slice(1), 16)
  const luminance = 0.2126 * ((n >> 16) & 255) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255)
  return `:root{--accent:${settings.accent};--on-accent:${luminance > 150 ? '#111' : '#fff'}}\n`
}
