import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScanController } from '../../electron/core/pipeline/scan-controller.js';
import { SCAN_NICENESS } from '../../electron/core/pipeline/scan-priority.js';
import { UiScanControl } from '../../electron/core/pipeline/ui-scan-control.js';
import { FIXTURE_MODEL, realPhotos, tempDir } from '../helpers/paths.js';
import { threadName, threadNiceness } from '../helpers/proc.js';

function library(count: number): string {
  const dir = tempDir('winnow-lib-');
  for (const p of realPhotos(count)) fs.copyFileSync(p, path.join(dir, path.basename(p)));
  return dir;
}

/** The niceness of each libvips thread of this process (they decode for the scan). */
function decodeThreadNiceness(): number[] {
  return [...threadNiceness()].flatMap(([tid, nice]) => (threadName(tid) === 'libvips worker' ? [nice] : []));
}

// Thread priorities are per thread only on Linux; elsewhere the scan's thread is left as it is.
describe.runIf(process.platform === 'linux')('scan priority', () => {
  it("a UI host's scan scores below the host's main thread, which answers the page", async () => {
    const dir = tempDir();
    const mainBefore = os.getPriority(process.pid);
    const scans = new UiScanControl({
      dbPath: path.join(dir, 'lib.db'),
      modelPath: FIXTURE_MODEL,
      thumbnailsDir: path.join(dir, 'thumbs'),
      intraOpThreads: 1,
      onStatus: () => {},
      onLibraryChanged: () => {},
    });
    try {
      scans.enqueue([library(24)]);
      // Once the model has loaded (the worker lowers itself before loading it), while scoring.
      await expect.poll(() => scans.status().execution, { timeout: 60_000, interval: 20 }).not.toBeNull();
      // A few photos decoded, so libvips has started its threads.
      await expect.poll(() => scans.status().progress?.done ?? 0, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(3);
      // Held between photos, so the worker is still there to look at.
      scans.pause();
      const niceness = [...threadNiceness().values()];
      expect(niceness.filter((n) => n === SCAN_NICENESS).length).toBeGreaterThanOrEqual(1);
      // The decoding too (about half the scan's CPU): libvips' threads, lowered as they appear.
      // Lowering the scan's own thread alone left them level with the main thread.
      await expect.poll(() => decodeThreadNiceness(), { timeout: 10_000, interval: 100 }).not.toEqual([]);
      await expect.poll(() => decodeThreadNiceness().every((n) => n === SCAN_NICENESS), { timeout: 10_000, interval: 100 }).toBe(true);
      expect(os.getPriority(process.pid)).toBe(mainBefore);
    } finally {
      scans.cancel();
      await scans.close();
    }
  });

  it('a scan from the command line (no page to answer) keeps the priority it was started with', async () => {
    const dir = tempDir();
    // By thread id: the UI scan above left this process's libvips threads lowered for good.
    const before = threadNiceness();
    const controller = new ScanController({ dbPath: path.join(dir, 'lib.db'), modelPath: FIXTURE_MODEL, thumbnailsDir: path.join(dir, 'thumbs'), intraOpThreads: 1 });
    try {
      const scan = controller.scan(library(8));
      await expect.poll(() => controller.status().execution, { timeout: 60_000, interval: 20 }).not.toBeNull();
      controller.pause();
      // Threads that were there keep their niceness; new ones (the scan's) run at the main thread's.
      const main = os.getPriority(process.pid);
      const changed = [...threadNiceness()].filter(([tid, n]) => (before.has(tid) ? before.get(tid) !== n : n !== main));
      expect(changed).toEqual([]);
      controller.resume();
      await scan;
    } finally {
      await controller.close();
    }
  });
});
