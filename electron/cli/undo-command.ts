import { redoNext, undoLast, type RevertResult } from '../core/culling/undo-redo.js';
import { DecisionService } from '../core/decisions/decision-service.js';
import { numberValue, openLibrary, parseCommand, plural, reportSidecarProblems, type CommandIo } from './library-command.js';

export const UNDO_USAGE = 'winnow undo|redo [--db FILE]   winnow history [--limit N] [--db FILE]';

function report(io: CommandIo, verb: 'undo' | 'redo', result: RevertResult): number {
  if (!result.action) {
    io.out.write(`Nothing to ${verb}.\n`);
    return 0;
  }
  reportSidecarProblems(io, result.sidecars.problems);
  for (const p of result.problems) io.err.write(`not moved: ${p.path}: ${p.message}\n`);
  io.out.write(`${verb === 'undo' ? 'Undid' : 'Redid'}: ${result.action.label} (${plural(result.photos, 'photo')}).\n`);
  if (result.problems.length > 0) io.out.write(`${plural(result.problems.length, 'photo')} could not be moved; fix the cause and run "winnow ${verb}" again to finish.\n`);
  return result.problems.length > 0 ? 1 : 0;
}

/** Reverts the newest action (decisions or moved rejects). */
export async function undoCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseCommand(argv, {}, UNDO_USAGE);
  const { store } = await openLibrary(values.db, { err: io.err });
  try {
    return report(io, 'undo', await undoLast(store, new DecisionService(store.db), (done, total) => total > 20 && done % 50 === 0 && io.err.write(`moved back ${done}/${total}\n`)));
  } finally {
    store.close();
  }
}

export async function redoCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseCommand(argv, {}, UNDO_USAGE);
  const { store } = await openLibrary(values.db, { err: io.err });
  try {
    return report(io, 'redo', await redoNext(store, new DecisionService(store.db)));
  } finally {
    store.close();
  }
}

/** The undo history, newest first; undone actions (redo-able) are marked. */
export async function historyCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseCommand(argv, { limit: { type: 'string' } }, UNDO_USAGE);
  const limit = numberValue(values.limit, 'limit', UNDO_USAGE, [1, 10_000], true) ?? 20;
  const { store } = await openLibrary(values.db, { readonly: true });
  try {
    const actions = new DecisionService(store.db).store.history(limit);
    if (actions.length === 0) io.out.write('No actions yet.\n');
    for (const a of actions) io.out.write(`${new Date(a.createdAt).toISOString().slice(0, 19).replace('T', ' ')}  ${a.undone ? '(undone) ' : ''}${a.label}\n`);
    return 0;
  } finally {
    store.close();
  }
}
