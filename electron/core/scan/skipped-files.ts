/**
 * Files a scan sees but will not read, sorted into the kinds a person recognises ("3 BMP, 2 videos,
 * 1 PSD"), so nothing in a library folder is passed over in silence. Sidecars, edit files of other
 * tools and Winnow's own files are companions of photos, not skipped photos.
 */

const VIDEO = new Set(['.mp4', '.mov', '.m4v', '.avi', '.mts', '.m2ts', '.3gp', '.mkv', '.webm', '.wmv', '.mpg', '.mpeg', '.lrv', '.insv', '.360', '.mod', '.tod', '.vob', '.flv']);

/** Sidecars and edit recipes that travel beside photos (XMP, Apple, RawTherapee, DxO, ON1, Capture One, camera THM). */
const COMPANIONS = new Set(['.xmp', '.aae', '.pp3', '.dop', '.on1', '.cos', '.thm', '.arp', '.nksc']);

/** Winnow's own library files, in case the library's data folder lies inside a photo folder. */
const OWN_FILES = /^library\.db(-wal|-shm|-journal)?$/i;

/** System clutter that no one would call a photo. */
const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini', 'ehthumbs.db', 'ehthumbs_vista.db']);

/** The kind a skipped file is counted under, or null when it is not counted at all. */
export function skippedKind(name: string): string | null {
  if (name.startsWith('.')) return null;
  const lower = name.toLowerCase();
  if (OWN_FILES.test(name) || SYSTEM_FILES.has(lower)) return null;
  const dot = lower.lastIndexOf('.');
  const ext = dot > 0 ? lower.slice(dot) : '';
  if (COMPANIONS.has(ext)) return null;
  if (VIDEO.has(ext)) return 'video';
  if (ext === '' || ext.length > 9) return 'other';
  return ext.slice(1).toUpperCase();
}

import type { SkippedCount } from '../../shared/library-types.js';

export type { SkippedCount };
export { describeSkipped } from '../../shared/skipped-summary.js';

/** Counts by kind, most first, then by name: the order a summary reads best in. */
export function countSkipped(names: Iterable<string>): SkippedCount[] {
  const counts = new Map<string, number>();
  for (const name of names) {
    const kind = skippedKind(name);
    if (kind !== null) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([kind, files]) => ({ kind, files })).sort((a, b) => b.files - a.files || a.kind.localeCompare(b.kind));
}

/** The per-file line of `winnow list --errors`. */
export function skippedMessage(kind: string): string {
  if (kind === 'video') return 'skipped: a video, not a photo';
  if (kind === 'other') return 'skipped: not a photo format Winnow reads';
  return `skipped: ${kind} is not a photo format Winnow reads`;
}
