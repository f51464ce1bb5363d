import type { RgbImage } from '../decode/decode-photo.js';
import type { ExposureMeasure } from './exposure.js';
import { lumaAndExposure } from './luminance.js';
import { tileStatistics } from './tile-statistics.js';

/**
 * Softness only shows at a size where detail survives, so the classic measures run on the
 * analysis decode (long side about 1,500 px), never on the model's small input. Photos are brought
 * to that one scale first, which is what makes their sharpness comparable across sizes.
 */
export const ANALYSIS_LONG_SIDE = 1536;
const TILE = 128;

export interface ClassicMeasures extends ExposureMeasure {
  /**
   * RMS Laplacian of the sharpest tenth of the tiles (at least one): a photo with a sharp subject on
   * a soft background counts as sharp, which is what a photographer means.
   */
  readonly sharpness: number;
  /** Noise sigma in grey levels, from the flattest fifth of the tiles where texture cannot pass for noise. */
  readonly noise: number;
}

function meanOfTop(values: Float64Array, fraction: number, largest: boolean): number {
  const sorted = Array.from(values).sort((a, b) => (largest ? b - a : a - b));
  const k = Math.max(1, Math.round(sorted.length * fraction));
  let sum = 0;
  for (let i = 0; i < k; i++) sum += sorted[i]!;
  return sum / k;
}

export function classicMeasures(image: RgbImage): ClassicMeasures {
  const { luma, exposure } = lumaAndExposure(image);
  const tiles = tileStatistics(luma, image.width, image.height, TILE);
  return {
    ...exposure,
    sharpness: Math.sqrt(meanOfTop(tiles.laplacianEnergy, 0.1, true)),
    noise: meanOfTop(tiles.noiseSigma, 0.2, false),
  };
}
