import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryService } from '../../../electron/core/library-service.js';
import { inThreadReads } from '../../../electron/core/reads/library-reads.js';
import { ReadWorkerClient } from '../../../electron/core/reads/read-worker-client.js';
import { LibraryQueries } from '../../../electron/core/store/library-queries.js';
import { LibraryStore } from '../../../electron/core/store/library-store.js';
import { IDLE_SCAN_STATUS, type PhotoQuery } from '../../../electron/shared/api-contract.js';
import { scanWithFixture } from '../../helpers/library.js';
import { realPhotos, tempDir } from '../../helpers/paths.js';

/** The read worker over a real scanned library, against the same queries answered in this thread. */
let db: string;
let store: LibraryStore;
let worker: ReadWorkerClient;

beforeAll(async () => {
  const work = tempDir('winnow-reads-');
  const photos = path.join(work, 'photos');
  fs.mkdirSync(photos);
  for (const f of realPhotos(10)) fs.copyFileSync(f, path.join(photos, path.basename(f)));
  db = path.join(work, 'library.db');
  await scanWithFixture(photos, db);
  store = LibraryStore.open(db);
  worker = new ReadWorkerClient({ dbPath: db });
});

afterAll(async () => {
  await worker?.close();
  store?.close();
});

describe('the read worker', () => {
  it('answers every browsing read as the queries in this thread do', async () => {
    const here = inThreadReads(store, new LibraryQueries(store.db));
    const modelId = store.latestModelId()!;
    const range = [0, 100] as const;
    const query: PhotoQuery = { sort: 'quality', order: 'desc', limit: 4, offset: 2, withTotal: true };
    const first = (await here.page({ sort: 'name', limit: 1 }, modelId)).rows[0]!.id;
    expect(await worker.page(query, modelId)).toEqual(await here.page(query, modelId));
    expect(await worker.count({ minQuality: 1 }, modelId)).toEqual(await here.count({ minQuality: 1 }, modelId));
    expect(await worker.position(query, modelId, first)).toEqual(await here.position(query, modelId, first));
    expect(await worker.histogram({}, modelId, range)).toEqual(await here.histogram({}, modelId, range));
    expect(await worker.facets()).toEqual(await here.facets());
    expect(await worker.detail(first, modelId, range)).toEqual(await here.detail(first, modelId, range));
    expect(await worker.counts(modelId)).toEqual(await here.counts(modelId));
    expect(await worker.rootSummaries()).toEqual(await here.rootSummaries());
  });

  it('sees what the main connection wrote', async () => {
    const service = new LibraryService(store, { reads: worker, writeSidecars: false });
    const [a] = (await service.queryPhotos({ sort: 'name', limit: 1 })).rows;
    await service.decide([a!.id], { pick: 1 });
    expect((await service.queryPhotos({ pick: 'picked' })).rows.map((r) => r.id)).toEqual([a!.id]);
  });

  it('turns a database it cannot open into a per-request error', async () => {
    const missing = new ReadWorkerClient({ dbPath: path.join(tempDir(), 'none.db') });
    try {
      await expect(missing.facets()).rejects.toMatchObject({ code: 'DB_MISSING' });
    } finally {
      await missing.close();
    }
  });
});

describe('the service caches', () => {
  it('keep histograms through scan progress and drop them when the library changes', async () => {
    const service = new LibraryService(store, { writeSidecars: false });
    const before = await service.qualityHistogram({});
    for (let i = 0; i < 4; i++) service.emit({ name: 'scan', payload: { ...IDLE_SCAN_STATUS, state: 'scanning' } });
    expect(await service.qualityHistogram({})).toBe(before);
    service.emit({ name: 'library-changed', payload: null });
    expect(await service.qualityHistogram({})).not.toBe(before);
  });
});
