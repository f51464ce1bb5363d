import { COLOR_LABELS, parseColorLabel, type ColorLabel, type Decision, type DecisionChange, type PickFlag } from '../../shared/decisions.js';
import type { XmpDocument } from './xmp-document.js';
import {
  ACDSEE_RATING,
  DARKTABLE_COLOR_LABELS,
  DIGIKAM_COLOR_LABEL,
  DIGIKAM_PICK_LABEL,
  DM_PICK,
  LABEL,
  METADATA_DATE,
  MS_RATING,
  RATING,
} from './xmp-namespaces.js';

/**
 * How each tool spells a decision:
 * - xmp:Rating 0..5 stars, -1 for rejected (darktable, Lightroom, Bridge, digiKam all read -1 as
 *   rejected), so a rejected photo's stars live only in Winnow's database.
 * - xmp:Label: Lightroom's colour names; Capture One and Bridge use the same names.
 * - digiKam:PickLabel: 0 none, 1 rejected, 2 pending, 3 accepted.
 * - digiKam:ColorLabel: 0 none, 1 red, 3 yellow, 4 green, 5 blue, 6 magenta (its "purple").
 * - xmpDM:pick: 1 picked, -1 rejected, 0 unflagged.
 * - darktable:colorlabels: indexes 0 red .. 4 purple, rewritten only when the file already has it.
 * - MicrosoftPhoto:Rating: percent (Windows), rewritten only when present so it never contradicts.
 * - acdsee:rating: ACDSee's 0-5 stars, read when no xmp:Rating says otherwise.
 */
const DIGIKAM_COLOR: Record<ColorLabel, string> = { Red: '1', Yellow: '3', Green: '4', Blue: '5', Purple: '6' };
const MS_PERCENT = ['0', '1', '25', '50', '75', '99'];

function integer(text: string | null): number | null {
  if (text === null || text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? Math.round(n) : null;
}

/**
 * Rejected when the rating says -1 (darktable, Lightroom); otherwise digiKam's pick label, then
 * xmpDM:pick. A file with neither says nothing about picks: Lightroom keeps its flags in the
 * catalog, so its "3 stars" must not clear a reject made in Winnow.
 */
function pickFrom(doc: XmpDocument, rating: number | null): PickFlag | undefined {
  if (rating !== null && rating < 0) return -1;
  const digiKam = integer(doc.get(DIGIKAM_PICK_LABEL));
  if (digiKam !== null) return digiKam === 1 ? -1 : digiKam === 3 ? 1 : 0;
  const dm = integer(doc.get(DM_PICK));
  if (dm !== null) return dm < 0 ? -1 : dm > 0 ? 1 : 0;
  return undefined;
}

/** Windows writes 1, 25, 50, 75, 99 for one to five stars; anything between rounds to the nearer. */
function starsFromPercent(percent: number): number {
  if (percent <= 0) return 0;
  return Math.min(5, 1 + Math.round(percent / 25));
}

/** Stars from xmp:Rating, else Windows' percent, else ACDSee's; null when none is present. */
function ratingFrom(doc: XmpDocument): number | null {
  const rating = integer(doc.get(RATING));
  if (rating !== null) return rating;
  const percent = integer(doc.get(MS_RATING));
  if (percent !== null) return starsFromPercent(percent);
  const acdsee = integer(doc.get(ACDSEE_RATING));
  return acdsee !== null ? Math.max(0, acdsee) : null;
}

function labelFrom(doc: XmpDocument): ColorLabel | null | undefined {
  const label = doc.get(LABEL);
  if (label !== null) return parseColorLabel(label);
  // darktable keeps its own labels (0 red .. 4 purple, several at once); Winnow shows one, the first.
  const darktable = doc.getList(DARKTABLE_COLOR_LABELS);
  if (darktable !== null) {
    const first = darktable.map((v) => integer(v)).find((i) => i !== null && i >= 0 && i < COLOR_LABELS.length);
    return first === undefined || first === null ? null : COLOR_LABELS[first]!;
  }
  const digiKam = integer(doc.get(DIGIKAM_COLOR_LABEL));
  if (digiKam === null) return undefined;
  return (Object.entries(DIGIKAM_COLOR).find(([, code]) => Number(code) === digiKam)?.[0] as ColorLabel | undefined) ?? null;
}

/** What the sidecar says about the decision; fields it is silent on are left out. */
export function readDecision(doc: XmpDocument): DecisionChange {
  const rawRating = ratingFrom(doc);
  const pick = pickFrom(doc, rawRating);
  const colorLabel = labelFrom(doc);
  return {
    ...(rawRating !== null && rawRating >= 0 ? { rating: Math.min(5, rawRating) } : {}),
    ...(pick !== undefined ? { pick } : {}),
    ...(colorLabel !== undefined ? { colorLabel } : {}),
  };
}

/** Writes Winnow's decision into the packet, touching only the properties listed above. */
export function writeDecision(doc: XmpDocument, decision: Decision, now = new Date()): void {
  doc.set(RATING, decision.pick === -1 ? '-1' : String(decision.rating));
  doc.set(DM_PICK, String(decision.pick));
  doc.set(DIGIKAM_PICK_LABEL, decision.pick === -1 ? '1' : decision.pick === 1 ? '3' : '0');
  writeLabel(doc, decision.colorLabel);
  if (doc.has(MS_RATING)) doc.set(MS_RATING, MS_PERCENT[decision.rating] ?? '0');
  // Lightroom compares MetadataDate to notice that a sidecar changed outside it.
  doc.set(METADATA_DATE, now.toISOString());
}

function writeLabel(doc: XmpDocument, label: ColorLabel | null): void {
  if (label) {
    doc.set(LABEL, label);
    doc.set(DIGIKAM_COLOR_LABEL, DIGIKAM_COLOR[label]);
  } else {
    // A label Winnow cannot show (Bridge's "Approved", digiKam's "NoColor") is another tool's data.
    if (parseColorLabel(doc.get(LABEL) ?? '') !== null) doc.remove(LABEL);
    // digiKam's 0 says "no label" explicitly, so a later import reads the cleared label as cleared.
    doc.set(DIGIKAM_COLOR_LABEL, '0');
  }
  doc.replaceListIfPresent(DARKTABLE_COLOR_LABELS, label ? [String(COLOR_LABELS.indexOf(label))] : []);
}
