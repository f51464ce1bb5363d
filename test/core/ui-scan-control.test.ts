import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { UiScanControl } from '../../electron/core/pipeline/ui-scan-control.js';
import { FIXTURE_MODEL, realPhotoFolder, tempDir } from '../helpers/paths.js';

function scoresIn(db: string): number {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return (conn.prepare('SELECT COUNT(*) AS n FROM scores').get() as { n: number }).n;
  } finally {
    conn.close();
  }
}

describe('the UI scan control', () => {
  it('tells the page the library changed once a paused scan holds, with every photo it scored written', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'lib.db');
    // What the page would read at each library-changed: the scores then in the database.
    const changes: number[] = [];
    const scans = new UiScanControl({
      dbPath: db,
      modelPath: FIXTURE_MODEL,
      thumbnailsDir: path.join(dir, 'thumbs'),
      intraOpThreads: 1,
      onStatus: () => {},
      onLibraryChanged: () => changes.push(scoresIn(db)),
    });
    try {
      scans.enqueue([realPhotoFolder(30)]);
      await expect.poll(() => scans.status().progress?.done ?? 0, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(3);
      scans.pause();
      // The photos in flight finish, then the count holds.
      let done = -1;
      for (let i = 0; i < 60; i++) {
        const before = scans.status().progress!.done;
        await new Promise((r) => setTimeout(r, 500));
        if (scans.status().progress!.done === before) {
          done = before;
          break;
        }
      }
      expect(done).toBeGreaterThanOrEqual(3);
      expect(done).toBeLessThan(30);
      // A library-changed came after the scan held, and the page then finds every photo it scored.
      await expect.poll(() => changes.at(-1), { timeout: 5_000 }).toBe(done);
    } finally {
      scans.cancel();
      await scans.close();
    }
  });
});
