/**
 * A bar chart as inline SVG, drawn on the server: no script, no library. Labels are escaped; the chart
 * has a title and a description for screen readers, and every bar its value as text.
 */
import { esc } from '../pages/layout.ts'

export interface Bar {
  label: string
  value: number
}

const WIDTH = 640
const HEIGHT = 220
const PAD = { top: 16, right: 8, bottom: 36, left: 8 }

export function barChart(bars: readonly Bar[], title: string): string {
  const max = Math.max(1, ...bars.map((b) => b.value))
  const inner = { w: WIDTH - PAD.left - PAD.right, h: HEIGHT - PAD.top - PAD.bottom }
  const slot = inner.w / Math.max(1, bars.length)
  const width = Math.min(slot * 0.7, 64)
  // many bars: every few labelled, and only bars above zero carry their value, so no text overlaps
  const every = Math.ceil(bars.length / 8)
  const crowded = bars.length > 12
  const shapes = bars
    .map((b, i) => {
      const h = (b.value / max) * (inner.h - 16)
      const mid = PAD.left + (i + 0.5) * slot
      const x = mid - width / 2
      const y = PAD.top + inner.h - h
      const value =
        crowded && b.value === 0
          ? ''
          : `<text x="${mid.toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" class="value">${b.value}</text>`
      const label =
        (bars.length - 1 - i) % every === 0
          ? `<text x="${mid.toFixed(1)}" y="${HEIGHT - 14}" text-anchor="middle" class="label">${esc(b.label)}</text>`
          : ''
      return (
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${width.toFixed(1)}" height="${h.toFixed(1)}" class="bar"><title>${esc(b.label)}: ${b.value}</title></rect>` +
        value +
        label
      )
    })
    .join('')
  const summary = bars.map((b) => `${b.label}: ${b.value}`).join(', ')
  return (
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="chart-title chart-desc">` +
    `<title id="chart-title">${esc(title)}</title><desc id="chart-desc">${esc(summary)}</desc>` +
    `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${PAD.top + inner.h}" y2="${PAD.top + inner.h}" class="axis"/>` +
    shapes +
    `</svg>`
  )
}
