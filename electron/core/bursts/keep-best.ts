import type { DecisionOutcome, DecisionService } from '../decisions/decision-service.js';
import { DEFAULT_RANK_SETTINGS, rankBurst, type RankSettings } from './best-frame.js';
import type { CandidatePhoto } from '../store/burst-candidates.js';
import { DEFAULT_BURST_SETTINGS, groupBursts, type BurstSettings } from './group-bursts.js';

export interface BurstSuggestion {
  /** Frames best first (see rankBurst). */
  readonly frames: CandidatePhoto[];
  readonly best: CandidatePhoto;
  /** Frames "keep best, reject the rest" would reject: all but the best, less those the user picked. */
  readonly toReject: CandidatePhoto[];
  readonly soft: CandidatePhoto[];
}

/** The reviewable plan: every burst with its suggested best frame and what would be rejected. */
export function suggestBursts(
  photos: readonly CandidatePhoto[],
  burst: BurstSettings = DEFAULT_BURST_SETTINGS,
  rank: RankSettings = DEFAULT_RANK_SETTINGS,
): BurstSuggestion[] {
  return groupBursts(photos, burst).map((group) => {
    const { best, ranked, soft } = rankBurst(group, rank);
    // A frame the photographer picked by hand is their call, never overruled by a suggestion.
    const toReject = ranked.filter((f) => f !== best && f.pick !== 1);
    return { frames: ranked, best, toReject, soft: ranked.filter((f) => soft.has(f)) };
  });
}

/**
 * Applies "keep best, reject the rest" to the reviewed suggestions as one undoable action: each
 * best frame is picked (so it shows among the picks and exports), the rest rejected.
 */
export function applyKeepBest(decisions: DecisionService, suggestions: readonly BurstSuggestion[]): Promise<DecisionOutcome> {
  const bestIds = suggestions.map((s) => s.best.id);
  const rejectIds = suggestions.flatMap((s) => s.toReject.map((f) => f.id));
  return decisions.decideBatch(
    [
      { photoIds: bestIds, change: { pick: 1 } },
      { photoIds: rejectIds, change: { pick: -1 } },
    ],
    `keep best of ${suggestions.length} burst${suggestions.length === 1 ? '' : 's'}, reject ${rejectIds.length}`,
  );
}
