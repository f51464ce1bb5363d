import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WINDOW_SIZING } from '../../electron/main/window-options.js';
import { parseWindowState, placeWindow, type Rect } from '../../electron/main/window-state.js';
import { readWindowState, writeWindowState } from '../../electron/main/window-state-file.js';
import { tempDir } from '../helpers/paths.js';

const laptop: Rect = { x: 0, y: 0, width: 1920, height: 1050 };
const rightMonitor: Rect = { x: 1920, y: 0, width: 2560, height: 1410 };

describe('saved window state', () => {
  it('is accepted only with whole, sane numbers and a maximised flag', () => {
    expect(parseWindowState({ bounds: { x: 10, y: -20, width: 1200, height: 800 }, maximized: true })).toEqual({ bounds: { x: 10, y: -20, width: 1200, height: 800 }, maximized: true });
    for (const raw of [
      null,
      'x',
      [],
      {},
      { bounds: { x: 0, y: 0, width: 100, height: 100 } },
      { bounds: { x: 0, y: 0, width: 0, height: 100 }, maximized: false },
      { bounds: { x: 0, y: 0, width: -5, height: 100 }, maximized: false },
      { bounds: { x: 0.5, y: 0, width: 100, height: 100 }, maximized: false },
      { bounds: { x: '0', y: 0, width: 100, height: 100 }, maximized: false },
      { bounds: { x: 1e9, y: 0, width: 100, height: 100 }, maximized: false },
      { bounds: { x: 0, y: 0, width: Number.NaN, height: 100 }, maximized: false },
      { bounds: { x: 0, y: 0, width: 100, height: 100 }, maximized: 'yes' },
    ]) {
      expect(parseWindowState(raw), JSON.stringify(raw)).toBeNull();
    }
  });
});

describe('placing the window', () => {
  it('centres the default size on the primary display when nothing is saved', () => {
    expect(placeWindow(null, [laptop], WINDOW_SIZING)).toEqual({ bounds: { x: 260, y: 75, width: 1400, height: 900 }, maximized: false });
  });

  it('keeps saved bounds that are on a display, including a secondary one', () => {
    const saved = { bounds: { x: 2100, y: 100, width: 1600, height: 1000 }, maximized: false };
    expect(placeWindow(saved, [laptop, rightMonitor], WINDOW_SIZING)).toEqual(saved);
  });

  it('recentres a window left on a monitor that is gone, keeping the maximised flag', () => {
    const saved = { bounds: { x: 2100, y: 100, width: 1600, height: 1000 }, maximized: true };
    expect(placeWindow(saved, [laptop], WINDOW_SIZING)).toEqual({ bounds: { x: 260, y: 75, width: 1400, height: 900 }, maximized: true });
  });

  it('recentres a window that only shows a sliver', () => {
    const saved = { bounds: { x: 1880, y: 1000, width: 800, height: 600 }, maximized: false };
    expect(placeWindow(saved, [laptop], WINDOW_SIZING).bounds).toEqual({ x: 260, y: 75, width: 1400, height: 900 });
  });

  it('shrinks a window larger than its display and pulls it fully on screen', () => {
    const saved = { bounds: { x: -100, y: -50, width: 3000, height: 2000 }, maximized: false };
    expect(placeWindow(saved, [laptop], WINDOW_SIZING).bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1050 });
  });

  it('never goes below the minimum size unless the display itself is smaller', () => {
    const saved = { bounds: { x: 10, y: 10, width: 200, height: 100 }, maximized: false };
    expect(placeWindow(saved, [laptop], WINDOW_SIZING).bounds).toMatchObject({ width: 800, height: 500 });
    const tiny: Rect = { x: 0, y: 0, width: 640, height: 480 };
    expect(placeWindow(null, [tiny], WINDOW_SIZING).bounds).toEqual({ x: 0, y: 0, width: 640, height: 480 });
  });
});

describe('the window state file', () => {
  const dir = tempDir('winnow-window-state-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('round-trips, and a missing or damaged file reads as nothing saved', () => {
    const file = path.join(dir, 'nested', 'window-state.json');
    expect(readWindowState(file)).toBeNull();
    const state = { bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true };
    writeWindowState(file, state);
    expect(readWindowState(file)).toEqual(state);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['window-state.json']);
    fs.writeFileSync(file, '{"bounds": {"x": 1');
    expect(readWindowState(file)).toBeNull();
    fs.writeFileSync(file, JSON.stringify({ bounds: { x: 'a' }, maximized: true }));
    expect(readWindowState(file)).toBeNull();
  });
});
