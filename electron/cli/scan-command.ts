import path from 'node:path';
import { defaultDatabasePath, defaultModelPath, thumbnailsDirFor } from '../core/app-paths.js';
import { QualityModel } from '../core/inference/quality-model.js';
import { scanLibrary } from '../core/pipeline/scan-library.js';
import { LibraryStore } from '../core/store/library-store.js';
import { duration, photoTable } from './format.js';
import { progressDisplay } from './progress-display.js';

export interface ScanArgs {
  readonly folder: string;
  readonly db?: string;
  readonly model?: string;
  readonly threads?: number;
}

export async function scanCommand(args: ScanArgs, out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const dbPath = path.resolve(args.db ?? defaultDatabasePath());
  const store = LibraryStore.open(dbPath);
  let model: QualityModel | null = null;
  const abort = new AbortController();
  const onSignal = () => {
    err.write('\nstopping after the photos in flight (press Ctrl+C again to quit at once)...\n');
    abort.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  try {
    model = await QualityModel.load(args.model ?? defaultModelPath(), { intraOpThreads: args.threads ?? 1 });
    out.write(`Scanning ${path.resolve(args.folder)} with ${model.metadata.name} ${model.metadata.version} on ${model.executionProvider.toUpperCase()}\n`);
    const display = progressDisplay(err);
    const report = await scanLibrary(store, model, args.folder, {
      thumbnailsDir: thumbnailsDirFor(dbPath),
      signal: abort.signal,
      onProgress: (p) => display.update(p),
    });
    display.stop();

    const seconds = report.elapsedMs / 1000;
    const rate = report.analysed > 0 ? ` (${(report.analysed / seconds).toFixed(1)} photos/s)` : '';
    out.write(
      `${report.cancelled ? 'Cancelled' : 'Done'} in ${duration(seconds)}${rate}: ${report.found} photos found, ` +
        `${report.scored} scored, ${report.failed} failed, ${report.unchanged} unchanged, ${report.nowMissing} now missing` +
        (report.problems ? `, ${report.problems} skipped entries` : '') +
        '\n',
    );
    if (report.cancelled) out.write('Run the same command again to finish: photos already scored are kept.\n');

    const modelId = store.modelId(model.metadata.name, model.metadata.version);
    const counts = store.counts(modelId, report.root.id);
    if (counts.scored > 0) {
      const top = store.listPhotos({ modelId, rootId: report.root.id, sort: 'quality', order: 'desc', limit: 5 });
      const bottom = store.listPhotos({ modelId, rootId: report.root.id, sort: 'quality', order: 'asc', limit: 5 });
      out.write(`\nBest of ${counts.scored}:\n${photoTable(top)}\n\nWeakest:\n${photoTable(bottom)}\n`);
    }
    const failures = store.photoErrors(report.root.id).filter((e) => e.stage !== 'metadata');
    const skipped = store.scanErrors(report.root.id);
    if (failures.length + skipped.length > 0) {
      out.write(`\nProblems (${failures.length} photos failed, ${skipped.length} entries skipped):\n`);
      for (const f of failures.slice(0, 20)) out.write(`  ${f.path}: ${f.message}\n`);
      for (const s of skipped.slice(0, 10)) out.write(`  ${s.path}: ${s.message}\n`);
      const more = failures.length - Math.min(20, failures.length) + skipped.length - Math.min(10, skipped.length);
      if (more > 0) out.write(`  ... and ${more} more (winnow list --errors)\n`);
    }
    out.write(`\nLibrary: ${dbPath}\n`);
    return report.cancelled ? 130 : 0;
  } finally {
    process.removeListener('SIGINT', onSignal);
    await model?.close();
    store.close();
  }
}
