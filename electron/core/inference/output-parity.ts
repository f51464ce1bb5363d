import type { ModelMetadata } from './model-metadata.js';

/** One output tensor as any provider returns it: its shape and its values. */
export interface OutputTensor {
  readonly dims: readonly number[];
  readonly data: ArrayLike<number>;
}

export type ModelOutputs = Readonly<Record<string, OutputTensor>>;

export interface OutputDifference {
  readonly output: string;
  /** Largest |candidate - reference| over the tensor (Infinity for NaN, a missing output or another shape). */
  readonly maxAbsDiff: number;
  /** Largest |reference|: differences are judged relative to the size of what the output holds. */
  readonly scale: number;
  readonly allowed: number;
  readonly ok: boolean;
  readonly problem?: string;
}

/**
 * Compares every output the reference has, whatever the model calls them, so a model with more
 * outputs is checked without a code change. The tolerance is relative to each output's largest
 * magnitude (a 0-100 score and 0-1 weights differ in scale); an all-zero output is held to the
 * tolerance as an absolute bound.
 */
export function compareOutputs(reference: ModelOutputs, candidate: ModelOutputs, relativeTolerance: number): OutputDifference[] {
  return Object.keys(reference).map((output) => {
    const ref = reference[output]!;
    let scale = 0;
    for (let i = 0; i < ref.data.length; i++) scale = Math.max(scale, Math.abs(ref.data[i]!));
    const allowed = relativeTolerance * (scale > 0 ? scale : 1);
    const got = candidate[output];
    const fail = (problem: string): OutputDifference => ({ output, maxAbsDiff: Infinity, scale, allowed, ok: false, problem });
    if (!got) return fail('missing');
    if (got.dims.length !== ref.dims.length || got.dims.some((d, i) => Number(d) !== Number(ref.dims[i]))) {
      return fail(`shape [${got.dims.join(', ')}], expected [${ref.dims.join(', ')}]`);
    }
    let maxAbsDiff = 0;
    for (let i = 0; i < ref.data.length; i++) {
      const d = Math.abs(got.data[i]! - ref.data[i]!);
      // NaN compares false with everything: count it as the worst difference, not as none.
      maxAbsDiff = Number.isNaN(d) ? Infinity : Math.max(maxAbsDiff, d);
    }
    return { output, maxAbsDiff, scale, allowed, ok: maxAbsDiff <= allowed };
  });
}

/** "score 0.3 > 0.01" for each output over its bound, for a fallback reason. */
export function describeDifferences(diffs: readonly OutputDifference[]): string {
  return diffs
    .filter((d) => !d.ok)
    .map((d) => `${d.output} ${d.problem ?? `differs by ${d.maxAbsDiff.toPrecision(2)} (allowed ${d.allowed.toPrecision(2)})`}`)
    .join(', ');
}

/**
 * The known input every non-CPU provider must score like the CPU before it scores photos: a fixed
 * 128 x 96 picture (clamped to what the model accepts) with gradients, edges and fine texture, so
 * every layer sees varied values rather than a flat field that hides wrong arithmetic. Its size
 * matches a small landscape photo, so a provider that compiles kernels per shape compiles them once
 * for the check and for such photos.
 */
export function checkImage(input: ModelMetadata['input']): { rgb: Uint8Array; width: number; height: number } {
  const side = (n: number) => Math.max(input.size.minSide, Math.min(n, input.size.longSide));
  const width = side(128);
  const height = side(96);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const checker = ((x >> 3) + (y >> 3)) % 2 === 0 ? 40 : 0;
      rgb[i] = Math.round((255 * x) / (width - 1) * 0.8) + (checker >> 1);
      rgb[i + 1] = Math.round(127.5 + 100 * Math.sin(x / 3 + y / 5));
      rgb[i + 2] = Math.round((255 * y) / (height - 1) * 0.7) + checker;
    }
  }
  return { rgb, width, height };
}
