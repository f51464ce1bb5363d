import { thumbnailsDirFor } from '../core/app-paths.js';
import { candidatePhotos } from '../core/store/burst-candidates.js';
import { ensurePerceptualHashes } from '../core/bursts/ensure-hashes.js';
import { DEFAULT_BURST_SETTINGS, type BurstSettings } from '../core/bursts/group-bursts.js';
import { applyCull, suggestCull, type CullRules } from '../core/culling/auto-cull.js';
import { DecisionService } from '../core/decisions/decision-service.js';
import { WinnowError } from '../core/errors.js';
import type { LibraryStore } from '../core/store/library-store.js';
import { numberValue, openLibrary, parseCommand, plural, reportSidecarProblems, usageError, type CommandIo } from './library-command.js';

export const CULL_USAGE =
  'winnow cull [--min-quality N] [--min-sharpness N] [--burst-margin N] [--gap SECONDS] [--distance BITS] [--apply] [--json] [--db FILE]';

export const BURST_OPTIONS = {
  gap: { type: 'string' },
  distance: { type: 'string' },
  json: { type: 'boolean' },
  apply: { type: 'boolean' },
} as const;

export function burstSettings(values: { gap?: string; distance?: string }, usage: string): BurstSettings {
  return {
    gapSeconds: numberValue(values.gap, 'gap', usage, [0, 3600]) ?? DEFAULT_BURST_SETTINGS.gapSeconds,
    maxDistance: numberValue(values.distance, 'distance', usage, [0, 64], true) ?? DEFAULT_BURST_SETTINGS.maxDistance,
  };
}

/** Hashes what lacks a hash (bursts need them), then the photos with their scores under the latest model. */
export async function scoredCandidates(store: LibraryStore, dbPath: string, io: CommandIo) {
  const modelId = store.latestModelId();
  if (modelId === null) throw new WinnowError('NO_SCORES', 'no photo in this library has been scored yet (run "winnow scan <folder>")');
  const hashes = await ensurePerceptualHashes(store.db, thumbnailsDirFor(dbPath));
  if (hashes.computed > 0) io.err.write(`computed ${plural(hashes.computed, 'perceptual hash')}\n`);
  for (const f of hashes.failed) io.err.write(`no hash for ${f.path}: ${f.message}\n`);
  return candidatePhotos(store.db, modelId);
}

/** Previews the photos the rules would reject; rejects them (one undoable action) only with --apply. */
export async function cullCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommand(
    argv,
    { 'min-quality': { type: 'string' }, 'min-sharpness': { type: 'string' }, 'burst-margin': { type: 'string' }, ...BURST_OPTIONS },
    CULL_USAGE,
  );
  if (positionals.length > 0) usageError('cull takes no positional arguments', CULL_USAGE);
  const rules: CullRules = {
    ...(values['min-quality'] !== undefined ? { minQuality: numberValue(values['min-quality'], 'min-quality', CULL_USAGE)! } : {}),
    ...(values['min-sharpness'] !== undefined ? { minSharpness: numberValue(values['min-sharpness'], 'min-sharpness', CULL_USAGE)! } : {}),
    ...(values['burst-margin'] !== undefined ? { burstMargin: numberValue(values['burst-margin'], 'burst-margin', CULL_USAGE, [0, Infinity])! } : {}),
    burst: burstSettings(values, CULL_USAGE),
  };
  if (rules.minQuality === undefined && rules.minSharpness === undefined && rules.burstMargin === undefined) {
    usageError('give at least one rule: --min-quality, --min-sharpness or --burst-margin', CULL_USAGE);
  }
  const { store, dbPath } = await openLibrary(values.db, { err: io.err });
  try {
    const suggestions = suggestCull(await scoredCandidates(store, dbPath, io), rules);
    if (values.json) io.out.write(JSON.stringify(suggestions.map((s) => ({ path: s.photo.path, quality: s.photo.quality, sharpness: s.photo.sharpness, reasons: s.reasons })), null, 2) + '\n');
    else for (const s of suggestions) io.out.write(`${s.photo.path}\n    ${s.reasons.join('; ')}\n`);
    if (!values.apply) {
      if (!values.json) io.out.write(suggestions.length ? `\n${plural(suggestions.length, 'photo')} would be rejected. Run again with --apply to reject them.\n` : 'No photo matches the rules.\n');
      return 0;
    }
    const outcome = await applyCull(new DecisionService(store.db), suggestions);
    reportSidecarProblems(io, outcome.sidecars.problems);
    if (!values.json) io.out.write(`\nRejected ${plural(outcome.changed.length, 'photo')}. Undo with "winnow undo".\n`);
    return 0;
  } finally {
    store.close();
  }
}
