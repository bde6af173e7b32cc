import { describe, expect, it } from 'vitest'
import qrcode from 'qrcode-generator'
import { qrSvg } from './qr.ts'

describe('the QR code drawn on the server', () => {
  it('draws exactly the dark modules of the code, with a 4-module quiet zone', () => {
    const text = 'https://huma.example/check/3q2-7wB0cKx9mPzR1dVnYt8aLfEsGhJu'
    const svg = qrSvg(text, 'label')
    const qr = qrcode(0, 'M')
    qr.addData(text, 'Byte')
    qr.make()
    const n = qr.getModuleCount()
    expect(svg).toContain(`viewBox="0 0 ${n + 8} ${n + 8}"`)
    const drawn = new Set<string>()
    for (const [, x, y, run] of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g))
      for (let i = 0; i < Number(run); i++) drawn.add(`${Number(x) + i - 4},${Number(y) - 4}`)
    for (let row = 0; row < n; row++)
      for (let col = 0; col < n; col++) expect(drawn.has(`${col},${row}`)).toBe(qr.isDark(row, col))
  })
})
