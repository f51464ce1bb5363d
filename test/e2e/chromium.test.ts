import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadNiceness } from '../helpers/thread-niceness.js';
import { chromiumAvailable, launchChromium } from './chromium.js';

/** Every process below ours, by walking /proc's parent links. */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of stat is the parent; the command name (field 2) may hold spaces, so split after it.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    for (const [child, parent] of parentOf) {
      if (parent === pid) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

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
