/**
 * Spatial maps are small (a 512 px input gives about 16 x 12 cells) but there is one per photo and
 * per model, so they are stored quantised to one byte per cell: plenty for a heatmap, 4x smaller
 * than float32.
 */
export interface QuantisedMap {
  readonly width: number;
  readonly height: number;
  /** Values in [0, 1] encoded as 0..255. */
  readonly bytes: Uint8Array;
}

export function quantiseMap(values: Float32Array, width: number, height: number, lo: number, hi: number): QuantisedMap {
  if (values.length !== width * height) throw new Error(`map has ${values.length} cells, expected ${width}x${height}`);
  const bytes = new Uint8Array(values.length);
  const span = hi - lo || 1;
  for (let i = 0; i < values.length; i++) {
    const v = (values[i]! - lo) / span;
    bytes[i] = Number.isFinite(v) ? Math.round(Math.min(1, Math.max(0, v)) * 255) : 0;
  }
  return { width, height, bytes };
}

export function dequantiseMap(bytes: Uint8Array, lo: number, hi: number): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = lo + (bytes[i]! / 255) * (hi - lo);
  return out;
}

/** Scales a non-negative map so its maximum is 1, for storage as relative weights. */
export function normaliseToMax(values: Float32Array): Float32Array {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  const out = new Float32Array(values.length);
  if (max > 0) for (let i = 0; i < values.length; i++) out[i] = Math.max(0, values[i]!) / max;
  return out;
}
