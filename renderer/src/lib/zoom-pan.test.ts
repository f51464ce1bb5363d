import { describe, expect, it } from 'vitest';
import { FIT, pan, place, toggleZoom } from './zoom-pan';

describe('zoom and pan', () => {
  it('fits the image to the frame, centred', () => {
    expect(place(FIT, 4000, 2000, 1000, 1000)).toEqual({ scale: 0.25, left: 0, top: 250, width: 1000, height: 500 });
    expect(place(FIT, 400, 200, 1000, 1000).scale).toBe(2.5);
  });

  it('shows 100% around the chosen point, kept inside the image', () => {
    const v = toggleZoom(FIT, { fx: 0.25, fy: 0.5 });
    expect(v.zoom).toBe('actual');
    const p = place(v, 4000, 2000, 1000, 1000);
    expect(p.scale).toBe(1);
    expect(p.left).toBe(500 - 1000);
    const corner = place({ zoom: 'actual', cx: 0, cy: 0 }, 4000, 2000, 1000, 1000);
    expect([corner.left, corner.top]).toEqual([0, 0]);
    expect(toggleZoom(v).zoom).toBe('fit');
  });

  it('pans by the pointer movement and never past the edges', () => {
    const v = { zoom: 'actual' as const, cx: 0.5, cy: 0.5 };
    const moved = pan(v, -400, 0, 4000, 2000, 1000, 1000);
    expect(moved.cx).toBeCloseTo(0.6);
    const far = pan(v, -100_000, 0, 4000, 2000, 1000, 1000);
    expect(far.cx).toBeCloseTo(1 - 500 / 4000);
    expect(pan(FIT, 50, 50, 4000, 2000, 1000, 1000)).toBe(FIT);
  });
});
