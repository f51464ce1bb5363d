/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../electron/host/browser-host.js';
import { FIXTURE_MODEL, REPO_ROOT, realPhotos, tempDir } from '../helpers/paths.js';
import { chromiumAvailable, CHROMIUM, launchChromium } from './chromium.js';
import { buildRenderer } from './renderer-build.js';

/**
 * The culling flow of a photographer used to Lightroom or Photo Mechanic, end to end in Chromium
 * through the browser host: burst stacks, one key per decision, a loupe that is never empty, full
 * screen, select all, folder errors, unreadable photos, accessibility (axe-core), and screenshots
 * at 1366x768 and 1920x1080 in test-results/screenshots/.
 */

const SHOTS = path.join(REPO_ROOT, 'test-results/screenshots');
const AXE = path.join(REPO_ROOT, 'node_modules/axe-core/axe.min.js');

let work: string;
let libraryDir: string;
let host: BrowserHost;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let page: Page;
const consoleErrors: string[] = [];
const failedResponses: string[] = [];

function exifTime(seconds: number): string {
  const d = new Date(Date.UTC(2024, 4, 1, 10, 0, seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}:${pad(d.getUTCMonth() + 1)}:${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `flow-${name}.png`) });
}

async function shownCount(): Promise<number> {
  return Number((await page.textContent('[data-testid=shown-count]'))?.replace(/,/g, ''));
}

/** The names of the grid's tiles in grid order (all of this small library's tiles are laid out). */
async function gridNames(): Promise<string[]> {
  const tiles = await page.$$eval('[data-testid=grid] .tile[data-photo-id]', (els) =>
    els.map((el) => ({ index: Number((el as HTMLElement).dataset.index), name: el.querySelector('.name')?.textContent ?? '' })),
  );
  return tiles.sort((a, b) => a.index - b.index).map((t) => t.name);
}

const loupePhoto = async () => Number(await page.getAttribute('[data-testid=loupe]', 'data-photo-id'));

/** axe-core's WCAG 2 A and AA rules on the page as it is; serious and critical findings fail. */
async function axeSerious(where: string): Promise<string[]> {
  // Evaluated through the debugging protocol: the app's CSP (rightly) refuses injected script tags.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
  return found.map((f) => `${where}: ${f}`);
}

beforeAll(async () => {
  if (!chromiumAvailable()) throw new Error(`the browser tests need Chromium at ${CHROMIUM} (apt-get install chromium)`);
  fs.mkdirSync(SHOTS, { recursive: true });
  work = tempDir('winnow-flow-');
  const rendererDir = await buildRenderer(path.join(work, 'renderer'));
  libraryDir = path.join(work, 'Shoot');
  const burstDir = path.join(libraryDir, 'burst');
  fs.mkdirSync(burstDir, { recursive: true });
  const [scene, ...others] = realPhotos(7);
  // A burst of three, a second apart; the middle frame is the sharp one.
  for (const [i, blur] of [2.5, 0, 3].entries()) {
    let img = sharp(scene!).resize(800, 800, { fit: 'inside' });
    if (blur > 0) img = img.blur(blur);
    await img.withExif({ IFD2: { DateTimeOriginal: exifTime(i) } }).jpeg({ quality: 90 }).toFile(path.join(burstDir, `burst_${i + 1}.jpg`));
  }
  for (const f of others.slice(0, 5)) fs.copyFileSync(f, path.join(libraryDir, path.basename(f)));
  // A photo smaller than any screen, and one nothing can read.
  await sharp(others[5]!).resize(160, 120, { fit: 'fill' }).jpeg().toFile(path.join(libraryDir, 'small.jpg'));
  fs.writeFileSync(path.join(libraryDir, 'broken.jpg'), Buffer.from('this is not a jpeg at all'));

  host = await startBrowserHost({ dbPath: path.join(work, 'library', 'library.db'), rendererDir, modelPath: FIXTURE_MODEL, writeSidecars: true });
  ({ browser, close: closeBrowser } = await launchChromium());
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on('pageerror', (err) => consoleErrors.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('response', (res) => {
    if (res.status() >= 400) failedResponses.push(`${res.status()} ${res.url()}`);
  });
  await page.goto(host.url);
});

afterAll(async () => {
  await closeBrowser?.();
  await host?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the culling flow in the browser', () => {
  it('refuses a folder that does not exist, adding nothing, then scans the real one', async () => {
    await page.waitForSelector('[data-testid=empty-library]');
    await page.fill('[data-testid=add-folder-path]', path.join(work, 'no-such-folder'));
    await page.click('[data-testid=add-folder]');
    await expect.poll(() => page.textContent('[role=alert]')).toContain('no folder');
    expect(await host.service.listRoots()).toEqual([]);
    // The typed path stays, to be corrected.
    expect(await page.inputValue('[data-testid=add-folder-path]')).toContain('no-such-folder');
    await page.click('[role=alert] button');
    // Failed requests above are the answers to refused calls, not media: start counting now.
    failedResponses.length = 0;
    consoleErrors.length = 0;

    await page.fill('[data-testid=add-folder-path]', libraryDir);
    await page.click('[data-testid=add-folder]');
    // The status line reports the addition only: the scan panel says whether it is still scanning
    // (the notice once said "scanning" for seconds after the scan had ended).
    await expect.poll(() => page.textContent('[data-testid=notice]')).toBe(`added ${libraryDir}`);
    await expect.poll(async () => (await host.service.libraryCounts()).photos, { timeout: 60_000 }).toBe(10);
    await page.waitForSelector('[data-testid=scan-progress]', { state: 'detached', timeout: 60_000 });
  });

  it('refuses a sub-folder of a library folder, naming it', async () => {
    await page.fill('[data-testid=add-folder-path]', path.join(libraryDir, 'burst'));
    await page.click('[data-testid=add-folder]');
    await expect.poll(() => page.textContent('[role=alert]')).toContain(`inside the library folder ${libraryDir}`);
    expect((await host.service.listRoots()).map((r) => r.path)).toEqual([libraryDir]);
    await page.click('[role=alert] button');
    await page.fill('[data-testid=add-folder-path]', '');
    failedResponses.length = 0;
    consoleErrors.length = 0;
  });

  it('shows the burst as one stack with a count, opens and closes it with S', async () => {
    await expect.poll(shownCount).toBe(8);
    expect(await page.textContent('[data-testid=stacked-count]')).toContain('2 in stacks');
    const badge = page.locator('[data-testid=stack-badge]');
    await expect.poll(() => badge.count()).toBe(1);
    expect(await badge.textContent()).toContain('3');
    const top = page.locator('.tile', { has: badge });
    expect(await top.locator('.name').textContent()).toBe('burst_2.jpg');
    await shot('1366-grid-stacks');

    await top.click();
    await page.keyboard.press('s');
    await expect.poll(shownCount).toBe(10);
    await expect.poll(() => page.locator('.tile.stacked').count()).toBe(3);
    // The open stack's frames sit together right after its top, best first, in any sort (as in
    // Lightroom), not wherever each frame's own score or name would put it.
    const frames = ['burst_2.jpg', 'burst_1.jpg', 'burst_3.jpg'];
    const framesInGrid = async () => {
      const names = await gridNames();
      const at = names.indexOf('burst_2.jpg');
      return names.slice(at, at + 3);
    };
    await expect.poll(framesInGrid).toEqual(frames);
    await shot('1366-grid-stack-open');
    await page.selectOption('[data-testid=sort]', 'name');
    const copied = realPhotos(7).slice(1, 6).map((f) => path.basename(f));
    await expect.poll(gridNames).toEqual([...copied, 'broken.jpg', ...frames, 'small.jpg']);
    await shot('1366-grid-stack-open-by-name');
    await page.selectOption('[data-testid=sort]', 'quality');
    await expect.poll(framesInGrid).toEqual(frames);
    await top.click();
    await page.keyboard.press('s');
    await expect.poll(shownCount).toBe(8);
  });

  it("compares a stack's frames, and B keeps the best and rejects the rest in one undoable step", async () => {
    await page.keyboard.press('c');
    await page.waitForSelector('[data-testid=compare]');
    expect(await page.$$eval('[data-testid=compare] .pane .name', (els) => els.map((e) => e.textContent))).toEqual(['burst_2.jpg', 'burst_1.jpg', 'burst_3.jpg']);
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('[data-testid=compare] [data-testid=zoomable]')].every((z) => z.dataset.shown !== 'nothing'));
    await shot('1366-compare-stack');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=grid]');

    const frames = (await host.service.queryPhotos({ limit: 100 })).rows.filter((r) => r.name.startsWith('burst_'));
    await page.keyboard.press('b');
    await expect.poll(() => page.textContent('[data-testid=notice]')).toContain('keep best of 1 burst, reject 2');
    const picks = async () => Object.fromEntries((await host.service.queryPhotos({ limit: 100 })).rows.filter((r) => r.name.startsWith('burst_')).map((r) => [r.name, r.pick]));
    expect(await picks()).toEqual({ 'burst_1.jpg': -1, 'burst_2.jpg': 1, 'burst_3.jpg': -1 });
    await page.keyboard.press('Control+z');
    await expect.poll(picks).toEqual({ 'burst_1.jpg': 0, 'burst_2.jpg': 0, 'burst_3.jpg': 0 });
    expect(frames).toHaveLength(3);
  });

  it('selects all with Ctrl+A (not the page text) and deselects with Esc', async () => {
    await page.keyboard.press('Home');
    await page.keyboard.press('Control+a');
    await expect.poll(() => page.textContent('[data-testid=selection-count]')).toContain('8 selected');
    expect(await page.evaluate(() => String(window.getSelection() ?? ''))).toBe('');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.$('[data-testid=selection-count]')).toBeNull();
  });

  it('shows an unreadable photo as a placeholder with its problem, without failed requests', async () => {
    const broken = page.locator('.tile', { has: page.locator('.name', { hasText: 'broken.jpg' }) });
    expect(await broken.textContent()).toContain('cannot read');
    expect(await broken.locator('img').count()).toBe(0);
    await broken.dblclick();
    await page.waitForSelector('[data-testid=loupe-placeholder]');
    await expect.poll(() => page.textContent('[data-testid=info-panel]')).toContain('decode');
    await shot('1366-loupe-unreadable');
    await page.keyboard.press('g');
  });

  it('opens the loupe on the thumbnail at once, has the next preview fetched ahead, and is never empty', async () => {
    await page.keyboard.press('Home');
    await page.keyboard.press('e');
    await page.waitForSelector('[data-testid=loupe]');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=zoomable]')?.dataset.shown === 'rendition');
    const ids = (await host.service.queryPhotos({ collapseStacks: true, limit: 3 })).rows.map((r) => r.id);
    expect(await loupePhoto()).toBe(ids[0]);
    // The next photo's preview was asked for before the key that shows it, and the one after it
    // too (one more in the direction of travel, for previews slow to render).
    const asked = (id: number | undefined) => page.evaluate((next) => performance.getEntriesByType('resource').some((e) => e.name.includes(`/media/${next}/preview`)), id);
    await expect.poll(() => asked(ids[1])).toBe(true);
    await expect.poll(() => asked(ids[2])).toBe(true);
    // The filmstrip holds the next photo's thumbnail: the loupe can show it in the frame the key produces.
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid=filmstrip] img')].every((img) => img.complete && img.naturalWidth > 0));
    // From the first frame after the key something is on screen: the thumbnail or the preview, never nothing.
    const shownAfterKey = await page.evaluate(async () => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      const seen: string[] = [];
      for (let i = 0; i < 20; i++) {
        await new Promise((r) => requestAnimationFrame(r));
        seen.push(document.querySelector<HTMLElement>('[data-testid=zoomable]')?.dataset.shown ?? 'none');
      }
      return seen;
    });
    expect(await loupePhoto()).toBe(ids[1]);
    expect(shownAfterKey.filter((s) => s !== 'thumbnail' && s !== 'rendition')).toEqual([]);
    await page.waitForSelector('[data-testid=filmstrip]');
    await shot('1366-loupe');
  });

  it('lays the loupe out at 1366 px with nothing overlapping the info panel', async () => {
    const info = (await page.locator('[data-testid=info-panel]').boundingBox())!;
    const bar = (await page.locator('[data-testid=loupe] .bar').boundingBox())!;
    const view = (await page.locator('[data-testid=zoomable]').boundingBox())!;
    expect(bar.x + bar.width).toBeLessThanOrEqual(info.x + 1);
    expect(view.x + view.width).toBeLessThanOrEqual(info.x + 1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('does not enlarge a small photo to fill the loupe', async () => {
    await page.keyboard.press('g');
    const small = page.locator('.tile', { has: page.locator('.name', { hasText: 'small.jpg' }) });
    await small.dblclick();
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=zoomable]')?.dataset.shown === 'rendition');
    // Fit waits for the detail's pixel size, then shows 160 x 120 at one image pixel per device pixel.
    await expect.poll(() => page.$eval('[data-testid=zoomable] img.rendition', (img) => (img as HTMLImageElement).getBoundingClientRect().width)).toBeLessThanOrEqual(161);
  });

  it('goes full screen with F and back with Esc, and Tab hides the side panels', async () => {
    await page.keyboard.press('Home');
    await page.keyboard.press('f');
    await expect.poll(() => page.getAttribute('[data-testid=app]', 'class')).toContain('fullscreen');
    expect(await page.isVisible('[data-testid=side-panels]')).toBe(false);
    expect(await page.isVisible('[data-testid=loupe]')).toBe(true);
    await shot('1366-fullscreen');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getAttribute('[data-testid=app]', 'class')).not.toContain('fullscreen');
    await page.keyboard.press('g');
    await page.focus('[data-testid=grid]');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.isVisible('[data-testid=side-panels]')).toBe(false);
    await page.keyboard.press('Tab');
    await expect.poll(() => page.isVisible('[data-testid=side-panels]')).toBe(true);
  });

  it('has no serious accessibility violations on grid, loupe, compare and help', async () => {
    const found: string[] = [];
    await page.keyboard.press('g');
    await page.waitForSelector('[data-testid=grid] .tile img');
    found.push(...(await axeSerious('grid')));
    await page.keyboard.press('Home');
    await page.keyboard.press('e');
    await page.waitForSelector('[data-testid=loupe]');
    found.push(...(await axeSerious('loupe')));
    await page.keyboard.press('g');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('c');
    await page.waitForSelector('[data-testid=compare]');
    found.push(...(await axeSerious('compare')));
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await page.waitForSelector('[data-testid=help]');
    found.push(...(await axeSerious('help')));
    await page.keyboard.press('Escape');
    expect(found.join('\n')).toBe('');
  });

  it('keeps its layout at 1920x1080 (screenshots of grid, loupe, compare, help)', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.keyboard.press('g');
    await page.waitForSelector('[data-testid=grid] .tile img');
    await shot('1920-grid');
    await page.keyboard.press('Home');
    await page.keyboard.press('e');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=zoomable]')?.dataset.shown === 'rendition');
    await shot('1920-loupe');
    await page.keyboard.press('g');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('c');
    await page.waitForSelector('[data-testid=compare]');
    await shot('1920-compare');
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await page.waitForSelector('[data-testid=help]');
    await shot('1920-help');
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.keyboard.press('?');
    await page.waitForSelector('[data-testid=help]');
    await shot('1366-help');
    await page.keyboard.press('Escape');
  });

  it('hides "Move rejects to Trash" in the browser host, where there is no trash', async () => {
    await page.click('[data-testid=pick-rejected]');
    await page.keyboard.press('Escape');
    expect(await page.$('[data-testid=trash-rejects]')).toBeNull();
    await page.click('[data-testid=pick-any]');
  });

  it('ran without a console error or a failed request', () => {
    expect(consoleErrors.join('\n')).toBe('');
    expect(failedResponses).toEqual([]);
  });
});
