import { DEFAULT_RANK_SETTINGS, rankBurst, type RankSettings } from '../bursts/best-frame.js';
import type { CandidatePhoto } from '../store/burst-candidates.js';
import { DEFAULT_BURST_SETTINGS, groupBursts, type BurstSettings } from '../bursts/group-bursts.js';
import type { DecisionOutcome, DecisionService } from '../decisions/decision-service.js';

export interface CullRules {
  /** Reject photos scoring below this quality (model score points). */
  readonly minQuality?: number;
  /** Reject photos below this sharpness (the scan's RMS-Laplacian measure). */
  readonly minSharpness?: number;
  /**
   * In a burst, reject frames more than this many quality points below the burst's best, and
   * frames much softer than the burst's sharpest (RankSettings.sharpnessRatio). Judging against
   * siblings works where absolute thresholds cannot: a dim concert burst may score low throughout,
   * yet one frame is still clearly the keeper.
   */
  readonly burstMargin?: number;
  readonly burst?: BurstSettings;
  readonly rank?: RankSettings;
}

export interface CullSuggestion {
  readonly photo: CandidatePhoto;
  /** Why, in words, for the preview ("quality 31.2 < 40"). */
  readonly reasons: string[];
}

/**
 * The auto-cull preview: photos the rules would reject, with the reasons. Only suggestions;
 * nothing changes until applyCull. Photos the user picked are never suggested, photos already
 * rejected or without a score are left out.
 */
export function suggestCull(photos: readonly CandidatePhoto[], rules: CullRules): CullSuggestion[] {
  const reasons = new Map<CandidatePhoto, string[]>();
  const add = (p: CandidatePhoto, why: string) => reasons.set(p, [...(reasons.get(p) ?? []), why]);
  const open = photos.filter((p) => p.pick === 0 && p.quality !== null);
  for (const p of open) {
    if (rules.minQuality !== undefined && p.quality! < rules.minQuality) add(p, `quality ${p.quality!.toFixed(1)} < ${rules.minQuality}`);
    if (rules.minSharpness !== undefined && p.sharpness !== null && p.sharpness < rules.minSharpness) add(p, `sharpness ${p.sharpness.toFixed(1)} < ${rules.minSharpness}`);
  }
  if (rules.burstMargin !== undefined) {
    for (const group of groupBursts(photos, rules.burst ?? DEFAULT_BURST_SETTINGS)) burstReasons(group, rules.burstMargin, rules.rank ?? DEFAULT_RANK_SETTINGS, add);
  }
  return open.filter((p) => reasons.has(p)).map((p) => ({ photo: p, reasons: reasons.get(p)! }));
}

function burstReasons(group: CandidatePhoto[], margin: number, rank: RankSettings, add: (p: CandidatePhoto, why: string) => void): void {
  const { best, soft } = rankBurst(group, rank);
  const name = best.path.split(/[\\/]/).pop();
  for (const frame of group) {
    if (frame === best || frame.pick !== 0 || frame.quality === null) continue;
    if (best.quality !== null && frame.quality < best.quality - margin) add(frame, `${(best.quality - frame.quality).toFixed(1)} below the best of its burst (${name})`);
    if (soft.has(frame)) add(frame, `much softer than the best of its burst (${name})`);
  }
}

/** Rejects the previewed photos as one undoable action. */
export function applyCull(decisions: DecisionService, suggestions: readonly CullSuggestion[]): Promise<DecisionOutcome> {
  const ids = suggestions.map((s) => s.photo.id);
  return decisions.decide(ids, { pick: -1 }, `auto-cull: reject ${ids.length} photo${ids.length === 1 ? '' : 's'}`);
}
