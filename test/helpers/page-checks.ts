/**
 * What every dashboard page must pass in the browser tests: axe-core with no serious or critical
 * violation, and no sideways scrolling at desktop and phone widths (screenshots kept in HUMA_SCREENSHOTS
 * when set).
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

const AXE = readFileSync(join('node_modules', 'axe-core', 'axe.min.js'), 'utf8')
const SHOTS = process.env.HUMA_SCREENSHOTS

/** No serious or critical axe-core violation on the page as it is now. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.evaluate(AXE)
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } }
    ).axe
    return (await axe.run()).violations.map((v) => `${v.id} (${v.impact})`)
  })
  const serious = violations.filter((v) => v.endsWith('(serious)') || v.endsWith('(critical)'))
  expect(serious, `${name}: ${violations.join(', ')}`).toEqual([])
}

/** Screenshots at desktop and phone widths, as `<prefix>-<name>-<width label>.png`; no page may scroll sideways. */
export async function shootWidths(page: Page, name: string, prefix = 'admin'): Promise<void> {
  for (const [width, label] of [
    [1280, 'desktop'],
    [390, 'phone'],
  ] as const) {
    await page.setViewportSize({ width, height: 800 })
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow, `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0)
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true })
      await page.screenshot({ path: join(SHOTS, `${prefix}-${name}-${label}.png`), fullPage: true })
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 })
}
