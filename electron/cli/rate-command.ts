import fs from 'node:fs';
import path from 'node:path';
import { DecisionService, describeChange } from '../core/decisions/decision-service.js';
import { parseColorLabel, type DecisionChange, type PickFlag } from '../shared/decisions.js';
import { WinnowError } from '../core/errors.js';
import { numberValue, openLibrary, parseCommand, plural, reportSidecarProblems, usageError, type CommandIo } from './library-command.js';

export const RATE_USAGE = 'winnow rate <path...> [--stars N] [--pick|--reject|--unflag] [--label red|yellow|green|blue|purple|none] [--db FILE] [--no-sidecars]';

const OPTIONS = {
  stars: { type: 'string' },
  pick: { type: 'boolean' },
  reject: { type: 'boolean' },
  unflag: { type: 'boolean' },
  label: { type: 'string' },
  'no-sidecars': { type: 'boolean' },
} as const;

function changeFrom(values: { stars?: string; pick?: boolean; reject?: boolean; unflag?: boolean; label?: string }): DecisionChange {
  const flags = [values.pick, values.reject, values.unflag].filter(Boolean).length;
  if (flags > 1) usageError('use only one of --pick, --reject, --unflag', RATE_USAGE);
  const rating = numberValue(values.stars, 'stars', RATE_USAGE, [0, 5], true);
  const pick: PickFlag | undefined = values.pick ? 1 : values.reject ? -1 : values.unflag ? 0 : undefined;
  let colorLabel: DecisionChange['colorLabel'];
  if (values.label !== undefined) {
    colorLabel = values.label.toLowerCase() === 'none' ? null : parseColorLabel(values.label);
    if (colorLabel === null && values.label.toLowerCase() !== 'none') usageError(`unknown label "${values.label}"`, RATE_USAGE);
  }
  const change: DecisionChange = {
    ...(rating !== undefined ? { rating } : {}),
    ...(pick !== undefined ? { pick } : {}),
    ...(colorLabel !== undefined ? { colorLabel } : {}),
  };
  if (Object.keys(change).length === 0) usageError('say what to set: --stars, --pick/--reject/--unflag or --label', RATE_USAGE);
  return change;
}

/** Sets rating, pick flag and/or colour label on photos (or every photo under a folder), as one undoable action. */
export async function rateCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, OPTIONS, RATE_USAGE);
  if (positionals.length === 0) usageError('name at least one photo or folder', RATE_USAGE);
  const change = changeFrom(values);
  const { store } = await openLibrary(values.db, { err: io.err });
  try {
    const decisions = new DecisionService(store.db, { writeSidecars: !values['no-sidecars'] });
    const ids: number[] = [];
    const unknown: string[] = [];
    for (const given of positionals) {
      const abs = path.resolve(given);
      const found = fs.statSync(abs, { throwIfNoEntry: false })?.isDirectory() ? decisions.store.idsUnderFolder(abs, path.sep) : decisions.store.idsForPaths([abs]).ids;
      if (found.length === 0) unknown.push(given);
      ids.push(...found);
    }
    for (const u of unknown) io.err.write(`not in the library: ${u}\n`);
    if (ids.length === 0) throw new WinnowError('NOT_IN_LIBRARY', 'none of the given paths is a photo in the library (scan its folder first)');
    const outcome = await decisions.decide(ids, change);
    reportSidecarProblems(io, outcome.sidecars.problems);
    const unchanged = new Set(ids).size - outcome.changed.length;
    io.out.write(
      outcome.action
        ? `Set ${describeChange(change, outcome.changed.length)}${unchanged ? ` (${plural(unchanged, 'photo')} already so)` : ''}; ${plural(outcome.sidecars.written, 'sidecar')} written. Undo with "winnow undo".\n`
        : `Nothing to change: ${plural(unchanged, 'photo')} already so.\n`,
    );
    // Sidecar problems are per-file reports (the decision is saved); naming a photo the library lacks is an error.
    return unknown.length > 0 ? 1 : 0;
  } finally {
    store.close();
  }
}
