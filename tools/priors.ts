/**
 * Hand-set models for modalities the data cannot train honestly: one typing source (four typists) and two
 * scrolling sources are too few to learn from and still hold a source out. The numbers come from what is
 * known about people, not from fitting those sources; docs/scoring.md explains each.
 */
import type { LinearModel } from '../server/scoring/model.ts'

/**
 * Typing (Dhakal et al. 2018: key holds around 100 ms, varying by tens of ms; gaps vary by letter pair;
 * rollover is common in fast typists). Each input saturates where people already are, so being "more
 * irregular" never adds beyond that: a bot cannot win by adding noise alone, and a slow typist is not
 * punished for being unusual. The hold inputs are centred where people saturate, so a hold that cannot be
 * measured (a virtual keyboard: features/keys.ts) counts as a person's, and the gaps decide.
 */
export const KEYS_PRIOR: LinearModel = {
  kind: 'linear',
  features: ['keys.logHold', 'keys.holdSpread', 'keys.gapSpread', 'keys.rolloverShare'],
  // holds of 10..40 ms are implausibly short; hold spreads up to 0.05 (mean deviation: a person's holds on
  // a coarse clock still reach it, where a fixed hold stays at 0) and gap spreads up to 0.2 are the human floor
  lo: [Math.log(11), 0, 0, 0],
  hi: [Math.log(41), 0.05, 0.2, 0.1],
  mean: [Math.log(41), 0.05, 0, 0],
  scale: [1, 1, 1, 1],
  // a fixed hold costs 3 log-odds, as before the spread was a mean deviation
  weights: [2, 60, 20, 10],
  // human holds, but gaps like a metronome and no rollover: -0.5
  bias: -0.5,
  evidence: 20,
  origin: 'prior',
}

/**
 * Scrolling: wheel notches arrive in uneven bursts and touch pads carry on with decaying inertia; a script
 * scrolls by one amount at one interval. Weak evidence, so the prior's reach is small.
 */
export const SCROLL_PRIOR: LinearModel = {
  kind: 'linear',
  features: ['scroll.scrollGapSpread', 'scroll.distinctDeltaShare', 'scroll.decayShare'],
  lo: [0, 0, 0],
  hi: [0.3, 0.3, 0.3],
  mean: [0, 0, 0],
  scale: [1, 1, 1],
  weights: [5, 3, 3],
  // a notched wheel turned at uneven intervals already comes out above zero; only a fixed amount at a
  // fixed interval goes below
  bias: -0.5,
  evidence: 20,
  origin: 'prior',
}
