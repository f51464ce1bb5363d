/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { QualityModel } from '../../electron/core/inference/quality-model.js';
import { scanLibrary } from '../../electron/core/pipeline/scan-library.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';

/**
 * 24-megapixel JPEGs (6000 x 4000, enlarged from real photos) scanned into the bench library as
 * a folder of their own: the loupe's previews are rendered from them the first time each is shown.
 */
export async function addLargePhotos(dbPath: string, dir: string, sources: readonly string[], modelPath: string): Promise<number> {
  fs.mkdirSync(dir, { recursive: true });
  for (const [i, src] of sources.entries()) {
    await sharp(src).resize(6000, 4000, { fit: 'fill' }).jpeg({ quality: 92 }).toFile(path.join(dir, `LARGE_${String(i).padStart(3, '0')}.jpg`));
  }
  const store = LibraryStore.open(dbPath);
  const model = await QualityModel.load(modelPath, { intraOpThreads: 1 });
  try {
    const report = await scanLibrary(store, model, dir, { thumbnailsDir: path.join(path.dirname(dbPath), 'thumbnails') });
    return report.root.id;
  } finally {
    await model.close();
    store.close();
  }
}

export interface LoupeTiming {
  readonly steps: number;
  /** Time spent on each photo before the next key, as a photographer looks before deciding. */
  readonly dwellMs: number;
  /**
   * Key to something painted (the thumbnail or the preview), p95 and worst: the paint time the
   * browser reports for the image (Element Timing), not the moment the page's state says it.
   */
  readonly visibleP95Ms: number;
  readonly visibleMaxMs: number;
  /** Key to the full preview painted, p95, for photos never shown before. */
  readonly previewP95Ms: number;
  /** The same two from the page's state (data-shown), sampled each animation frame. */
  readonly stateVisibleP95Ms: number;
  readonly statePreviewP95Ms: number;
  /** Frames after the key with nothing shown (never more than the one that swaps the photo). */
  readonly emptyFramesMax: number;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))] ?? NaN) * 10) / 10;
}

/** Walks the loupe through the large photos with the arrow key, timing what each key shows. */
export async function timeLoupe(page: Page, rootId: number, dwellMs: number): Promise<LoupeTiming> {
  await page.selectOption('[data-testid=folder-filter]', `${rootId}|`);
  // Until the filtered page arrives the grid still shows the whole library (and its count): wait
  // for the large photos alone (all on screen), or the walk would go through the library's
  // synthetic photos, whose originals do not exist.
  await page.waitForFunction(() => {
    const names = [...document.querySelectorAll('[data-testid=grid] .tile .name')].map((n) => n.textContent ?? '');
    const shown = Number(document.querySelector('[data-testid=shown-count]')?.textContent?.replace(/,/g, ''));
    return names.length > 0 && names.every((n) => n.startsWith('LARGE_')) && shown === names.length && document.querySelector('[data-testid=grid] .tile img') !== null;
  });
  const count = Number((await page.textContent('[data-testid=shown-count]'))?.replace(/,/g, ''));
  // The loupe's images carry elementtiming attributes: the browser reports when each is painted.
  await page.evaluate(() => {
    const w = window as unknown as { __paints: { id: string; t: number; url: string }[] };
    w.__paints = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { identifier: string; renderTime: number; loadTime: number; url: string }[]) {
        w.__paints.push({ id: e.identifier, t: e.renderTime || e.loadTime, url: e.url });
      }
    }).observe({ type: 'element', buffered: true });
  });
  await page.click('[data-testid=grid] .tile[data-index="0"]');
  await page.keyboard.press('e');
  await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=zoomable]')?.dataset.shown === 'rendition', undefined, { timeout: 30_000 });
  const visible: number[] = [];
  const preview: number[] = [];
  const stateVisible: number[] = [];
  const statePreview: number[] = [];
  let emptyFramesMax = 0;
  for (let step = 1; step < count; step++) {
    await page.waitForTimeout(dwellMs);
    const t = await page.evaluate(async () => {
      const shown = () => document.querySelector<HTMLElement>('[data-testid=zoomable]')?.dataset.shown ?? 'none';
      const photo = () => document.querySelector<HTMLElement>('[data-testid=loupe]')?.dataset.photoId;
      const paints = (window as unknown as { __paints: { id: string; t: number; url: string }[] }).__paints;
      const before = photo();
      const t0 = performance.now();
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      let visibleMs: number | null = null;
      let previewMs: number | null = null;
      let empty = 0;
      while (performance.now() - t0 < 15_000) {
        await new Promise((r) => requestAnimationFrame(r));
        if (photo() === before) continue;
        const s = shown();
        if (s === 'rendition' || s === 'thumbnail') visibleMs ??= performance.now() - t0;
        else empty++;
        if (s === 'rendition') {
          previewMs = performance.now() - t0;
          break;
        }
      }
      // The paints of this photo's images, as the browser reports them (a frame or two later).
      const mine = `/media/${photo()}/`;
      const painted = (id: string) => paints.find((p) => p.t >= t0 && p.id === id && p.url.includes(mine))?.t;
      while (performance.now() - t0 < 15_000 && painted('rendition') === undefined) await new Promise((r) => setTimeout(r, 10));
      const rendition = painted('rendition');
      const standIn = painted('stand-in');
      const first = Math.min(rendition ?? Infinity, standIn ?? Infinity);
      return {
        visibleMs: first - t0,
        previewMs: (rendition ?? Infinity) - t0,
        stateVisibleMs: visibleMs ?? Infinity,
        statePreviewMs: previewMs ?? Infinity,
        empty,
      };
    });
    visible.push(t.visibleMs);
    preview.push(t.previewMs);
    stateVisible.push(t.stateVisibleMs);
    statePreview.push(t.statePreviewMs);
    emptyFramesMax = Math.max(emptyFramesMax, t.empty);
  }
  await page.keyboard.press('g');
  await page.selectOption('[data-testid=folder-filter]', '');
  const ms = (values: number[]) => values.map((v) => Math.round(v));
  console.error(`[ui-bench] loupe, each key: ${JSON.stringify({ paintedVisible: ms(visible), paintedPreview: ms(preview), stateVisible: ms(stateVisible), statePreview: ms(statePreview) })}`);
  return {
    steps: visible.length,
    dwellMs,
    visibleP95Ms: p95(visible),
    visibleMaxMs: Math.round(Math.max(...visible) * 10) / 10,
    previewP95Ms: p95(preview),
    stateVisibleP95Ms: p95(stateVisible),
    statePreviewP95Ms: p95(statePreview),
    emptyFramesMax,
  };
}
