/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../electron/host/browser-host.js';
import { FIXTURE_MODEL, REPO_ROOT, realPhotos, tempDir } from '../helpers/paths.js';
import { chromiumAvailable, CHROMIUM, launchChromium } from './chromium.js';
import { buildRenderer } from './renderer-build.js';

/**
 * The culling workflow end to end: the real renderer (built from source), served by the real
 * browser host over HTTP and WebSocket, scoring real photos with the fixture model, driven by
 * keys in Debian's Chromium. Each step leaves a screenshot in test-results/screenshots/.
 */

const SHOTS = path.join(REPO_ROOT, 'test-results/screenshots');
const PHOTOS = 40;

let work: string;
let rendererDir: string;
let libraryDir: string;
let dbPath: string;
let host: BrowserHost;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let page: Page;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

async function tileScores(n: number): Promise<number[]> {
  return page.$$eval(`[data-testid=grid] .tile .score`, (els, max) => els.slice(0, max).map((e) => Number(e.textContent)), n);
}

/**
 * Whether the grid's first tiles show the library's own answer for the grid's query (stacks
 * collapsed, as the app asks by default). Scores are shown to one decimal. Burst stacks regroup as a
 * scan's last hashes arrive, so a grid read too early can show an order that is about to change.
 */
async function gridShowsTop(order: 'asc' | 'desc', n = 15): Promise<boolean> {
  const truth = (await host.service.queryPhotos({ sort: 'quality', order, collapseStacks: true, limit: n })).rows.map((r) => r.quality ?? NaN);
  const shown = await tileScores(n);
  return shown.length === truth.length && shown.every((v, i) => Math.abs(v - truth[i]!) <= 0.051);
}

async function shownCount(): Promise<number> {
  return Number((await page.textContent('[data-testid=shown-count]'))?.replace(/,/g, ''));
}

async function openHost(): Promise<void> {
  host = await startBrowserHost({ dbPath, rendererDir, modelPath: FIXTURE_MODEL, writeSidecars: true });
  await page.goto(host.url);
}

beforeAll(async () => {
  if (!chromiumAvailable()) throw new Error(`the browser tests need Chromium at ${CHROMIUM} (apt-get install chromium)`);
  fs.mkdirSync(SHOTS, { recursive: true });
  work = tempDir('winnow-e2e-');
  rendererDir = await buildRenderer(path.join(work, 'renderer'));
  // A copy, in two subfolders: decisions write XMP sidecars beside the photos.
  libraryDir = path.join(work, 'Pictures');
  realPhotos(PHOTOS).forEach((file, i) => {
    const dir = path.join(libraryDir, i % 2 ? '2026-05 coast' : '2026-04 city');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(file, path.join(dir, path.basename(file)));
  });
  dbPath = path.join(work, 'library', 'library.db');
  ({ browser, close: closeBrowser } = await launchChromium());
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await openHost();
});

afterAll(async () => {
  await closeBrowser?.();
  await host?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('culling in the browser', () => {
  it('starts with an empty library that says what to do', async () => {
    await page.waitForSelector('[data-testid=empty-library]');
    expect(await page.textContent('[data-testid=empty-library]')).toContain('Add a folder');
    await shot('01-empty-library');
  });

  it('adds a folder and shows scoring progress until every photo is in the grid', async () => {
    await page.fill('[data-testid=add-folder-path]', libraryDir);
    await page.click('[data-testid=add-folder]');
    // The progress bar appears while the scan runs (events over the WebSocket) ...
    await page.waitForSelector('[data-testid=scan-progress]', { timeout: 15_000 });
    await shot('02-scanning');
    // ... and goes away when it is done, with every photo scored in the grid.
    await page.waitForSelector('[data-testid=scan-progress]', { state: 'detached', timeout: 60_000 });
    await expect.poll(shownCount, { timeout: 10_000 }).toBe(PHOTOS);
    // Photos are listed as soon as they are found and get their score as scoring reaches them.
    await expect.poll(async () => (await tileScores(PHOTOS)).filter(Number.isFinite).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(15);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=grid] .tile img').length >= 10);
    await shot('03-grid-by-quality');
  });

  it('sorts by quality, both ways, and by name', async () => {
    await expect.poll(() => gridShowsTop('desc'), { timeout: 15_000 }).toBe(true);
    const desc = await tileScores(15);
    expect(desc.length).toBeGreaterThanOrEqual(15);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));

    await page.click('[data-testid=order]');
    await expect.poll(async () => (await tileScores(15)).join()).not.toBe(desc.join());
    const asc = await tileScores(15);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    expect(asc[0]!).toBeLessThanOrEqual(desc[desc.length - 1]!);

    // Whatever the direction before, a name sort starts at A.
    await page.click('[data-testid=order]');
    await page.selectOption('[data-testid=sort]', 'name');
    await expect
      .poll(async () => {
        const names = await page.$$eval('[data-testid=grid] .tile .name', (els) => els.slice(0, 12).map((e) => e.textContent ?? ''));
        return names.length >= 12 && names.join() === [...names].sort((a, b) => a.localeCompare(b)).join();
      })
      .toBe(true);

    // And a quality sort starts at the best.
    await page.selectOption('[data-testid=sort]', 'quality');
    await expect.poll(() => gridShowsTop('desc')).toBe(true);
  });

  it('opens the best photo in the loupe with its scores, and overlays the quality map', async () => {
    const best = await page.getAttribute('[data-testid=grid] .tile[data-index="0"]', 'data-photo-id');
    await page.click('[data-testid=grid] .tile[data-index="0"]');
    await page.keyboard.press('e');
    await page.waitForSelector(`[data-testid=loupe][data-photo-id="${best}"]`);
    await page.waitForSelector('[data-testid=info-quality]');
    expect(Number(await page.textContent('[data-testid=info-quality]'))).toBeCloseTo((await host.service.photoDetail(Number(best)))!.score!.quality, 1);
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid=loupe] img');
      return img !== null && img.complete && img.naturalWidth > 0;
    });
    await shot('04-loupe');

    await page.keyboard.press('h');
    const heat = await page.waitForSelector('[data-testid=heatmap]');
    // The overlay is drawn from the stored map: one canvas pixel per map cell, and not blank.
    const drawn = await heat.evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let opaque = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) opaque++;
      return { w: c.width, h: c.height, opaque };
    });
    const detail = await host.service.photoDetail(Number(best));
    expect(drawn.w).toBe(detail!.score!.map.width);
    expect(drawn.h).toBe(detail!.score!.map.height);
    expect(drawn.opaque).toBe(drawn.w * drawn.h);
    await page.fill('[data-testid=heatmap-opacity]', '0.8');
    expect(await heat.evaluate((c: HTMLCanvasElement) => getComputedStyle(c).opacity)).toBe('0.8');
    await shot('05-loupe-heatmap');

    await page.keyboard.press('z');
    await expect.poll(() => page.textContent('[data-testid=zoom-level]')).toBe('100%');
    await page.keyboard.press('z');
    await page.keyboard.press('h');
    await expect.poll(() => page.$('[data-testid=heatmap]')).toBeNull();
  });

  it('picks, rejects, rates and labels with keys, advancing after each flag, with undo and redo', async () => {
    const loupePhoto = async () => Number(await page.getAttribute('[data-testid=loupe]', 'data-photo-id'));
    const first = await loupePhoto();
    // Auto-advance (on by default): one key per decision, the loupe moves on by itself.
    await page.keyboard.press('p');
    await expect.poll(loupePhoto).not.toBe(first);
    const second = await loupePhoto();
    await expect.poll(async () => (await host.service.photoDetail(first))?.pick).toBe(1);
    await page.keyboard.press('x');
    await expect.poll(loupePhoto).not.toBe(second);
    const third = await loupePhoto();
    // A label does not advance; a rating does.
    await page.keyboard.press('6');
    await expect.poll(() => page.textContent('[data-testid=notice]')).toContain('red label');
    expect(await loupePhoto()).toBe(third);
    await page.keyboard.press('3');
    await expect.poll(loupePhoto).not.toBe(third);
    await shot('06-loupe-flags');

    // Undo brings the cursor back to the photo it changed.
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.textContent('[data-testid=notice]')).toContain('undo');
    await expect.poll(loupePhoto).toBe(third);
    let d = await host.service.photoDetail(third);
    expect(d).toMatchObject({ rating: 0, colorLabel: 'Red' });
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await host.service.photoDetail(third))?.rating).toBe(3);

    // With auto-advance off the cursor stays.
    await expect.poll(loupePhoto).toBe(third);
    await page.uncheck('[data-testid=auto-advance]');
    await page.keyboard.press('4');
    await expect.poll(async () => (await host.service.photoDetail(third))?.rating).toBe(4);
    expect(await loupePhoto()).toBe(third);
    await page.check('[data-testid=auto-advance]');
    await page.keyboard.press('3');
    await expect.poll(loupePhoto).not.toBe(third);
    await expect.poll(async () => (await host.service.photoDetail(third))?.rating).toBe(3);

    d = await host.service.photoDetail(first);
    expect(d?.pick).toBe(1);
    expect((await host.service.photoDetail(second))?.pick).toBe(-1);
    // Decisions are mirrored into XMP sidecars beside the photos.
    const sidecars = fs.readdirSync(path.dirname(d!.path)).filter((f) => f.startsWith(path.basename(d!.path, path.extname(d!.path))) && f.endsWith('.xmp'));
    expect(sidecars).toHaveLength(1);
    expect(fs.readFileSync(path.join(path.dirname(d!.path), sidecars[0]!), 'utf8')).toContain('xmp');

    await page.keyboard.press('g');
    await page.waitForSelector('[data-testid=grid]');
    await page.waitForSelector(`[data-testid=grid] .tile[data-photo-id="${first}"] [data-flag=pick]`);
    await page.waitForSelector(`[data-testid=grid] .tile[data-photo-id="${second}"] [data-flag=reject]`);
    await shot('07-grid-flags');
  });

  it('compares near-duplicates side by side with synced zoom', async () => {
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => page.textContent('[data-testid=selection-count]')).toContain('3 selected');
    await page.keyboard.press('c');
    await page.waitForSelector('[data-testid=compare]');
    expect(await page.$$eval('[data-testid=compare] .pane', (els) => els.length)).toBe(3);
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid=compare] img')].every((i) => i.complete && i.naturalWidth > 0));
    await shot('08-compare');
    await page.keyboard.press('z');
    // One view for all panes: every image is at the same scale.
    const widths = await page.$$eval('[data-testid=compare] img', (els) => els.map((e) => (e as HTMLImageElement).style.width));
    expect(new Set(widths).size).toBe(1);
    await page.keyboard.press('z');
    await page.keyboard.press('c');
    await page.waitForSelector('[data-testid=grid]');
  });

  it('filters by flag, problems and a brushed quality range, always showing how many are hidden', async () => {
    await page.click('[data-testid=pick-picked]');
    await expect.poll(shownCount).toBe(1);
    expect(await page.textContent('[data-testid=hidden-count]')).toContain(`${PHOTOS - 1} hidden`);
    await shot('09-filter-picks');

    await page.click('[data-testid=pick-rejected]');
    await expect.poll(shownCount).toBe(1);
    await page.click('[data-testid=pick-kept]');
    await expect.poll(shownCount).toBe(PHOTOS - 1);
    await page.click('[data-testid=pick-any]');
    await expect.poll(shownCount).toBe(PHOTOS);

    await page.check('[data-testid=problems-only]');
    const problems = (await host.service.queryPhotos({ problemsOnly: true, withTotal: true, limit: 1 })).total!;
    await expect.poll(shownCount).toBe(problems);
    await page.uncheck('[data-testid=problems-only]');
    await expect.poll(shownCount).toBe(PHOTOS);

    // Brush from the bin holding the median score to the top: only the better half or so stays.
    const hist = await host.service.qualityHistogram({});
    let above = 0;
    let bin = hist.counts.length;
    while (bin > 0 && above < PHOTOS / 2) above += hist.counts[--bin]!;
    const box = (await page.locator('[data-testid=quality-histogram]').boundingBox())!;
    await page.mouse.move(box.x + box.width * ((bin + 0.5) / hist.counts.length), box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.99, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(shownCount).toBeLessThan(PHOTOS);
    const shown = await shownCount();
    expect(shown).toBeGreaterThan(0);
    expect(await page.textContent('[data-testid=hidden-count]')).toContain(`${PHOTOS - shown} hidden`);
    await shot('10-filter-quality-brush');
    await page.click('[data-testid=clear-filters]');
    await expect.poll(shownCount).toBe(PHOTOS);
  });

  it('finds every decision again after a reload and after a host restart', async () => {
    const picked = (await host.service.queryPhotos({ pick: 'picked', limit: 10 })).rows.map((r) => r.id);
    expect(picked).toHaveLength(1);
    await page.reload();
    await page.waitForSelector(`[data-testid=grid] .tile[data-photo-id="${picked[0]}"] [data-flag=pick]`);

    await host.close();
    await openHost();
    await page.click('[data-testid=pick-picked]');
    await expect.poll(shownCount).toBe(1);
    await page.waitForSelector(`[data-testid=grid] .tile[data-photo-id="${picked[0]}"] [data-flag=pick]`);
    await page.click('[data-testid=pick-any]');
    await expect.poll(shownCount).toBe(PHOTOS);
    await shot('11-after-restart');
  });

  it('shows every key in the help overlay', async () => {
    await page.keyboard.press('?');
    await page.waitForSelector('[data-testid=help]');
    const text = await page.textContent('[data-testid=help]');
    for (const key of ['P', 'X', 'U', '0 – 5', '6 7 8 9', 'Z', 'C', 'H', 'Ctrl/⌘ Z']) expect(text).toContain(key);
    await shot('12-help');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.$('[data-testid=help]')).toBeNull();
  });

  it('pauses, resumes and cancels a scan while the grid keeps answering', async () => {
    const more = path.join(work, 'More');
    fs.mkdirSync(more);
    for (const f of realPhotos(PHOTOS + 160).slice(PHOTOS)) fs.copyFileSync(f, path.join(more, path.basename(f)));
    await page.fill('[data-testid=add-folder-path]', more);
    await page.click('[data-testid=add-folder]');
    await page.waitForSelector('[data-testid=scan-progress][data-state=scanning]', { timeout: 15_000 });
    await page.waitForSelector('[data-testid=scan-count]', { timeout: 30_000 });

    // The UI stays responsive while scoring: a sort change repaints promptly.
    // (The photo under the cursor keeps its place in view, so look at whichever tiles are shown.)
    const t0 = Date.now();
    await page.selectOption('[data-testid=sort]', 'name');
    await expect
      .poll(async () => {
        const tile = await page.$$eval('[data-testid=grid] .tile[data-photo-id]', (els) => els.map((e) => [Number(e.getAttribute('data-index')), e.querySelector('.name')?.textContent ?? '']));
        const [index, name] = tile.sort((a, b) => Number(a[0]) - Number(b[0]))[0] ?? [0, ''];
        return name !== '' && name === (await host.service.queryPhotos({ sort: 'name', order: 'asc', offset: Number(index), limit: 1 })).rows[0]?.name;
      })
      .toBe(true);
    expect(Date.now() - t0).toBeLessThan(2000);
    await page.selectOption('[data-testid=sort]', 'quality');

    await page.click('[data-testid=scan-pause]');
    await page.waitForSelector('[data-testid=scan-progress][data-state=paused]');
    await shot('13-scan-paused');
    const pausedAt = (await host.service.scanStatus()).progress?.done ?? 0;
    await page.waitForTimeout(1500);
    // At most the photos in flight finish after a pause.
    expect((await host.service.scanStatus()).progress?.done ?? 0).toBeLessThanOrEqual(pausedAt + 2);
    // The bar covers the share of photos done that it announces, from its left edge, and does not
    // animate between updates (a transition kept the page drawing frames all through a scan).
    expect(await page.$eval('[data-testid=scan-bar] .fill', (fill) => getComputedStyle(fill).transitionDuration)).toBe('0s');
    await expect
      .poll(() =>
        page.$eval('[data-testid=scan-bar]', (bar) => {
          const [outer, inner] = [bar.getBoundingClientRect(), bar.firstElementChild!.getBoundingClientRect()];
          // From the left edge, as wide as the share done.
          return Math.abs(inner.left - outer.left) / outer.width + Math.abs(inner.width / outer.width - Number(bar.getAttribute('aria-valuenow')) / Number(bar.getAttribute('aria-valuemax')));
        }),
      )
      .toBeLessThan(0.01);

    await page.click('[data-testid=scan-resume]');
    await page.waitForSelector('[data-testid=scan-progress][data-state=scanning]');
    await page.click('[data-testid=scan-cancel]');
    await page.waitForSelector('[data-testid=scan-progress]', { state: 'detached', timeout: 30_000 });
    const counts = await host.service.libraryCounts();
    expect(counts.photos).toBe(PHOTOS + 160);
    expect(counts.scored).toBeLessThan(PHOTOS + 160);
    expect(counts.scored).toBeGreaterThan(PHOTOS);
  });
});
