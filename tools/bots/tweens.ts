/**
 * pytweening's easing functions, which pyautogui's `moveTo(x, y, duration, tween)` and the Python "human
 * clicker" libraries built on it take: progress along a movement (0..1) for a share of its time (0..1).
 * Some overshoot (back, elastic) and come back.
 */
const bounceOut = (n: number): number => {
  if (n < 1 / 2.75) return 7.5625 * n * n
  if (n < 2 / 2.75) return 7.5625 * (n -= 1.5 / 2.75) * n + 0.75
  if (n < 2.5 / 2.75) return 7.5625 * (n -= 2.25 / 2.75) * n + 0.9375
  return 7.5625 * (n -= 2.625 / 2.75) * n + 0.984375
}

export const TWEENS = {
  linear: (n: number) => n,
  easeInQuad: (n: number) => n * n,
  easeOutQuad: (n: number) => -n * (n - 2),
  easeInOutQuad: (n: number) => (n < 0.5 ? 2 * n * n : -0.5 * ((2 * n - 1) * (2 * n - 3) - 1)),
  easeInCubic: (n: number) => n ** 3,
  easeOutCubic: (n: number) => (n - 1) ** 3 + 1,
  easeInOutCubic: (n: number) => (n < 0.5 ? 4 * n ** 3 : 0.5 * (2 * n - 2) ** 3 + 1),
  easeOutQuart: (n: number) => 1 - (n - 1) ** 4,
  easeInOutQuart: (n: number) => (n < 0.5 ? 8 * n ** 4 : 1 - 8 * (n - 1) ** 4),
  easeInSine: (n: number) => 1 - Math.cos((n * Math.PI) / 2),
  easeOutSine: (n: number) => Math.sin((n * Math.PI) / 2),
  easeInOutSine: (n: number) => -0.5 * (Math.cos(Math.PI * n) - 1),
  easeOutExpo: (n: number) => (n === 1 ? 1 : 1 - 2 ** (-10 * n)),
  easeInOutExpo: (n: number) =>
    n === 0 || n === 1 ? n : n < 0.5 ? 0.5 * 2 ** (20 * n - 10) : 1 - 0.5 * 2 ** (-20 * n + 10),
  easeOutCirc: (n: number) => Math.sqrt(1 - (n - 1) ** 2),
  easeOutBack: (n: number) => {
    const s = 1.70158
    const m = n - 1
    return m * m * ((s + 1) * m + s) + 1
  },
  easeOutElastic: (n: number) => {
    const period = 0.3
    const s = (period / (2 * Math.PI)) * Math.asin(1)
    return n === 0 || n === 1 ? n : 2 ** (-10 * n) * Math.sin(((n - s) * (2 * Math.PI)) / period) + 1
  },
  easeOutBounce: bounceOut,
} as const

export type TweenName = keyof typeof TWEENS
export const TWEEN_NAMES = Object.keys(TWEENS) as TweenName[]
