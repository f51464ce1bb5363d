import path from 'node:path';
import { defaultDatabasePath, defaultModelPath, thumbnailsDirFor } from '../core/app-paths.js';
import { QualityModel } from '../core/inference/quality-model.js';
import { ScanController } from '../core/pipeline/scan-controller.js';
import { resolveLibraryRoot } from '../core/scan/library-root.js';
import type { ScanReport } from '../core/pipeline/scan-library.js';
import { recoverLibrary } from '../core/recovery/recover-library.js';
import { LibraryStore } from '../core/store/library-store.js';
import { reportRecovery } from './library-command.js';
import { LibraryQueries } from '../core/store/library-queries.js';
import { FAILURE_STAGES } from '../core/store/types.js';
import { duration, executionLine, photoTable } from './format.js';
import { describeSkipped } from '../core/scan/skipped-files.js';
import { progressDisplay } from './progress-display.js';

export interface ScanArgs {
  readonly folder: string;
  readonly db?: string;
  readonly model?: string;
  readonly threads?: number;
  readonly cpu?: boolean;
  /** Providers to try in order (--provider webgpu,cpu); the CPU always ends the list. */
  readonly providers?: readonly string[];
  readonly verbose?: boolean;
}


export async function scanCommand(args: ScanArgs, out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const dbPath = path.resolve(args.db ?? defaultDatabasePath());
  const modelPath = args.model ?? defaultModelPath();
  // Fail fast, in this process, on what the user must fix: the folder (before the database, so a
  // typo creates no empty library), the database, the model.
  const folder = await resolveLibraryRoot(args.folder);
  const store = LibraryStore.open(dbPath);
  try {
    reportRecovery(await recoverLibrary(store), err);
  } finally {
    store.close();
  }
  const probe = await QualityModel.load(modelPath, {
    forceCpu: true,
    onProviderFallback: () => {},
  });
  const { name, version } = probe.metadata;
  await probe.close();

  const controller = new ScanController({
    dbPath,
    modelPath,
    thumbnailsDir: thumbnailsDirFor(dbPath),
    ...(args.threads ? { intraOpThreads: args.threads } : {}),
    forceCpu: args.cpu ?? false,
    ...(args.providers ? { providers: args.providers } : {}),
  });
  const display = progressDisplay(err);
  let announced: string | null = null;
  controller.on('status', (s) => {
    if (!announced && s.execution) {
      announced = s.execution;
      out.write(`Scanning ${folder} with ${name} ${version} ${executionLine(s.execution, s.providerNotes)}\n`);
    } else if (announced && s.execution && s.execution !== announced) {
      // The provider passed its check but failed on its first photo: the scan goes on elsewhere.
      announced = s.execution;
      err.write(`\nnow scoring ${executionLine(s.execution, s.providerNotes)}\n`);
    }
    if (s.progress) display.update(s.progress);
  });
  const onSignal = () => {
    err.write('\nstopping after the photos in flight (press Ctrl+C again to quit at once)...\n');
    controller.cancel();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  let report: ScanReport;
  try {
    report = await controller.scan(folder);
  } finally {
    display.stop();
    process.removeListener('SIGINT', onSignal);
    await controller.close();
  }
  if (args.verbose) for (const line of controller.fallbacks()) err.write(`${line}\n`);
  printSummary(report, dbPath, name, version, out);
  return report.cancelled ? 130 : 0;
}

function printSummary(report: ScanReport, dbPath: string, modelName: string, modelVersion: string, out: NodeJS.WriteStream): void {
  const seconds = report.elapsedMs / 1000;
  const rate = report.analysed > 0 ? ` (${(report.analysed / seconds).toFixed(1)} photos/s)` : '';
  out.write(
    `${report.cancelled ? 'Cancelled' : 'Done'} in ${duration(seconds)}${rate}: ${report.found} photos found, ` +
      `${report.scored} scored, ${report.failed} failed, ${report.unchanged} unchanged, ${report.nowMissing} now missing` +
      (report.problems ? `, ${report.problems} problems` : '') +
      '\n',
  );
  if (report.skipped.length > 0) out.write(`Skipped (not photos Winnow reads): ${describeSkipped(report.skipped)} (winnow list --errors lists them)\n`);
  if (report.cancelled) out.write('Run the same command again to finish: photos already scored are kept.\n');

  const store = LibraryStore.open(dbPath, { readonly: true });
  try {
    const modelId = store.modelId(modelName, modelVersion);
    const counts = store.counts(modelId, report.root.id);
    if (counts.scored > 0) {
      const top = new LibraryQueries(store.db).listRows({ modelId, rootId: report.root.id, sort: 'quality', order: 'desc', limit: 5 });
      const bottom = new LibraryQueries(store.db).listRows({ modelId, rootId: report.root.id, sort: 'quality', order: 'asc', limit: 5 });
      out.write(`\nBest of ${counts.scored}:\n${photoTable(top)}\n\nWeakest:\n${photoTable(bottom)}\n`);
    }
    const failures = store.photoErrors(report.root.id).filter((e) => FAILURE_STAGES.includes(e.stage));
    const skipped = store.scanErrors(report.root.id);
    if (failures.length + skipped.length > 0) {
      out.write(`\nProblems (${failures.length} photos failed, ${skipped.length} entries not scanned):\n`);
      for (const f of failures.slice(0, 20)) out.write(`  ${f.path}: ${f.message}\n`);
      for (const s of skipped.slice(0, 10)) out.write(`  ${s.path}: ${s.message}\n`);
      const more = failures.length - Math.min(20, failures.length) + skipped.length - Math.min(10, skipped.length);
      if (more > 0) out.write(`  ... and ${more} more (winnow list --errors)\n`);
    }
  } finally {
    store.close();
  }
  out.write(`\nLibrary: ${dbPath}\n`);
}
