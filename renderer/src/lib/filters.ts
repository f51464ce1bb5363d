import type { PhotoFilter } from '../../../electron/shared/api-contract';

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
