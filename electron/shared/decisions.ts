/** Lightroom's colour label names, which xmp:Label carries verbatim. */
export const COLOR_LABELS = ['Red', 'Yellow', 'Green', 'Blue', 'Purple'] as const;
export type ColorLabel = (typeof COLOR_LABELS)[number];

/** -1 rejected, 0 unflagged, 1 picked: the values of photos.pick. */
export type PickFlag = -1 | 0 | 1;

/** The photographer's verdict on one photo. */
export interface Decision {
  readonly rating: number;
  readonly pick: PickFlag;
  readonly colorLabel: ColorLabel | null;
}

/** The fields one action sets; those left out keep their value. */
export interface DecisionChange {
  readonly rating?: number;
  readonly pick?: PickFlag;
  readonly colorLabel?: ColorLabel | null;
}

export const NO_DECISION: Decision = { rating: 0, pick: 0, colorLabel: null };

export function isColorLabel(value: unknown): value is ColorLabel {
  return typeof value === 'string' && (COLOR_LABELS as readonly string[]).includes(value);
}

/** Accepts any letter case ("red", "RED") and returns the canonical Lightroom spelling. */
export function parseColorLabel(value: string): ColorLabel | null {
  const match = COLOR_LABELS.find((c) => c.toLowerCase() === value.trim().toLowerCase());
  return match ?? null;
}

export function applyChange(decision: Decision, change: DecisionChange): Decision {
  return {
    rating: change.rating ?? decision.rating,
    pick: change.pick ?? decision.pick,
    colorLabel: change.colorLabel === undefined ? decision.colorLabel : change.colorLabel,
  };
}

export function sameDecision(a: Decision, b: Decision): boolean {
  return a.rating === b.rating && a.pick === b.pick && a.colorLabel === b.colorLabel;
}
