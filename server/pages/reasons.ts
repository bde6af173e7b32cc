/** Each reason code in a sentence a person can read (the demo's result). docs/scoring.md has the rules. */
import type { Reason } from '../../shared/reasons.ts'

export const REASON_TEXT: Record<Reason, string> = {
  NO_SIGNALS:
    'No evidence reached the server: the snippet did not run (JavaScript off, or huma.js blocked), so there was nothing to judge.',
  TOO_FEW_EVENTS:
    'Too little activity to judge: a few more moves, clicks or key presses are needed before a verdict means anything.',
  AUTOMATION_FLAG:
    'The browser said it is automated (navigator.webdriver, driver globals or a headless user agent), as Playwright, Puppeteer and Selenium do.',
  UNTRUSTED_EVENTS:
    'Pointer, touch or wheel events were made by a script on the page, not by a real mouse, finger or wheel.',
  IMPOSSIBLE_TIMING:
    'The timing was impossible for a hand: clicks landed at full speed, without the slowing down every person does onto a target.',
  LINEAR_MOTION:
    'The pointer moved in ruler-straight lines or at one fixed velocity, the way scripted mice do; hands curve.',
  REGULAR_TIMING: 'The rhythm was too even: speed or typing spaced as steadily as a timer, not a person.',
  TELEPORT:
    'The pointer jumped to where it clicked without moving there, as scripts that set its position do.',
  HUMAN_MOTION:
    "The pointer moved the way people's hands do: curved paths, speeding up and slowing down, small corrections.",
  HUMAN_TYPING: "Typing had a person's rhythm: uneven gaps between keys and varied key-hold times.",
  HUMAN_SCROLL: "Scrolling looked like a person's: bursts and pauses rather than even steps.",
  HUMAN_TOUCH: "Touches and moves looked like a person's finger or pen.",
  REPLAYED_SIGNALS:
    'This exact recording of activity was sent before: a replay of earlier evidence, so it is not trusted.',
  CHALLENGE_FAILED:
    "The page's proof of work was missing, stale, unsolved or already used: the payload did not come from a fresh visit to this page.",
  SANDBOX:
    'The answer came from a sandbox (huma_test_) key: a fixed answer for testing, not a verdict on this visit.',
}
