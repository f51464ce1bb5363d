import type { RgbImage } from '../decode/decode-photo.js';
import type { ExposureMeasure } from './exposure.js';
import { lumaX256 } from './luma.js';

/**
 * Per-tile statistics of the two classic no-reference measures, plus the exposure measures, in one
 * streaming pass over the RGB pixels:
 * - Laplacian energy (mean squared 4-neighbour Laplacian), the usual focus measure;
 * - Immerkaer's fast noise estimate (mean absolute response to the difference-of-Laplacians mask
 *   [1 -2 1; -2 4 -2; 1 -2 1], times sqrt(pi/2)/6), which cancels edges and smooth gradients so
 *   that, in flat tiles, what remains is noise;
 * - mean luma and the clipped shares, over every pixel.
 *
 * This runs on every photo at about 1,500 px, beside a CNN, so its cost is budgeted like the
 * model's. Luma lives in a ring of three rows instead of a full plane (no 6 MB allocation per
 * photo), and both masks are separable: with the vertical second difference of a row computed once,
 * the Laplacian is that plus the horizontal second difference, and Immerkaer's mask is the
 * horizontal second difference of it, so each pixel costs three row reads instead of nine.
 * The masks may be evaluated on every `rowStep`-th row only, each still at full resolution with
 * its true neighbours so that softness stays visible (see ROW_STEP for what that costs in accuracy).
 * Luma is held as integers at 256x scale (see lumaX256), which keeps the loops in int32
 * arithmetic; results are scaled back at the end.
 */
export interface TileStats {
  readonly cols: number;
  readonly rows: number;
  /** Mean squared Laplacian per tile. */
  readonly laplacianEnergy: Float64Array;
  /** Noise sigma estimate per tile, grey levels. */
  readonly noiseSigma: Float64Array;
  readonly exposure: ExposureMeasure;
}

const NOISE_SCALE = Math.sqrt(Math.PI / 2) / 6;

/**
 * Rec. 709 luma (x256) of the sRGB-encoded values (what the eye reads as brightness) of one row,
 * written to `out`; adds the row's luma sum and clip counts to `acc` ([sum, highlights, shadows]).
 */
function lumaRow(data: Uint8Array, y: number, width: number, out: Int32Array, acc: Float64Array): void {
  let sum = 0;
  let high = 0;
  let low = 0;
  for (let x = 0, j = y * width * 3; x < width; x++, j += 3) {
    const r = data[j]!;
    const g = data[j + 1]!;
    const b = data[j + 2]!;
    const l = lumaX256(r, g, b);
    out[x] = l;
    sum += l;
    // Any channel at 254+ has lost detail to white (a bit carried into 256); luma at 3 or below
    // (768 in the 256-scaled sum) has lost it to black. Branch-free: clipping is data-dependent.
    high += ((r + 2) | (g + 2) | (b + 2)) >> 8;
    low += (768 - l) >>> 31 ^ 1;
  }
  acc[0] = acc[0]! + sum;
  acc[1] = acc[1]! + high;
  acc[2] = acc[2]! + low;
}

export function tileStatistics(image: RgbImage, tile: number, rowStep = 1): TileStats {
  const { width, height } = image;
  // A plain Uint8Array view: element loads on one array class stay monomorphic (and Buffer's are slower).
  const data = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const cols = Math.max(1, Math.floor(width / tile));
  const rows = Math.max(1, Math.floor(height / tile));
  const tw = Math.floor(width / cols);
  const th = Math.floor(height / rows);
  const lap = new Float64Array(cols * rows);
  const noise = new Float64Array(cols * rows);
  const samples = new Float64Array(cols * rows);
  const acc = new Float64Array(3);
  // The last column of tiles takes the remainder; the image border has no neighbours.
  const xStart = new Int32Array(cols);
  const xEnd = new Int32Array(cols);
  for (let tx = 0; tx < cols; tx++) {
    xStart[tx] = Math.max(1, tx * tw);
    xEnd[tx] = tx === cols - 1 ? width - 1 : (tx + 1) * tw;
  }

  let above = new Int32Array(width);
  let row = new Int32Array(width);
  let below = new Int32Array(width);
  lumaRow(data, 0, width, row, acc);
  if (height > 1) lumaRow(data, 1, width, below, acc);
  for (let y = 1; y < height - 1; y++) {
    const spare = above;
    above = row;
    row = below;
    below = spare;
    lumaRow(data, y + 1, width, below, acc);
    if ((y - 1) % rowStep !== 0 || width < 3) continue;
    const tileRow = Math.min(rows - 1, Math.floor(y / th)) * cols;
    for (let tx = 0; tx < cols; tx++) {
      const x1 = xEnd[tx]!;
      const x0 = xStart[tx]!;
      // A sliding window of three columns held in locals: each pixel loads one new column (three
      // luma values) instead of re-reading its neighbours from memory.
      let rPrev = row[x0 - 1]!;
      let rCur = row[x0]!;
      let dPrev = above[x0 - 1]! + below[x0 - 1]! - 2 * rPrev;
      let dCur = above[x0]! + below[x0]! - 2 * rCur;
      let lapSum = 0;
      let noiseSum = 0;
      for (let x = x0; x < x1; x++) {
        const rNext = row[x + 1]!;
        const dNext = above[x + 1]! + below[x + 1]! - 2 * rNext;
        const l = dCur + rPrev + rNext - 2 * rCur;
        const m = dPrev + dNext - 2 * dCur;
        lapSum += l * l;
        noiseSum += m < 0 ? -m : m;
        rPrev = rCur;
        rCur = rNext;
        dPrev = dCur;
        dCur = dNext;
      }
      const t = tileRow + tx;
      lap[t] = lap[t]! + lapSum;
      noise[t] = noise[t]! + noiseSum;
      samples[t] = samples[t]! + x1 - x0;
    }
  }
  for (let t = 0; t < lap.length; t++) {
    const n = Math.max(1, samples[t]!);
    // Luma rows are held at 256x (integer weights), so squared responses carry 256^2.
    lap[t] = lap[t]! / n / (256 * 256);
    noise[t] = ((noise[t]! / n) * NOISE_SCALE) / 256;
  }
  const count = width * height || 1;
  return {
    cols,
    rows,
    laplacianEnergy: lap,
    noiseSigma: noise,
    exposure: { mean: acc[0]! / 256 / count / 255, clippedHighlights: acc[1]! / count, clippedShadows: acc[2]! / count },
  };
}
