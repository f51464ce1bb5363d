import { describe, expect, it } from 'vitest';
import { gridPhoto } from '../test-support/photos';
import { SelectionState } from './selection.svelte';

const rows = { get: (i: number) => (i >= 0 && i < 100 ? gridPhoto(i + 1) : undefined) };

describe('selection state', () => {
  it('follows the cursor, and Shift extends from the anchor', () => {
    const s = new SelectionState();
    s.moveTo(3, false, rows);
    expect([...s.selected]).toEqual([4]);
    s.moveTo(6, true, rows);
    expect(s.cursor).toBe(6);
    expect([...s.selected].sort((a, b) => a - b)).toEqual([4, 5, 6, 7]);
    s.moveTo(2, true, rows);
    expect([...s.selected].sort((a, b) => a - b)).toEqual([3, 4]);
  });

  it('toggles one photo with Ctrl, selects all, and Esc keeps only the cursor', () => {
    const s = new SelectionState();
    s.moveTo(0, false, rows);
    s.toggle(5, rows);
    expect([...s.selected].sort((a, b) => a - b)).toEqual([1, 6]);
    s.toggle(5, rows);
    expect([...s.selected]).toEqual([1]);
    s.selectAll([1, 2, 3, 4]);
    expect(s.selected.size).toBe(4);
    s.clear(rows);
    expect([...s.selected]).toEqual([6]);
  });
});
