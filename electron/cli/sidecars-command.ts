import { DecisionService } from '../core/decisions/decision-service.js';
import { importSidecarDecisions } from '../core/decisions/import-sidecar.js';
import { openLibrary, parseCommand, plural, reportSidecarProblems, usageError, type CommandIo } from './library-command.js';

export const SIDECARS_USAGE = 'winnow sidecars write|import [--db FILE]';

/**
 * "write": every decided photo's sidecar brought in line with the library (after --no-sidecars
 * edits, or to hand a library to darktable). "import": decisions made in other tools read in.
 */
export async function sidecarsCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, {}, SIDECARS_USAGE);
  const [action] = positionals;
  if (positionals.length !== 1 || (action !== 'write' && action !== 'import')) usageError('use "sidecars write" or "sidecars import"', SIDECARS_USAGE);
  const { store } = await openLibrary(values.db, { err: io.err });
  try {
    if (action === 'write') {
      const decisions = new DecisionService(store.db);
      const summary = await decisions.syncSidecars(decisions.store.decidedPhotos());
      reportSidecarProblems(io, summary.problems);
      io.out.write(`Wrote ${plural(summary.written, 'sidecar')}${summary.problems.length ? `, ${summary.problems.length} left unchanged (see above)` : ''}.\n`);
      return 0;
    }
    const summary = await importSidecarDecisions(store.db, store.presentPhotos());
    for (const p of summary.problems) io.err.write(`sidecar not read: ${p.message}\n`);
    io.out.write(`Imported decisions for ${plural(summary.imported.length, 'photo')} from their sidecars.\n`);
    return 0;
  } finally {
    store.close();
  }
}
