/**
 * pyautogui's own `moveTo(x, y, duration, tween)`, as a script driving the OS cursor calls it: a straight line
 * eased by one of pytweening's functions, cut into max(|dx|, |dy|) steps, or fewer so that no step sleeps less
 * than pyautogui's minimum (50 ms; older versions stepped every pixel); a move under 0.1 s is one jump. Each
 * step sleeps its share of the duration (rounded up to the OS timer on some machines) plus what the call
 * itself costs; positions are whole pixels. The tween is the script's choice or drawn for every move.
 */
import type { Point } from './paths.ts'
import type { TimedPoint } from './pointer.ts'
import { pointerFamily } from './pointer.ts'
import { TWEENS, TWEEN_NAMES } from './tweens.ts'

/** pyautogui.MINIMUM_DURATION and MINIMUM_SLEEP (ms) */
const MINIMUM_DURATION = 100
const MINIMUM_SLEEP = 50

export const pyautogui = pointerFamily(
  'pyautogui',
  'pyautogui moveTo with a pytweening easing: straight steps >= 50 ms apart (or every pixel), whole pixels',
  ({ s, rng, timing }) => {
    const minSleep = rng.pick([MINIMUM_SLEEP, MINIMUM_SLEEP, MINIMUM_SLEEP, 0])
    const cost = rng.range(0.1, 3)
    const osTick = rng.pick([0, 0, 1, 15.625])
    const fixed = rng.next() < 0.5 ? rng.pick(TWEEN_NAMES) : null
    const sleep = (ms: number) => (osTick > 0 ? Math.ceil(ms / osTick) * osTick : ms)
    return (target) => {
      const from: Point = [s.x, s.y]
      const [dx, dy] = [target[0] - from[0], target[1] - from[1]]
      const end: Point = [Math.round(target[0]), Math.round(target[1])]
      const duration = timing.duration(Math.hypot(dx, dy))
      if (duration <= MINIMUM_DURATION) return [{ timed: [{ dt: cost, p: end }] }]
      let steps = Math.max(1, Math.round(Math.max(Math.abs(dx), Math.abs(dy))))
      let each = duration / steps
      if (each < minSleep) {
        steps = Math.max(1, Math.floor(duration / minSleep))
        each = duration / steps
      }
      const tween = TWEENS[fixed ?? rng.pick(TWEEN_NAMES)]
      const points: TimedPoint[] = []
      // step 0 is the start (no move); its sleep still passes
      let wait = sleep(each) + cost * rng.range(0.5, 1.5)
      for (let n = 1; n <= steps; n++) {
        wait += sleep(each) + cost * rng.range(0.5, 1.5)
        const u = n === steps ? 1 : tween(n / steps)
        const p: Point = [Math.round(from[0] + dx * u), Math.round(from[1] + dy * u)]
        const last = points[points.length - 1]?.p
        if (n < steps && last && last[0] === p[0] && last[1] === p[1]) continue
        points.push({ dt: wait, p: n === steps ? end : p })
        wait = 0
      }
      return [{ timed: points }]
    }
  },
  { whole: true, display: true },
)
