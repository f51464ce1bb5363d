import { PROBLEM } from '../../shared/api-contract.js';

/**
 * Where a photo counts as having a problem. One set of numbers serves the SQL filter ("problems
 * only"), the grid's badges and the benchmark that checks them (`npm run bench -- --only quality`:
 * at most 5 % of the 66 clean photos flagged, at least 90 % of faulty copies of the held-out
 * photos flagged for their fault).
 *
 * Each threshold sits just beyond what the 66 clean photos reach (bench problem_flag_records), so
 * a well-made photo is not called faulty:
 * - Soft: even the sharpest crop at 100 % view scores below `softFocus` (clean photos: 2nd
 *   percentile 44, median 78), or, for photos too small for the focus pass, the sharpest tiles at
 *   the 1,536 px analysis size hold almost no fine detail (RMS Laplacian below 3.5 grey levels;
 *   the smoothest clean photo, an abstract, has 3.6). Both look at the sharpest part of the frame,
 *   so a sharp subject before a blurred background is not soft.
 * - Noisy: noise sigma in the flattest tiles above 4 grey levels (clean photos: at most 2.6).
 * - Underexposed: mean luma under 0.14 (the darkest clean photo, a night scene, has 0.146) or a
 *   quarter of the frame crushed to black. Overexposed: mean luma over 0.85 or a fifth of the frame
 *   blown out (clean photos: at most 0.82 and 0.19).
 */
export const PROBLEM_THRESHOLDS = {
  blurrySharpness: 3.5,
  softFocus: 35,
  noisySigma: 4,
  darkMean: 0.14,
  crushedShadows: 0.25,
  brightMean: 0.85,
  blownHighlights: 0.2,
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
