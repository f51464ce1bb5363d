import { PROBLEM } from '../../shared/api-contract.js';

/**
 * Where a photo counts as having a problem. One set of numbers serves the SQL filter ("problems
 * only"), the grid's badges and the benchmark that checks them (bench/problem-flags.ts: at most
 * 5 % of clean photos flagged, at least 90 % of faulty copies flagged for their fault).
 *
 * - Soft: nothing in the frame holds fine detail at the 1,536 px analysis size (RMS Laplacian of
 *   the sharpest tiles, grey levels), or, for photos large enough to get the focus pass, even the
 *   sharpest crop at 100 % view scores below `softFocus`. Both look at the sharpest part of the
 *   frame, so a sharp subject before a blurred background is not soft.
 * - Noisy: noise sigma (grey levels) in the flattest tiles, where texture cannot pass for noise.
 * - Under/over-exposed: mean luma 0..1 and the share of clipped pixels.
 */
export const PROBLEM_THRESHOLDS = {
  blurrySharpness: 15,
  softFocus: 30,
  noisySigma: 6,
  darkMean: 0.2,
  crushedShadows: 0.25,
  brightMean: 0.8,
  blownHighlights: 0.1,
} as const;

export interface ProblemInputs {
  readonly sharpness: number;
  readonly noise: number;
  readonly exposureMean: number;
  readonly clippedHighlights: number;
  readonly clippedShadows: number;
  readonly focus: number | null;
}

const T = PROBLEM_THRESHOLDS;

/** The problem bits of one scored photo (errors are added by the store, which knows them). */
export function problemBits(m: ProblemInputs): number {
  let bits = 0;
  if (m.sharpness < T.blurrySharpness || (m.focus !== null && m.focus < T.softFocus)) bits |= PROBLEM.blurry;
  if (m.exposureMean < T.darkMean || m.clippedShadows > T.crushedShadows) bits |= PROBLEM.underexposed;
  if (m.exposureMean > T.brightMean || m.clippedHighlights > T.blownHighlights) bits |= PROBLEM.overexposed;
  if (m.noise > T.noisySigma) bits |= PROBLEM.noisy;
  return bits;
}

/** The same rule over the scores table (alias s), for SQL filters and the grid's badges. */
export const PROBLEM_SQL = {
  blurry: `(s.sharpness < ${T.blurrySharpness} OR s.focus < ${T.softFocus})`,
  underexposed: `(s.exposure_mean < ${T.darkMean} OR s.clipped_shadows > ${T.crushedShadows})`,
  overexposed: `(s.exposure_mean > ${T.brightMean} OR s.clipped_highlights > ${T.blownHighlights})`,
  noisy: `(s.noise > ${T.noisySigma})`,
} as const;
