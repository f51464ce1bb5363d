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

  it('shows 100% as one image pixel per device pixel on a HiDPI screen', () => {
    const p = place({ zoom: 'actual', cx: 0.5, cy: 0.5 }, 4000, 2000, 1000, 1000, { dpr: 2 });
    expect(p.width).toBe(2000);
    // A 2,560 px preview of a 6,000 px original: 100% is the original's pixels.
    expect(place({ zoom: 'actual', cx: 0.5, cy: 0.5 }, 2560, 1707, 1000, 1000, { dpr: 2, originalLongSide: 6000 }).width).toBeCloseTo(3000);
  });

  it('does not enlarge a small image past 100% to fit', () => {
    const small = place(FIT, 400, 200, 1000, 1000, { dpr: 1, originalLongSide: 400 });
    expect([small.width, small.height, small.left, small.top]).toEqual([400, 200, 300, 400]);
    expect(place(FIT, 400, 200, 1000, 1000, { dpr: 2, originalLongSide: 400 }).width).toBe(200);
    // A large original still fits the frame.
    expect(place(FIT, 2560, 1280, 1000, 1000, { originalLongSide: 6000 }).width).toBe(1000);
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
