/**
 * Per-tile statistics of the two classic no-reference measures, computed in one pass over the
 * luma plane:
 * - Laplacian energy (mean squared 4-neighbour Laplacian), the usual focus measure;
 * - Immerkaer's fast noise estimate (mean absolute response to the difference-of-Laplacians mask
 *   [1 -2 1; -2 4 -2; 1 -2 1], times sqrt(pi/2)/6), which cancels edges and smooth gradients so
 *   that, in flat tiles, what remains is noise.
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
  const count = new Float64Array(cols * rows);
  const noiseScale = Math.sqrt(Math.PI / 2) / 6;

  for (let y = 1; y < height - 1; y++) {
    const ty = Math.min(rows - 1, Math.floor(y / th));
    const up = (y - 1) * width;
    const mid = y * width;
    const down = (y + 1) * width;
    for (let x = 1; x < width - 1; x++) {
      const t = ty * cols + Math.min(cols - 1, Math.floor(x / tw));
      const c = luma[mid + x]!;
      const n = luma[up + x]!;
      const s = luma[down + x]!;
      const w = luma[mid + x - 1]!;
      const e = luma[mid + x + 1]!;
      const l = n + s + w + e - 4 * c;
      const diag = luma[up + x - 1]! + luma[up + x + 1]! + luma[down + x - 1]! + luma[down + x + 1]!;
      const m = diag - 2 * (n + s + w + e) + 4 * c;
      lap[t]! += l * l;
      noise[t]! += Math.abs(m);
      count[t]!++;
    }
  }
  for (let t = 0; t < lap.length; t++) {
    const k = count[t]! || 1;
    lap[t] = lap[t]! / k;
    noise[t] = (noise[t]! / k) * noiseScale;
  }
  return { cols, rows, laplacianEnergy: lap, noiseSigma: noise };
}
