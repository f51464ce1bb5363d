export interface RankSettings {
  /**
   * A frame softer than this fraction of the burst's sharpest frame cannot be the best. Frames of a
   * burst show the same scene, so a large drop in sharpness is missed focus or motion blur, a fault
   * an aesthetic score tends to forgive.
   */
  readonly sharpnessRatio: number;
  /** Quality scores closer than this (in score points) count as a tie, decided by sharpness. */
  readonly qualityTie: number;
}

export const DEFAULT_RANK_SETTINGS: RankSettings = { sharpnessRatio: 0.6, qualityTie: 2 };

interface Rankable {
  readonly quality: number | null;
  readonly sharpness: number | null;
}

export interface RankedBurst<T> {
  readonly best: T;
  /** Best first, then the other sharp-enough frames by quality, then the soft ones by sharpness. */
  readonly ranked: T[];
  /** Frames that failed the sharpness gate. */
  readonly soft: Set<T>;
}

const byQuality = (a: Rankable, b: Rankable) => (b.quality ?? -Infinity) - (a.quality ?? -Infinity);
const bySharpness = (a: Rankable, b: Rankable) => (b.sharpness ?? -Infinity) - (a.sharpness ?? -Infinity);

/**
 * Picks the best frame of a burst in two steps: first sharpness as a gate (frames much softer than
 * the sharpest are out), then the model's quality among the frames left, where near-equal scores
 * are decided by sharpness. A gate rather than a weighted sum, because the two are not on one
 * scale: quality judges the picture (expression, composition, light), sharpness only whether it is
 * in focus, and a frame that is out of focus is not rescued by a better expression.
 */
export function rankBurst<T extends Rankable>(frames: readonly T[], settings: RankSettings = DEFAULT_RANK_SETTINGS): RankedBurst<T> {
  if (frames.length === 0) throw new Error('cannot rank an empty burst');
  const maxSharp = Math.max(...frames.map((f) => f.sharpness ?? -Infinity));
  const soft = new Set(Number.isFinite(maxSharp) ? frames.filter((f) => (f.sharpness ?? -Infinity) < settings.sharpnessRatio * maxSharp) : []);
  const sharp = frames.filter((f) => !soft.has(f)).sort(byQuality);
  const top = sharp[0]!.quality;
  const contenders = top === null ? sharp : sharp.filter((f) => f.quality !== null && f.quality >= top - settings.qualityTie);
  const best = [...contenders].sort(bySharpness)[0]!;
  const ranked = [best, ...sharp.filter((f) => f !== best), ...[...soft].sort(bySharpness)];
  return { best, ranked, soft };
}
