import { executeMove, planRejectMove } from '../core/culling/move-rejects.js';
import { DecisionService } from '../core/decisions/decision-service.js';
import { WinnowError } from '../core/errors.js';
import { openLibrary, parseCommand, plural, usageError, type CommandIo } from './library-command.js';

export const REJECTS_USAGE = 'winnow rejects list [--db FILE]   winnow rejects move <folder> [--yes] [--db FILE]';

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Lists rejected photos, or moves them (with sidecars) to a folder after confirmation; "winnow undo" moves them back. */
export async function rejectsCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, { yes: { type: 'boolean' } }, REJECTS_USAGE);
  const [action, folder, ...extra] = positionals;
  if (action === 'list' && !folder) return listRejects(values.db, io);
  if (action !== 'move' || !folder || extra.length > 0) usageError('use "rejects list" or "rejects move <folder>"', REJECTS_USAGE);
  const { store } = await openLibrary(values.db, { err: io.err });
  try {
    const plan = await planRejectMove(store, folder);
    if (plan.moves.length === 0) {
      io.out.write('No rejected photos to move.\n');
      return 0;
    }
    const question = `Move ${plural(plan.moves.length, 'rejected photo')} (${megabytes(plan.bytes)}) and their sidecars to ${plan.targetFolder}?`;
    if (!values.yes) {
      if (!io.confirm) throw new WinnowError('USAGE', `${question}\nNot a terminal, so nobody can confirm: add --yes to move without asking.`);
      if (!(await io.confirm(question))) {
        io.out.write('Nothing moved.\n');
        return 0;
      }
    }
    const report = await executeMove(store, plan, (done, total) => done % 100 === 0 && done > 0 && io.err.write(`moved ${done}/${total}\n`));
    for (const p of report.problems) io.err.write(`not moved: ${p.path}: ${p.message}\n`);
    io.out.write(`Moved ${plural(report.moved, 'photo')} to ${plan.targetFolder}; the library follows them. Undo with "winnow undo".\n`);
    return report.problems.length > 0 ? 1 : 0;
  } finally {
    store.close();
  }
}

async function listRejects(db: string | undefined, io: CommandIo): Promise<number> {
  const { store } = await openLibrary(db, { readonly: true, err: io.err });
  try {
    const rejects = new DecisionService(store.db).store.photosWithPick(-1);
    for (const r of rejects) io.out.write(`${r.path}\n`);
    io.out.write(`${plural(rejects.length, 'rejected photo')}.\n`);
    return 0;
  } finally {
    store.close();
  }
}
