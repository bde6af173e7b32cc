/** A least-squares line of ys on xs: the means and the slope (NaN when xs hardly spread). */
export interface LineFit {
  mx: number
  my: number
  slope: number
}

export function lineFit(xs: number[], ys: number[]): LineFit {
  const n = xs.length
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) {
    mx += xs[i]! / n
    my += ys[i]! / n
  }
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my)
    sxx += (xs[i]! - mx) ** 2
  }
  return { mx, my, slope: sxx > 0.05 ? sxy / sxx : NaN }
}
