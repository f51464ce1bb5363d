import { describe, expect, it } from 'vitest';
import { heatColour, heatmapImage } from './heatmap';

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
    expect([img.low, img.high]).toEqual([20, 80]);
  });

  it('does not stretch noise in a uniform map into false alarms', () => {
    const img = heatmapImage({ width: 2, height: 1, quality: [50.4, 50.6], weight: [1, 1] });
    expect(img.high - img.low).toBeGreaterThanOrEqual(10);
    expect(Math.abs(img.pixels[0]! - img.pixels[4]!)).toBeLessThan(10);
  });
});
