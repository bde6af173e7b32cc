import type { EncodeContext } from './encode.ts'
import { MARKERS } from './format.ts'

/**
 * Globals that automation drivers leave behind (Selenium and its IDE, PhantomJS, Nightmare,
 * ChromeDriver's automation controller). None exists in a person's browser.
 */
const DRIVER_GLOBALS = [
  '_phantom',
  'callPhantom',
  '__nightmare',
  'domAutomation',
  'domAutomationController',
  '_selenium',
  'callSelenium',
  '_Selenium_IDE_Recorder',
  '__webdriver_script_fn',
  '__driver_evaluate',
  '__webdriver_evaluate',
  '__selenium_evaluate',
  '__fxdriver_evaluate',
  '__driver_unwrapped',
  '__webdriver_unwrapped',
  '__selenium_unwrapped',
  '__fxdriver_unwrapped',
]

/** AUTOMATION_MARKERS bits. Only markers without known false positives on people. */
export function automationMarkers(win: Window, doc: Document, nav: Navigator): number {
  let bits = 0
  if (nav.webdriver === true) bits |= MARKERS.webdriver
  const root = doc.documentElement
  if (
    DRIVER_GLOBALS.some((name) => name in win) ||
    Object.keys(doc).some((name) => /^\$?cdc_/.test(name)) ||
    (root && ['webdriver', 'selenium', 'driver'].some((name) => root.hasAttribute(name)))
  ) {
    bits |= MARKERS.driverGlobals
  }
  if (/HeadlessChrome/.test(nav.userAgent)) bits |= MARKERS.headlessAgent
  return bits
}

/** Viewport and automation markers, read at encode time (never in an event handler). */
export const readContext = (win: Window, doc: Document, nav: Navigator): EncodeContext => ({
  w: win.innerWidth,
  h: win.innerHeight,
  a: automationMarkers(win, doc, nav),
})
