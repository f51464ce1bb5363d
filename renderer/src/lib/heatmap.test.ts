import { describe, expect, it } from 'vitest';
import { HEAT_SCALE, heatColour, heatGradient, heatmapImage } from './heatmap';

describe('heatmap', () => {
  it('runs from red for poor to green for good', () => {
    const [r0, g0] = heatColour(0);
    const [r1, g1] = heatColour(1);
    expect(r0).toBeGreaterThan(g0);
    expect(g1).toBeGreaterThan(r1);
  });

  it('colours each cell and fades cells that weighed little', () => {
    const img = heatmapImage({ width: 2, height: 1, quality: [20, 80], weight: [1, 0] });
    expect(img.pixels).toHaveLength(8);
    expect(img.pixels[0]!).toBeGreaterThan(img.pixels[1]!); // soft cell: red
    expect(img.pixels[5]!).toBeGreaterThan(img.pixels[4]!); // sharp cell: green
    expect(img.pixels[3]!).toBe(255);
    expect(img.pixels[7]!).toBeLessThan(255);
    expect([img.low, img.high]).toEqual([HEAT_SCALE.low, HEAT_SCALE.high]);
  });

  it('uses one absolute scale: a uniformly sharp and a uniformly soft photo look different', () => {
    const sharp = heatmapImage({ width: 1, height: 1, quality: [75], weight: [1] });
    const soft = heatmapImage({ width: 1, height: 1, quality: [25], weight: [1] });
    expect(sharp.pixels[1]!).toBeGreaterThan(sharp.pixels[0]!);
    expect(soft.pixels[0]!).toBeGreaterThan(soft.pixels[1]!);
    // The same local quality is the same colour in any photo, whatever else the photo holds.
    const mixed = heatmapImage({ width: 2, height: 1, quality: [75, 10], weight: [1, 1] });
    expect(Array.from(mixed.pixels.slice(0, 3))).toEqual(Array.from(sharp.pixels.slice(0, 3)));
  });

  it('gives a legend gradient that starts red and ends green', () => {
    const g = heatGradient();
    expect(g.startsWith('linear-gradient(to right, rgb(220, 40, 40) 0%')).toBe(true);
    expect(g.endsWith('100%)')).toBe(true);
  });
});
