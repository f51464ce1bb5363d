import path from 'node:path';
import { applyKeepBest, suggestBursts } from '../core/bursts/keep-best.js';
import { DecisionService } from '../core/decisions/decision-service.js';
import { BURST_OPTIONS, burstSettings, scoredCandidates } from './cull-command.js';
import { openLibrary, parseCommand, plural, reportSidecarProblems, usageError, type CommandIo } from './library-command.js';

export const BURSTS_USAGE = 'winnow bursts [--gap SECONDS] [--distance BITS] [--apply] [--json] [--db FILE]';

function num(v: number | null): string {
  return v === null ? '-' : v.toFixed(1);
}

/** Lists bursts with the suggested best frame; --apply keeps the best and rejects the rest (one undoable action). */
export async function burstsCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, BURST_OPTIONS, BURSTS_USAGE);
  if (positionals.length > 0) usageError('bursts takes no positional arguments', BURSTS_USAGE);
  const { store, dbPath } = await openLibrary(values.db, { err: io.err });
  try {
    const suggestions = suggestBursts(await scoredCandidates(store, dbPath, io), burstSettings(values, BURSTS_USAGE));
    if (values.json) {
      const json = suggestions.map((s) => ({ best: s.best.path, frames: s.frames.map((f) => ({ path: f.path, quality: f.quality, sharpness: f.sharpness, reject: s.toReject.includes(f), soft: s.soft.includes(f) })) }));
      io.out.write(JSON.stringify(json, null, 2) + '\n');
    } else {
      for (const [i, s] of suggestions.entries()) {
        io.out.write(`Burst ${i + 1} (${plural(s.frames.length, 'frame')}) in ${path.dirname(s.best.path)}\n`);
        for (const f of s.frames) {
          const mark = f === s.best ? 'keep  ' : s.toReject.includes(f) ? 'reject' : 'picked';
          io.out.write(`  ${mark}  quality ${num(f.quality).padStart(5)}  sharp ${num(f.sharpness).padStart(5)}${s.soft.includes(f) ? ' (soft)' : '       '}  ${path.basename(f.path)}\n`);
        }
      }
      const rejects = suggestions.reduce((n, s) => n + s.toReject.length, 0);
      if (!values.apply) io.out.write(suggestions.length ? `\n${plural(suggestions.length, 'burst')}; keeping the best would reject ${plural(rejects, 'photo')}. Run again with --apply to do it.\n` : 'No bursts found.\n');
    }
    if (values.apply && suggestions.length > 0) {
      const outcome = await applyKeepBest(new DecisionService(store.db), suggestions);
      reportSidecarProblems(io, outcome.sidecars.problems);
      if (!values.json) io.out.write(`\nKept the best of ${plural(suggestions.length, 'burst')}, ${plural(outcome.changed.length, 'photo')} changed. Undo with "winnow undo".\n`);
    }
    return 0;
  } finally {
    store.close();
  }
}
