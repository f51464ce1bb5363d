import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DecisionService } from '../../electron/core/decisions/decision-service.js';
import { ScanController } from '../../electron/core/pipeline/scan-controller.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { LibraryQueries } from '../../electron/core/store/library-queries.js';
import { FIXTURE_MODEL, realPhotos, tempDir } from '../helpers/paths.js';
import { seedLibrary } from '../helpers/seed-library.js';
import { iterations, recordStress, seededRandom } from '../helpers/stress.js';

describe('load: the user works on a large library while a scan writes to it', () => {
  it('loses no write and never surfaces SQLITE_BUSY', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'library.db');
    const rows = iterations(20_000, 100_000);
    const ui = LibraryStore.open(db);
    const { ids, modelId } = seedLibrary(ui, rows);

    const lib = tempDir('winnow-load-lib-');
    for (const p of realPhotos(iterations(20, 60))) fs.copyFileSync(p, path.join(lib, path.basename(p)));
    const controller = new ScanController({ dbPath: db, modelPath: FIXTURE_MODEL, thumbnailsDir: path.join(dir, 'thumbnails'), intraOpThreads: 1 });
    const decisions = new DecisionService(ui.db, { writeSidecars: false });
    const random = seededRandom(7);
    const expected = new Map<number, number>();
    const failures: string[] = [];
    let writes = 0;
    let reads = 0;

    const scan = controller.scan(lib);
    let scanning = true;
    void scan.finally(() => (scanning = false));
    while (scanning) {
      try {
        const id = ids[Math.floor(random() * ids.length)]!;
        const rating = Math.floor(random() * 6);
        await decisions.decide([id], { rating });
        expected.set(id, rating);
        writes++;
        const page = new LibraryQueries(ui.db).listRows({ modelId, sort: 'quality', order: 'desc', minQuality: random() * 50, limit: 200 });
        if (page.length === 0) failures.push('empty page');
        reads++;
      } catch (err) {
        failures.push((err as Error).message);
      }
      // Yield so the worker's progress messages are handled, as a UI's event loop would.
      await new Promise((r) => setImmediate(r));
    }
    const report = await scan;
    await controller.close();

    expect(failures).toEqual([]);
    expect(report.failed).toBe(0);
    expect(writes).toBeGreaterThan(10);
    const check = ui.db.prepare('SELECT rating FROM photos WHERE id = ?');
    for (const [id, rating] of expected) expect((check.get(id) as { rating: number }).rating, `photo ${id}`).toBe(rating);
    ui.close();
    recordStress('load during scan', { rows, scanned: report.scored, decisions: writes, pageQueries: reads, busyErrors: 0, losses: 0 });
  });
});
