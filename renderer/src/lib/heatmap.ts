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

/**
 * The quality map's one colour scale, in the score's own units (0-100, calibrated to how people
 * rate photos): the same colour means the same local quality in every photo, so a sharp frame and
 * a blurred frame of one burst look different. Below `low` everything is as red as it gets, above
 * `high` as green: the ends are where photographers' opinions mostly lie (CLIVE's MOS spans about
 * 20 to 80 for all but a few photos).
 */
export const HEAT_SCALE = { low: 20, high: 80 } as const;

/** Red (soft, poor) through amber to green (crisp, good): the reading every photographer expects. */
export function heatColour(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t));
  if (x < 0.5) return [220, Math.round(40 + 360 * x), 40];
  return [Math.round(220 - 380 * (x - 0.5)), 220, Math.round(40 + 60 * (x - 0.5))];
}

/** CSS gradient of the scale, for legends. */
export function heatGradient(stops = 6): string {
  const parts = [];
  for (let i = 0; i <= stops; i++) {
    const [r, g, b] = heatColour(i / stops);
    parts.push(`rgb(${r}, ${g}, ${b}) ${Math.round((100 * i) / stops)}%`);
  }
  return `linear-gradient(to right, ${parts.join(', ')})`;
}

/**
 * Colours each cell of the model's quality map on the fixed scale. Cells the model gave little
 * pooling weight are drawn fainter, since they counted little in the score.
 */
export function heatmapImage(map: SpatialMap, scale: { low: number; high: number } = HEAT_SCALE): HeatmapImage {
  const { low, high } = scale;
  const pixels = new Uint8ClampedArray(map.width * map.height * 4);
  for (let i = 0; i < map.quality.length; i++) {
    const [r, g, b] = heatColour((map.quality[i]! - low) / (high - low));
    pixels[i * 4] = r;
    pixels[i * 4 + 1] = g;
    pixels[i * 4 + 2] = b;
    pixels[i * 4 + 3] = Math.round(255 * (0.45 + 0.55 * Math.min(1, Math.max(0, map.weight[i] ?? 1))));
  }
  return { width: map.width, height: map.height, pixels, low, high };
}
