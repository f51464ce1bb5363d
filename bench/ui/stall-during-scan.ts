/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Browser } from 'playwright-core';
import type { BrowserHost } from '../../electron/host/browser-host.js';

export interface StallFigures {
  /** The host process's longest event-loop stall while the page paged the library, ms. */
  readonly maxMs: number;
  readonly p99Ms: number;
  /** API calls the page completed meanwhile, and the photos the scan scored. */
  readonly requests: number;
  readonly photosScored: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a scan of `folder` through the host, and once it is scoring, has the page page through
 * the library for `ms` (deep pages in every sort, counts, histograms, facets, as scrolling and
 * filtering do) while the host's event loop is watched. The host serves from this process, so
 * its stalls are this process's.
 */
export async function stallWhilePagingDuringScan(browser: Browser, host: BrowserHost, folder: string, total: number, ms: number): Promise<StallFigures> {
  const page = await browser.newPage();
  try {
    // tsx compiles the function passed to evaluate with esbuild's name-keeping helper: supply it.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.goto(host.url);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=grid] .tile').length > 10, undefined, { timeout: 30_000 });
    await host.service.addRoot(folder);
    for (let i = 0; i < 600 && (await host.service.scanStatus()).progress?.phase !== 'scoring'; i++) await sleep(50);
    const scoredBefore = (await host.service.scanStatus()).progress?.done ?? 0;
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const requests = await page.evaluate(
      async ([n, duration, token]) => {
        const call = async (method: string, ...args: unknown[]) => {
          const res = await fetch(`/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Winnow-Token': token }, body: JSON.stringify({ args }) });
          if (!res.ok) throw new Error(`${method}: ${res.status}`);
        };
        const sorts = ['quality', 'name', 'date', 'sharpness', 'camera'];
        const end = performance.now() + duration;
        let count = 0;
        for (let i = 0; performance.now() < end; i++) {
          const sort = sorts[i % sorts.length]!;
          const offset = Math.floor(Math.random() * (n - 200));
          await call('queryPhotos', { sort, order: i % 2 ? 'asc' : 'desc', offset, limit: 200 });
          await call('photoPosition', { sort, order: 'desc' }, 1 + Math.floor(Math.random() * n));
          await call('countPhotos', { minRating: i % 3 });
          await call('qualityHistogram', { minRating: i % 3, pick: i % 2 ? 'kept' : 'any' });
          await call('facets');
          count += 5;
        }
        return count;
      },
      [total, ms, host.token] as const,
    );
    delay.disable();
    const status = await host.service.scanStatus();
    await host.service.cancelScan();
    for (let i = 0; i < 600 && (await host.service.scanStatus()).state !== 'idle'; i++) await sleep(50);
    return {
      maxMs: Math.round(delay.max / 1e5) / 10,
      p99Ms: Math.round(delay.percentile(99) / 1e5) / 10,
      requests,
      photosScored: (status.progress?.done ?? scoredBefore) - scoredBefore,
    };
  } finally {
    await page.close();
  }
}

/** A folder of real photos for a scan to score during the measurement. */
export function scanFolder(dir: string, photos: readonly string[]): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const p of photos) fs.copyFileSync(p, path.join(dir, path.basename(p)));
  return dir;
}
