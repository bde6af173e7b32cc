export interface Summary {
  median: number
  p99: number
  max: number
  n: number
}

export function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
  return { median: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN, n: sorted.length }
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits
