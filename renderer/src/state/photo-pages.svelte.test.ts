import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { GridPhoto, PhotoPage } from '../../../electron/shared/api-contract';
import { PhotoPages, type PageSource } from './photo-pages.svelte';

function photo(id: number): GridPhoto {
  return { id, name: `${id}.jpg`, quality: id, sharpness: null, takenAt: null, camera: null, rating: 0, pick: 0, colorLabel: null, problems: 0, hasThumbnail: true };
}

/** An in-memory library answering like the host, recording what was asked. */
function library(size: number, delayMs = 0): PageSource & { asked: number[] } {
  const rows = Array.from({ length: size }, (_, i) => photo(i + 1));
  const asked: number[] = [];
  const wait = () => new Promise((r) => setTimeout(r, delayMs));
  return {
    asked,
    async page(offset, limit): Promise<PhotoPage> {
      asked.push(offset);
      await wait();
      return { offset, rows: rows.slice(offset, offset + limit) };
    },
    async count() {
      await wait();
      return size;
    },
  };
}

describe('photo pages', () => {
  it('fetches only the pages in view and knows the total', async () => {
    const src = library(100_000);
    const pages = new PhotoPages(src, 100);
    await pages.reset(src);
    expect(pages.total).toBe(100_000);
    await pages.ensure(50_020, 50_180);
    expect(src.asked.sort((a, b) => a - b)).toEqual([0, 50_000, 50_100]);
    expect(pages.get(50_150)!.id).toBe(50_151);
    expect(pages.get(70_000)).toBeUndefined();
  });

  it('drops answers for a query that has been replaced', async () => {
    const slow = library(500, 30);
    const fast = library(7);
    const pages = new PhotoPages(slow, 100);
    const first = pages.reset(slow);
    await pages.reset(fast);
    await first;
    expect(pages.total).toBe(7);
    expect(pages.get(0)!.id).toBe(1);
    expect(pages.get(50)).toBeUndefined();
  });

  it('patches decisions into loaded rows without refetching', async () => {
    const src = library(10);
    const pages = new PhotoPages(src, 100);
    await pages.reset(src);
    const before = src.asked.length;
    expect(pages.patch([{ photoId: 3, rating: 4, pick: 1, colorLabel: 'Red' }])).toBe(true);
    expect(pages.get(2)).toMatchObject({ id: 3, rating: 4, pick: 1, colorLabel: 'Red' });
    expect(pages.patch([{ photoId: 999, rating: 1, pick: 0, colorLabel: null }])).toBe(false);
    expect(src.asked.length).toBe(before);
  });

  it('finds a loaded photo by id', async () => {
    const src = library(1000);
    const pages = new PhotoPages(src, 100);
    await pages.reset(src);
    await pages.ensure(500, 520);
    expect(pages.indexOf(512)).toBe(511);
    expect(pages.indexOf(3)).toBe(2);
    expect(pages.indexOf(900)).toBeNull();
  });

  it('keeps a bounded number of pages however far the user scrolls', async () => {
    const src = library(100_000);
    const pages = new PhotoPages(src, 100, 8);
    await pages.reset(src);
    for (let i = 0; i < 50_000; i += 1000) await pages.ensure(i, i + 100);
    let loaded = 0;
    for (let p = 0; p < 1000; p++) if (pages.get(p * 100)) loaded++;
    expect(loaded).toBeLessThanOrEqual(8);
  });

  it('repaints what reads a page when it arrives or is patched, with no redraw counter', async () => {
    const src = library(1000);
    const pages = new PhotoPages(src, 100);
    const seen: (string | undefined)[] = [];
    const stop = $effect.root(() => {
      $effect(() => {
        const p = pages.get(450);
        seen.push(p ? `${p.id}:${p.rating}` : undefined);
      });
    });
    flushSync();
    await pages.reset(src);
    flushSync();
    await pages.ensure(400, 500);
    flushSync();
    pages.patch([{ photoId: 451, rating: 5, pick: 0, colorLabel: null }]);
    flushSync();
    stop();
    expect(seen[0]).toBeUndefined();
    expect(seen.filter(Boolean)).toEqual(['451:0', '451:5']);
    expect(pages.total).toBe(1000);
  });
});
