import { describe, expect, it } from 'vitest';
import { commandFor, KEY_HELP } from './keymap';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) =>
  commandFor({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('keymap', () => {
  it("maps Lightroom's culling keys", () => {
    expect(key('p')).toEqual({ kind: 'pick' });
    expect(key('X')).toEqual({ kind: 'reject' });
    expect(key('u')).toEqual({ kind: 'unflag' });
    expect(key('0')).toEqual({ kind: 'rate', stars: 0 });
    expect(key('5')).toEqual({ kind: 'rate', stars: 5 });
    expect(key('6')).toEqual({ kind: 'label', label: 'Red' });
    expect(key('9')).toEqual({ kind: 'label', label: 'Blue' });
    expect(key('z')).toEqual({ kind: 'zoom' });
    expect(key('c')).toEqual({ kind: 'compare' });
    expect(key('h')).toEqual({ kind: 'heatmap' });
    expect(key('?')).toEqual({ kind: 'help' });
    expect(key('ArrowLeft')).toEqual({ kind: 'move', direction: 'left', extend: false });
    expect(key('ArrowDown', { shiftKey: true })).toEqual({ kind: 'move', direction: 'down', extend: true });
  });

  it('undoes with Ctrl or Cmd+Z and redoes with Shift, never treating them as plain keys', () => {
    expect(key('z', { ctrlKey: true })).toEqual({ kind: 'undo' });
    expect(key('z', { metaKey: true })).toEqual({ kind: 'undo' });
    expect(key('Z', { metaKey: true, shiftKey: true })).toEqual({ kind: 'redo' });
    expect(key('y', { ctrlKey: true })).toEqual({ kind: 'redo' });
    expect(key('p', { ctrlKey: true })).toBeNull();
    expect(key('p', { altKey: true })).toBeNull();
    expect(key('q')).toBeNull();
  });

  it('selects all, escapes, hides panels, goes full screen and works stacks', () => {
    expect(key('a', { ctrlKey: true })).toEqual({ kind: 'selectAll' });
    expect(key('a', { metaKey: true })).toEqual({ kind: 'selectAll' });
    expect(key('Escape')).toEqual({ kind: 'escape' });
    expect(key('Tab')).toEqual({ kind: 'panels' });
    expect(key('Tab', { shiftKey: true })).toBeNull();
    expect(key('f')).toEqual({ kind: 'fullscreen' });
    expect(key('s')).toEqual({ kind: 'stack' });
    expect(key('b')).toEqual({ kind: 'keepBest' });
  });

  it('documents every culling key in the help table', () => {
    const keys = KEY_HELP.map(([k]) => k).join(' ');
    for (const k of ['P', 'X', 'U', '0 – 5', '6 7 8 9', 'Z', 'C', 'H', 'Ctrl/⌘ Z', '?', 'Ctrl/⌘ A', 'F', 'Tab', 'S', 'B']) expect(keys).toContain(k);
  });
});
