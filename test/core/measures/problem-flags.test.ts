import { describe, expect, it } from 'vitest';
import { PROBLEM } from '../../../electron/shared/api-contract.js';
import { PROBLEM_THRESHOLDS as T, problemBits, type ProblemInputs } from '../../../electron/core/measures/problem-flags.js';

const fine: ProblemInputs = { sharpness: 25, noise: 0.4, exposureMean: 0.45, clippedHighlights: 0.01, clippedShadows: 0, focus: 78 };

describe('problem flags', () => {
  it('flags nothing on a well-made photo', () => {
    expect(problemBits(fine)).toBe(0);
  });

  it('calls a photo soft by its sharpest crop at 100 %, so a sharp subject on a blurred background is fine', () => {
    // Shallow depth of field: most tiles are soft (low overall sharpness), the subject's crop is crisp.
    expect(problemBits({ ...fine, sharpness: 5, focus: 70 })).toBe(0);
    expect(problemBits({ ...fine, focus: T.softFocus - 1 })).toBe(PROBLEM.blurry);
  });

  it('falls back to the classic sharpness for photos too small for the focus pass', () => {
    expect(problemBits({ ...fine, focus: null, sharpness: T.blurrySharpness - 0.5 })).toBe(PROBLEM.blurry);
    expect(problemBits({ ...fine, focus: null, sharpness: T.blurrySharpness + 0.5 })).toBe(0);
  });

  it('flags noise, under- and overexposure each on its own bit', () => {
    expect(problemBits({ ...fine, noise: T.noisySigma + 1 })).toBe(PROBLEM.noisy);
    expect(problemBits({ ...fine, exposureMean: T.darkMean - 0.01 })).toBe(PROBLEM.underexposed);
    expect(problemBits({ ...fine, clippedShadows: T.crushedShadows + 0.01 })).toBe(PROBLEM.underexposed);
    expect(problemBits({ ...fine, clippedHighlights: T.blownHighlights + 0.01 })).toBe(PROBLEM.overexposed);
    expect(problemBits({ ...fine, exposureMean: T.brightMean + 0.01, noise: T.noisySigma + 1 })).toBe(PROBLEM.overexposed | PROBLEM.noisy);
  });
});
