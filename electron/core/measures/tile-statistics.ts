/**
 * Per-tile statistics of the two classic no-reference measures, computed in one pass over the
 * luma plane:
 * - Laplacian energy (mean squared 4-neighbour Laplacian), the usual focus measure;
 * - Immerkaer's fast noise estimate (mean absolute response to the difference-of-Laplacians mask
 *   [1 -2 1; -2 4 -2; 1 -2 1], times sqrt(pi/2)/6), which cancels edges and smooth gradients so
 *   that, in flat tiles, what remains is noise.
 * This runs on every photo at 1,536 px, so the loop is tile by tile with local accumulators:
 * per-pixel tile lookups and typed-array read-modify-writes cost more than the arithmetic.
 */
export interface TileStats {
  readonly cols: number;
  readonly rows: number;
  /** Mean squared Laplacian per tile. */
  readonly laplacianEnergy: Float64Array;
  /** Noise sigma estimate per tile, grey levels. */
  readonly noiseSigma: Float64Array;
}

export function tileStatistics(luma: Float32Array, width: number, height: number, tile: number): TileStats {
  const cols = Math.max(1, Math.floor(width / tile));
  const rows = Math.max(1, Math.floor(height / tile));
  const tw = Math.floor(width / cols);
  const th = Math.floor(height / rows);
  const lap = new Float64Array(cols * rows);
  const noise = new Float64Array(cols * rows);
  const noiseScale = Math.sqrt(Math.PI / 2) / 6;

  for (let ty = 0; ty < rows; ty++) {
    // The last row and column of tiles take the remainder; the image border has no neighbours.
    const y0 = Math.max(1, ty * th);
    const y1 = ty === rows - 1 ? height - 1 : (ty + 1) * th;
    for (let tx = 0; tx < cols; tx++) {
      const x0 = Math.max(1, tx * tw);
      const x1 = tx === cols - 1 ? width - 1 : (tx + 1) * tw;
      let lapSum = 0;
      let noiseSum = 0;
      for (let y = y0; y < y1; y++) {
        let up = (y - 1) * width + x0;
        let mid = y * width + x0;
        let down = (y + 1) * width + x0;
        for (let x = x0; x < x1; x++, up++, mid++, down++) {
          const c = luma[mid]!;
          const cross = luma[up]! + luma[down]! + luma[mid - 1]! + luma[mid + 1]!;
          const diag = luma[up - 1]! + luma[up + 1]! + luma[down - 1]! + luma[down + 1]!;
          const l = cross - 4 * c;
          const m = diag - 2 * cross + 4 * c;
          lapSum += l * l;
          noiseSum += m < 0 ? -m : m;
        }
      }
      const n = Math.max(1, (y1 - y0) * (x1 - x0));
      const t = ty * cols + tx;
      lap[t] = lapSum / n;
      noise[t] = (noiseSum / n) * noiseScale;
    }
  }
  return { cols, rows, laplacianEnergy: lap, noiseSigma: noise };
}
