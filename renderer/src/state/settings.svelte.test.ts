import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, Settings } from './settings.svelte';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('settings', () => {
  it('starts with auto-advance on, and remembers a change', () => {
    const storage = memoryStorage();
    const s = new Settings(storage);
    expect(s.autoAdvance).toBe(true);
    s.setAutoAdvance(false);
    s.setTileSize(260);
    const again = new Settings(storage);
    expect(again.autoAdvance).toBe(false);
    expect(again.tileSize).toBe(260);
  });

  it('falls back to the defaults from a damaged or hostile entry, and bounds the tile size', () => {
    expect(new Settings(memoryStorage({ 'winnow.settings': '{not json' })).autoAdvance).toBe(DEFAULT_SETTINGS.autoAdvance);
    const s = new Settings(memoryStorage({ 'winnow.settings': JSON.stringify({ autoAdvance: 'yes', tileSize: 99999 }) }));
    expect(s.autoAdvance).toBe(true);
    expect(s.tileSize).toBe(360);
  });
});
