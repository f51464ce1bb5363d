import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descendants, threadNiceness } from '../helpers/proc.js';
import { chromiumAvailable, launchChromium } from './chromium.js';

const linux = process.platform === 'linux' && fs.existsSync('/proc/self/task');

describe.skipIf(!chromiumAvailable() || !linux)('the tests’ Chromium', () => {
  let close: () => Promise<void>;
  let threads: number[] = [];

  beforeAll(async () => {
    const launched = await launchChromium();
    close = launched.close;
    const page = await launched.browser.newPage();
    // Drawing something brings up the renderer and GPU processes and their compositor threads.
    await page.setContent('<canvas width="64" height="64"></canvas><script>document.querySelector("canvas").getContext("2d").fillRect(0, 0, 32, 32)</script>');
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    threads = descendants(process.pid).flatMap((pid) => [...threadNiceness(pid).values()]);
  }, 60_000);

  afterAll(async () => {
    await close?.();
  });

  it('runs at the priority a desktop user’s would, even when the tests run as root', () => {
    expect(threads.length).toBeGreaterThan(10);
    // As root, Chromium raised its browser, GPU and compositor threads to nice -8 and starved the
    // host being measured.
    expect(Math.min(...threads)).toBeGreaterThanOrEqual(0);
  });
});
