/** Weighted, L2-regularised logistic regression fitted by Newton's method: deterministic and exact. */

export interface Fit {
  weights: number[]
  bias: number
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and symmetric positive). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i]!])
  for (let c = 0; c < n; c++) {
    let p = c
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r
    ;[m[c], m[p]] = [m[p]!, m[c]!]
    const pivot = m[c]![c]! || 1e-12
    for (let r = 0; r < n; r++) {
      if (r === c) continue
      const f = m[r]![c]! / pivot
      if (f === 0) continue
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!
    }
  }
  return m.map((row, i) => row[n]! / (row[i] || 1e-12))
}

/** x: standardised inputs (no NaN), y: 1 person / 0 bot, w: sample weights. */
export function fitLogistic(x: number[][], y: number[], w: number[], l2 = 0.01, iterations = 25): Fit {
  const d = x[0]?.length ?? 0
  const beta = new Array<number>(d + 1).fill(0) // last entry is the bias
  const total = w.reduce((a, b) => a + b, 0) || 1
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(d + 1).fill(0)
    const hess = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0))
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!
      let z = beta[d]!
      for (let j = 0; j < d; j++) z += beta[j]! * xi[j]!
      const p = 1 / (1 + Math.exp(-z))
      const wi = w[i]! / total
      const g = wi * (p - y[i]!)
      const h = wi * Math.max(p * (1 - p), 1e-9)
      for (let j = 0; j <= d; j++) {
        const xj = j === d ? 1 : xi[j]!
        grad[j]! += g * xj
        for (let k = j; k <= d; k++) hess[j]![k]! += h * xj * (k === d ? 1 : xi[k]!)
      }
    }
    for (let j = 0; j < d; j++) {
      grad[j]! += l2 * beta[j]!
      hess[j]![j]! += l2
    }
    for (let j = 0; j <= d; j++) for (let k = 0; k < j; k++) hess[j]![k] = hess[k]![j]!
    const step = solve(hess, grad)
    let moved = 0
    for (let j = 0; j <= d; j++) {
      beta[j]! -= step[j]!
      moved = Math.max(moved, Math.abs(step[j]!))
    }
    if (moved < 1e-7) break
  }
  return { weights: beta.slice(0, d), bias: beta[d]! }
}
