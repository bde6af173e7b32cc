/** A QR code as an SVG drawn on the server (qrcode-generator: no dependencies, no canvas, no requests). */
import qrcode from 'qrcode-generator'

/** One path of dark modules on a light square, with a quiet zone of 4 modules, scaled by its box. */
export function qrSvg(text: string, label: string): string {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Byte')
  qr.make()
  const n = qr.getModuleCount()
  const size = n + 8
  let path = ''
  // one rectangle per horizontal run of dark modules
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (!qr.isDark(row, col)) continue
      let run = 1
      while (col + run < n && qr.isDark(row, col + run)) run++
      path += `M${col + 4} ${row + 4}h${run}v1h-${run}z`
      col += run - 1
    }
  }
  return (
    `<svg class="qr" viewBox="0 0 ${size} ${size}" role="img" ` +
    `aria-label="${label}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/>` +
    `<path d="${path}" fill="#000"/></svg>`
  )
}
