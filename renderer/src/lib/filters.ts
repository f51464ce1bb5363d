import type { FolderFacet, PhotoFilter } from '../../../electron/shared/api-contract';

/** How many separate filters are on, for the "Clear n" button and the hidden-count line. */
export function activeFilterCount(f: PhotoFilter): number {
  let n = 0;
  if (f.minQuality !== undefined || f.maxQuality !== undefined) n++;
  if (f.minRating) n++;
  if (f.pick && f.pick !== 'any') n++;
  if (f.colorLabel) n++;
  if (f.rootId !== undefined) n++;
  if (f.camera !== undefined) n++;
  if (f.lens !== undefined) n++;
  if (f.takenFrom !== undefined || f.takenTo !== undefined) n++;
  if (f.problemsOnly) n++;
  return n;
}

export interface FolderOption {
  readonly folder: string;
  /** The folder's own name, indented by its depth. */
  readonly label: string;
  /** Photos in it and below it: what choosing it shows. */
  readonly count: number;
}

/**
 * A root's folders as a tree for the folder select: each folder once, under its real parent, with
 * the parents that hold no photo themselves filled in, counting what lies below each.
 */
export function folderTree(facets: readonly FolderFacet[], rootId: number): FolderOption[] {
  const counts = new Map<string, number>();
  for (const f of facets) {
    if (f.rootId !== rootId || f.folder === '') continue;
    const parts = f.folder.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      counts.set(folder, (counts.get(folder) ?? 0) + f.count);
    }
  }
  // Sorted segment by segment, so 'a/b' follows 'a' before 'a b' does.
  const byPath = (a: string, b: string) => {
    const x = a.split('/');
    const y = b.split('/');
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]!.localeCompare(y[i]!);
    return x.length - y.length;
  };
  return [...counts.keys()].sort(byPath).map((folder) => ({ folder, label: folderLabel(folder), count: counts.get(folder)! }));
}

/** The last segment of a folder path, indented by its depth in the select. */
export function folderLabel(folder: string): string {
  const parts = folder.split('/');
  return `${'  '.repeat(parts.length - 1)}${parts[parts.length - 1]}`;
}

/** An <input type=date> value for an epoch-ms bound (local calendar day). */
export function dateInputValue(ms: number | undefined): string {
  if (ms === undefined) return '';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A date input's value as the start (or, for an upper bound, the last millisecond) of that local day. */
export function parseDateInput(value: string, endOfDay: boolean): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return endOfDay ? d.getTime() + 86_400_000 - 1 : d.getTime();
}
