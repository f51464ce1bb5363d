import { describe, expect, it } from 'vitest';
import { checkImage, compareOutputs, describeDifferences } from '../../electron/core/inference/output-parity.js';
import { loadModelMetadata } from '../../electron/core/inference/model-metadata.js';
import { FIXTURE_MODEL } from '../helpers/paths.js';

const t = (dims: number[], data: number[]) => ({ dims, data: Float32Array.from(data) });

describe('comparing a provider with the CPU', () => {
  it('judges each output relative to its own magnitude', () => {
    const reference = { score: t([1], [50]), weights: t([1, 2], [0.5, 0.25]) };
    const diffs = compareOutputs(reference, { score: t([1], [50.4]), weights: t([1, 2], [0.5, 0.26]) }, 0.01);
    expect(diffs.map((d) => [d.output, d.ok])).toEqual([
      ['score', true], // 0.4 <= 1% of 50
      ['weights', false], // 0.01 > 1% of 0.5
    ]);
    expect(describeDifferences(diffs)).toMatch(/^weights differs by 0\.010 \(allowed 0\.0050\)$/);
  });

  it('fails NaN, a missing output and another shape rather than reading them as equal', () => {
    const reference = { a: t([2], [1, 2]), b: t([2], [1, 2]), c: t([2], [1, 2]) };
    const diffs = compareOutputs(reference, { a: t([2], [1, NaN]), c: t([1, 2], [1, 2]) }, 0.5);
    expect(diffs.map((d) => d.ok)).toEqual([false, false, false]);
    expect(diffs[0]!.maxAbsDiff).toBe(Infinity);
    expect(describeDifferences(diffs)).toMatch(/b missing, c shape \[1, 2\], expected \[2\]/);
  });

  it('holds an all-zero output to the tolerance as an absolute bound', () => {
    expect(compareOutputs({ z: t([2], [0, 0]) }, { z: t([2], [0, 1e-4]) }, 1e-3)[0]!.ok).toBe(true);
    expect(compareOutputs({ z: t([2], [0, 0]) }, { z: t([2], [0, 1e-2]) }, 1e-3)[0]!.ok).toBe(false);
  });

  it('checks with a varied, fixed image the model accepts', () => {
    const { metadata } = loadModelMetadata(FIXTURE_MODEL);
    const a = checkImage(metadata.input);
    expect([a.width, a.height]).toEqual([128, 96]);
    expect(a.rgb).toEqual(checkImage(metadata.input).rgb);
    expect(new Set(a.rgb).size).toBeGreaterThan(100);
  });
});
