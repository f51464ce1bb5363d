import type { TileRect } from '../measures/classic-measures.js';
import type { CropRect } from './input-tensor.js';
import type { FocusSettings } from './model-metadata.js';

/** What to decode for the focus pass: one region of the upright photo, and the crops inside it. */
export interface FocusPlan {
  /** In the upright photo's own pixels. */
  readonly region: CropRect;
  /** Relative to the region. */
  readonly crops: readonly CropRect[];
}

/**
 * Regions much larger than the crops they hold are not decoded whole: past this many crop areas
 * only the sharpest crop is kept, so memory stays bounded (a 256 px crop at each end of a 24 MP
 * frame would otherwise decode most of it).
 */
const MAX_REGION_CROP_AREAS = 16;

/**
 * Places the focus crops on the sharpest tiles of the analysis image, at the photo's own scale.
 * Returns null when the photo is too small for the pass to see more than the model's input does.
 */
export function planFocusCrops(
  sharpestTiles: readonly TileRect[],
  analysis: { readonly width: number; readonly height: number },
  native: { readonly width: number; readonly height: number },
  workingLongSide: number,
  focus: FocusSettings,
): FocusPlan | null {
  const nativeLong = Math.max(native.width, native.height);
  if (nativeLong / workingLongSide < focus.minScale) return null;
  const size = Math.min(focus.cropSize, native.width, native.height);
  const sx = native.width / analysis.width;
  const sy = native.height / analysis.height;
  const crops: CropRect[] = [];
  for (const tile of sharpestTiles) {
    if (crops.length >= focus.maxCrops) break;
    const cx = (tile.left + tile.width / 2) * sx;
    const cy = (tile.top + tile.height / 2) * sy;
    const left = clamp(Math.round(cx - size / 2), 0, native.width - size);
    const top = clamp(Math.round(cy - size / 2), 0, native.height - size);
    const crop = { left, top, width: size, height: size };
    if (crops.some((c) => overlap(c, crop) > 0.5 * size * size)) continue;
    crops.push(crop);
  }
  if (crops.length === 0) return null;
  let region = boundingBox(crops);
  if (region.width * region.height > MAX_REGION_CROP_AREAS * size * size) {
    crops.length = 1;
    region = boundingBox(crops);
  }
  return {
    region,
    crops: crops.map((c) => ({ left: c.left - region.left, top: c.top - region.top, width: c.width, height: c.height })),
  };
}

/**
 * Score points the photo gains or loses for how it looks at 100 % view: negative when its best crop
 * (a sharp subject before a soft background is in focus) falls short of what sharp photos reach,
 * positive, by a little, when it is crisper than that. With a penalty alone, every frame of a
 * burst whose crops pass the reference would be told apart by the downscaled view only, which
 * barely sees a blur of one or two native pixels; the bonus keeps that difference in the score.
 */
export function focusAdjustment(focusScore: number, focus: FocusSettings): number {
  const points = focus.slope * (focusScore - focus.reference);
  return Math.max(-focus.maxPenalty, Math.min(focus.maxBonus, points));
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

function overlap(a: CropRect, b: CropRect): number {
  const w = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const h = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}

function boundingBox(crops: readonly CropRect[]): CropRect {
  const left = Math.min(...crops.map((c) => c.left));
  const top = Math.min(...crops.map((c) => c.top));
  const right = Math.max(...crops.map((c) => c.left + c.width));
  const bottom = Math.max(...crops.map((c) => c.top + c.height));
  return { left, top, width: right - left, height: bottom - top };
}
