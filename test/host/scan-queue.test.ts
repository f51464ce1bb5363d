import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QualityModel } from '../../electron/core/inference/quality-model.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { ScanQueue } from '../../electron/host/scan-queue.js';
import type { ScanStatus } from '../../electron/shared/api-contract.js';
import { FIXTURE_MODEL, realPhotos, tempDir } from '../helpers/paths.js';

const work = tempDir('winnow-queue-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('in-process scan queue', () => {
  it('scans, pauses after the photos in flight, resumes where it stopped, and cancels', async () => {
    const photos = path.join(work, 'photos');
    fs.mkdirSync(photos);
    for (const f of realPhotos(30)) fs.copyFileSync(f, path.join(photos, path.basename(f)));
    const store = LibraryStore.open(path.join(work, 'library.db'));
    const statuses: ScanStatus[] = [];
    let changes = 0;
    const queue = new ScanQueue(store, {
      thumbnailsDir: path.join(work, 'thumbnails'),
      loadModel: () => QualityModel.load(FIXTURE_MODEL, { intraOpThreads: 1 }),
      onStatus: (s) => statuses.push(s),
      onLibraryChanged: () => changes++,
      progressIntervalMs: 0,
    });
    try {
      queue.enqueue([photos]);
      await expect.poll(() => queue.status().progress?.done ?? 0, { timeout: 30_000 }).toBeGreaterThan(3);
      expect(queue.pause().state).toBe('paused');
      await queue.idle();
      const scoredWhilePaused = store.counts(store.latestModelId()).scored;
      expect(scoredWhilePaused).toBeLessThan(30);
      expect(queue.status()).toMatchObject({ state: 'paused', active: photos });

      queue.resume();
      await queue.idle();
      expect(queue.status().state).toBe('idle');
      expect(store.counts(store.latestModelId()).scored).toBe(30);
      expect(changes).toBeGreaterThan(0);
      expect(statuses.some((s) => s.state === 'paused')).toBe(true);

      // A rescan of an unchanged folder finds nothing to do; a cancel empties the queue.
      queue.enqueue([photos, path.join(work, 'nowhere')]);
      queue.cancel();
      await queue.idle();
      expect(queue.status()).toMatchObject({ state: 'idle', active: null, queued: [] });
    } finally {
      await queue.close();
      store.close();
    }
  });

  it('reports a folder that cannot be scanned and goes on', async () => {
    const store = LibraryStore.open(path.join(work, 'other.db'));
    const queue = new ScanQueue(store, {
      thumbnailsDir: path.join(work, 'thumbs2'),
      loadModel: () => QualityModel.load(FIXTURE_MODEL, { intraOpThreads: 1 }),
      onStatus: () => {},
      onLibraryChanged: () => {},
    });
    try {
      queue.enqueue([path.join(work, 'missing-folder')]);
      await queue.idle();
      expect(queue.status().lastError).toMatch(/missing-folder/);
      expect(queue.status().state).toBe('idle');
    } finally {
      await queue.close();
      store.close();
    }
  });
});
