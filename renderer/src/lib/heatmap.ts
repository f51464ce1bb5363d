import type { SpatialMap } from '../../../electron/shared/api-contract';

export interface HeatmapImage {
  readonly width: number;
  readonly height: number;
  /** RGBA, row-major, ready for ImageData. */
  readonly pixels: Uint8ClampedArray;
  /** The scores the colour ends stand for, for the legend. */
  readonly low: number;
  readonly high: number;
}

/** Red (soft, poor) through amber to green (crisp, good): the reading every photographer expects. */
export function heatColour(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t));
  if (x < 0.5) return [220, Math.round(40 + 360 * x), 40];
  return [Math.round(220 - 380 * (x - 0.5)), 220, Math.round(40 + 60 * (x - 0.5))];
}

/**
 * Colours each cell of the model's quality map. The scale spans at least `minSpan` score points
 * around the map's own range: a photo that is uniformly fine stays one colour instead of having
 * noise stretched into false alarms, while real differences within a photo stand out. Cells the
 * model gave little pooling weight are drawn fainter, since they counted little in the score.
 */
export function heatmapImage(map: SpatialMap, minSpan = 10): HeatmapImage {
  let lo = Infinity;
  let hi = -Infinity;
  for (const q of map.quality) {
    if (q < lo) lo = q;
    if (q > hi) hi = q;
  }
  if (!Number.isFinite(lo)) lo = hi = 0;
  if (hi - lo < minSpan) {
    const mid = (hi + lo) / 2;
    lo = mid - minSpan / 2;
    hi = mid + minSpan / 2;
  }
  const pixels = new Uint8ClampedArray(map.width * map.height * 4);
  for (let i = 0; i < map.quality.length; i++) {
    const [r, g, b] = heatColour((map.quality[i]! - lo) / (hi - lo));
    pixels[i * 4] = r;
    pixels[i * 4 + 1] = g;
    pixels[i * 4 + 2] = b;
    pixels[i * 4 + 3] = Math.round(255 * (0.45 + 0.55 * Math.min(1, Math.max(0, map.weight[i] ?? 1))));
  }
  return { width: map.width, height: map.height, pixels, low: lo, high: hi };
}
