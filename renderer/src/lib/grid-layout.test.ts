import { describe, expect, it } from 'vitest';
import { gridGeometry, moveIndex, scrollToReveal, visibleRange } from './grid-layout';

describe('grid layout', () => {
  it('fits whole columns of about the target size', () => {
    const g = gridGeometry(1166, 196, 6);
    expect(g.columns).toBe(5);
    expect(g.columns * (g.tileWidth + g.gap) + g.gap).toBeLessThanOrEqual(1166);
    expect(gridGeometry(100).columns).toBe(1);
  });

  it('renders only the rows in view plus overscan, even for 100,000 photos', () => {
    const g = { columns: 5, tileWidth: 190, rowHeight: 226, gap: 6 };
    const r = visibleRange(226 * 1000, 900, g, 100_000, 2);
    expect(r.first).toBe((1000 - 2) * 5);
    expect(r.end - r.first).toBeLessThanOrEqual((Math.ceil(900 / 226) + 5) * 5);
    expect(r.totalHeight).toBe(20_000 * 226 + 6);
    expect(visibleRange(0, 900, g, 3).end).toBe(3);
  });

  it('scrolls just enough to reveal the cursor', () => {
    const g = { columns: 4, tileWidth: 100, rowHeight: 130, gap: 6 };
    expect(scrollToReveal(0, 0, 500, g)).toBeNull();
    expect(scrollToReveal(40, 0, 500, g)).toBe(10 * 130 + 136 - 500);
    expect(scrollToReveal(0, 300, 500, g)).toBe(0);
  });

  it('moves by tiles and rows and stops at the ends', () => {
    expect(moveIndex(5, 'right', 4, 10)).toBe(6);
    expect(moveIndex(5, 'down', 4, 10)).toBe(9);
    expect(moveIndex(9, 'down', 4, 10)).toBe(9);
    expect(moveIndex(1, 'up', 4, 10)).toBe(1);
    expect(moveIndex(0, 'left', 4, 10)).toBe(0);
    expect(moveIndex(3, 'end', 4, 10)).toBe(9);
    expect(moveIndex(7, 'home', 4, 10)).toBe(0);
    expect(moveIndex(0, 'pageDown', 4, 100, 3)).toBe(12);
  });
});
