import { describe, expect, it } from 'vitest';
import { brushRange } from './histogram-brush';

describe('histogram brush', () => {
  it('turns a drag into a range, either direction', () => {
    expect(brushRange(40, 70, 0, 100)).toEqual({ min: 40, max: 70 });
    expect(brushRange(70, 40, 0, 100)).toEqual({ min: 40, max: 70 });
  });
  it('leaves an end open when the drag reaches the axis end', () => {
    expect(brushRange(60, 100, 0, 100)).toEqual({ min: 60 });
    expect(brushRange(0, 30, 0, 100)).toEqual({ max: 30 });
  });
  it('clears on a click or a drag over the whole axis', () => {
    expect(brushRange(50, 50.1, 0, 100)).toBeNull();
    expect(brushRange(0, 100, 0, 100)).toBeNull();
  });
});
