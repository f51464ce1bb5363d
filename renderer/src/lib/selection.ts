import type { GridPhoto } from '../../../electron/shared/api-contract';

/** The ids from anchor to cursor inclusive, as Shift+arrow or Shift+click selects in every file browser. */
export function extendSelection(pages: { get(index: number): GridPhoto | undefined }, anchor: number, cursor: number, max = 5000): Set<number> {
  const ids = new Set<number>();
  const lo = Math.min(anchor, cursor);
  const hi = Math.min(Math.max(anchor, cursor), lo + max - 1);
  for (let i = lo; i <= hi; i++) {
    const p = pages.get(i);
    if (p) ids.add(p.id);
  }
  return ids;
}
