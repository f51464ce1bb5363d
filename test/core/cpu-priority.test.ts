import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScanController } from '../../electron/core/pipeline/scan-controller.js';
import { UiScanControl } from '../../electron/core/pipeline/ui-scan-control.js';
import { FIXTURE_MODEL, realPhotoFolder, tempDir } from '../helpers/paths.js';
import { SCHED_IDLE, threadScheduling } from '../helpers/proc.js';

// Scheduling policies and per-thread niceness are Linux's; elsewhere a scan process lowers its
// one process-wide priority, which this does not check.
describe.runIf(process.platform === 'linux')('CPU priorities of a UI host', () => {
  it("runs a UI's scan in a process of its own whose every thread runs only when nothing else wants the CPU", async () => {
    const dir = tempDir();
    const hostBefore = threadScheduling();
    const scans = new UiScanControl({
      dbPath: path.join(dir, 'lib.db'),
      modelPath: FIXTURE_MODEL,
      thumbnailsDir: path.join(dir, 'thumbs'),
      intraOpThreads: 1,
      onStatus: () => {},
      onLibraryChanged: () => {},
    });
    try {
      scans.enqueue([realPhotoFolder(24)]);
      // A few photos decoded, so libvips' and onnxruntime's threads have started.
      await expect.poll(() => scans.status().progress?.done ?? 0, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(3);
      // Held between photos, so the process is still there to look at.
      scans.pause();
      const runsIn = scans.runsIn()!;
      expect(runsIn).toEqual({ pid: expect.any(Number), priority: 'idle' });
      expect(runsIn.pid).not.toBe(process.pid);
      const scanThreads = [...threadScheduling(runsIn.pid).values()];
      // The main thread, V8's, libuv's pool (which runs the decodes), libvips', onnxruntime's.
      expect(scanThreads.length).toBeGreaterThan(8);
      expect(scanThreads.filter((t) => t.policy !== SCHED_IDLE)).toEqual([]);
      // The host's threads are left as they were; with the scan in this process, libuv's pool
      // threads decoded for it at the host's priority and the scan could not be put below the page.
      for (const [tid, before] of hostBefore) {
        const now = threadScheduling().get(tid);
        if (now) expect(now).toEqual(before);
      }
      expect(os.getPriority(process.pid)).toBe(hostBefore.get(process.pid)!.nice);
    } finally {
      scans.cancel();
      await scans.close();
    }
  });

  it('leaves a command-line scan (no page to answer) at the priority it was started with', async () => {
    const dir = tempDir();
    const before = threadScheduling();
    const controller = new ScanController({ dbPath: path.join(dir, 'lib.db'), modelPath: FIXTURE_MODEL, thumbnailsDir: path.join(dir, 'thumbs'), intraOpThreads: 1 });
    try {
      const scan = controller.scan(realPhotoFolder(8));
      await expect.poll(() => controller.status().runsIn, { timeout: 60_000, interval: 20 }).not.toBeNull();
      controller.pause();
      expect(controller.status().runsIn).toEqual({ pid: process.pid, priority: 'as started' });
      // Threads that were there keep their scheduling; new ones (the scan's) run as the main thread.
      const main = before.get(process.pid)!;
      const changed = [...threadScheduling()].filter(([tid, s]) => {
        const was = before.get(tid) ?? main;
        return s.nice !== was.nice || s.policy !== was.policy;
      });
      expect(changed).toEqual([]);
      controller.resume();
      await scan;
    } finally {
      await controller.close();
    }
  });
});
