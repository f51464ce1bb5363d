import { hammingDistance } from './dhash.js';

export interface BurstSettings {
  /** Longest pause between consecutive frames of one burst, in seconds. */
  readonly gapSeconds: number;
  /** Most dHash bits a frame may differ from the closest frame of its burst (of 64). */
  readonly maxDistance: number;
}

/**
 * Defaults: bracketing and bursts run at several frames a second, but a photographer re-shooting
 * a scene by hand takes a few seconds between frames, so 3 s. 10 of 64 bits keeps frames that
 * differ by focus, a small reframe or expression together while a new scene (about 32 bits on
 * average for unrelated photos) starts a new group.
 */
export const DEFAULT_BURST_SETTINGS: BurstSettings = { gapSeconds: 3, maxDistance: 10 };

interface Groupable {
  readonly takenAt: number | null;
  readonly dhash: string | null;
}

/**
 * Groups photos taken in quick succession that look alike. Frames are walked in capture order; a
 * frame joins the current group when it follows the previous frame within the gap and looks like
 * at least one frame already in the group (so a slow pan still chains). Only groups of two or more
 * are returned; photos without a capture time or hash never group.
 */
export function groupBursts<T extends Groupable>(photos: readonly T[], settings: BurstSettings = DEFAULT_BURST_SETTINGS): T[][] {
  const timed = photos.filter((p) => p.takenAt !== null && p.dhash !== null).sort((a, b) => a.takenAt! - b.takenAt!);
  const groups: T[][] = [];
  let current: T[] = [];
  for (const photo of timed) {
    const previous = current[current.length - 1];
    const joins =
      previous !== undefined &&
      photo.takenAt! - previous.takenAt! <= settings.gapSeconds * 1000 &&
      current.some((member) => hammingDistance(member.dhash!, photo.dhash!) <= settings.maxDistance);
    if (!joins) {
      if (current.length >= 2) groups.push(current);
      current = [];
    }
    current.push(photo);
  }
  if (current.length >= 2) groups.push(current);
  return groups;
}
