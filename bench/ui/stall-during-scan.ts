/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ScanStatus } from '../../electron/shared/api-contract.js';
import type { LoopFigures } from './host-messages.js';
import type { HostProcess } from './host-process.js';

export interface StallFigures extends LoopFigures {
  /** API calls the page completed meanwhile. */
  readonly requests: number;
  /** Photos the scan scored during the measurement, and whether it was scoring from start to end. */
  readonly photosScored: number;
  readonly scoringThroughout: boolean;
  /** From adding the folder to the scan's first scored photo, ms. */
  readonly scoringAfterMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Model load, the walk and the sidecar import come before the first photo is scored. */
const SCORING_WITHIN_MS = 180_000;

const scoring = (s: ScanStatus) => s.state === 'scanning' && s.progress?.phase === 'scoring';

/**
 * Has the host (in a process of its own, as `winnow serve` runs) scan `folder`, and once the scan
 * is scoring, has a page page through the library for `ms` (deep pages in every sort, counts,
 * histograms, facets, as scrolling and filtering do) while the host watches its event loop.
 * Fails rather than report a figure taken while nothing was scored.
 *
 * With WINNOW_BENCH_STALL_PROFILE=<dir>, the host's main-thread CPU profile over the measurement
 * and its stalls over 30 ms (with wall-clock times) are written there, to find what blocks it.
 */
export async function stallWhilePagingDuringScan(browser: Browser, host: HostProcess, folder: string, total: number, ms: number): Promise<StallFigures> {
  return withPage(browser, host, async (page) => {
    const added = performance.now();
    await host.call('addRoot', folder);
    let status = await host.call('scanStatus');
    while (!scoring(status)) {
      if (status.lastError) throw new Error(`the scan of ${folder} failed: ${status.lastError}`);
      if (status.state === 'idle' && performance.now() - added > 5000) throw new Error(`the scan of ${folder} ended before it scored a photo`);
      if (performance.now() - added > SCORING_WITHIN_MS) throw new Error(`the scan of ${folder} scored nothing within ${SCORING_WITHIN_MS / 1000} s`);
      await sleep(50);
      status = await host.call('scanStatus');
    }
    const scoringAfterMs = performance.now() - added;
    const scoredBefore = status.progress!.done;
    const figures = await pageWhileWatching(page, host, total, ms);
    const after = await host.call('scanStatus');
    await host.call('cancelScan');
    for (let i = 0; i < 600 && (await host.call('scanStatus')).state !== 'idle'; i++) await sleep(50);
    return {
      ...figures,
      // A scan that ended meanwhile (it should not: the folder holds enough photos) reports none.
      photosScored: scoring(after) ? after.progress!.done - scoredBefore : 0,
      scoringThroughout: scoring(after),
      scoringAfterMs: Math.round(scoringAfterMs),
    };
  });
}

/**
 * The same paging and watching with no scan at all: what the machine's other work alone does to
 * the host's event loop, so the figure taken during a scan can be read against it.
 */
export async function stallWhilePagingWithoutScan(browser: Browser, host: HostProcess, total: number, ms: number): Promise<LoopFigures & { readonly requests: number }> {
  return withPage(browser, host, (page) => pageWhileWatching(page, host, total, ms));
}

async function withPage<T>(browser: Browser, host: HostProcess, run: (page: Page) => Promise<T>): Promise<T> {
  const page = await browser.newPage();
  try {
    // tsx compiles the function passed to evaluate with esbuild's name-keeping helper: supply it.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.goto(host.url);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=grid] .tile').length > 10, undefined, { timeout: 30_000 });
    return await run(page);
  } finally {
    await page.close();
  }
}

async function pageWhileWatching(page: Page, host: HostProcess, total: number, ms: number): Promise<LoopFigures & { readonly requests: number }> {
  const watch = await host.watch(process.env.WINNOW_BENCH_STALL_PROFILE);
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
  return { ...(await watch.stop()), requests };
}

/**
 * A folder of `count` real photos for a scan to score during the measurement, copies of `photos`
 * under names of their own when there are fewer (each file is analysed, whatever its content).
 */
export function scanFolder(dir: string, photos: readonly string[], count: number): string {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const p = photos[i % photos.length]!;
    fs.copyFileSync(p, path.join(dir, i < photos.length ? path.basename(p) : `copy${Math.floor(i / photos.length)}-${path.basename(p)}`));
  }
  return dir;
}
