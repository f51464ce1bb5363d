import { exportPicks } from '../core/culling/export-picks.js';
import { openLibrary, parseCommand, plural, usageError, type CommandIo } from './library-command.js';

export const EXPORT_USAGE = 'winnow export <folder> [--db FILE]';

/** Copies the picked photos with their sidecars into a folder, with progress on stderr. */
export async function exportCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, {}, EXPORT_USAGE);
  if (positionals.length !== 1) usageError('export needs exactly one target folder', EXPORT_USAGE);
  const { store } = await openLibrary(values.db, { err: io.err });
  let lastAt = 0;
  try {
    const report = await exportPicks(store, positionals[0]!, {
      onProgress: (p) => {
        if (Date.now() - lastAt < 2000 && p.done !== p.total) return;
        lastAt = Date.now();
        io.err.write(`copied ${p.done}/${p.total} (${(p.bytesDone / 1e6).toFixed(1)} of ${(p.bytesTotal / 1e6).toFixed(1)} MB)\n`);
      },
    });
    for (const p of report.problems) io.err.write(`not copied: ${p.path}: ${p.message}\n`);
    io.out.write(`Exported ${plural(report.copied, 'picked photo')} and ${plural(report.sidecars, 'sidecar')}.\n`);
    return report.problems.length > 0 ? 1 : 0;
  } finally {
    store.close();
  }
}
