import { describe, expect, it } from 'vitest';
import { LruMap } from './lru';

describe('LRU map', () => {
  it('never holds more than its capacity, however many keys pass through', () => {
    const lru = new LruMap<string, number>(8);
    for (let i = 0; i < 10_000; i++) lru.set(`photo-${i}`, i);
    expect(lru.size).toBe(8);
    expect([...lru.keys()]).toEqual(Array.from({ length: 8 }, (_, k) => `photo-${9992 + k}`));
  });

  it('drops the least recently used entry, not the oldest written', () => {
    const lru = new LruMap<number, string>(2);
    lru.set(1, 'a').set(2, 'b');
    expect(lru.get(1)).toBe('a');
    lru.set(3, 'c');
    expect(lru.has(1)).toBe(true);
    expect(lru.has(2)).toBe(false);
    // A peek does not count as a use.
    expect(lru.peek(1)).toBe('a');
    lru.set(4, 'd');
    expect([...lru.keys()]).toEqual([3, 4]);
  });

  it('refuses a capacity below one', () => {
    expect(() => new LruMap(0)).toThrow(RangeError);
  });
});
