import path from 'node:path';
import { QualityModel } from '../../electron/core/inference/quality-model.js';
import { scanLibrary, type ScanOptions, type ScanReport } from '../../electron/core/pipeline/scan-library.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { FIXTURE_MODEL } from './paths.js';

/** Scans a folder into a database through the real pipeline with the fixture model. */
export async function scanWithFixture(folder: string, dbPath: string, options: Partial<ScanOptions> = {}): Promise<ScanReport> {
  const store = LibraryStore.open(dbPath);
  const model = await QualityModel.load(FIXTURE_MODEL);
  try {
    return await scanLibrary(store, model, folder, { thumbnailsDir: path.join(path.dirname(dbPath), 'thumbnails'), ...options });
  } finally {
    await model.close();
    store.close();
  }
}
