/**
 * Where an open stack's frames go: right after its top frame, together, as Lightroom lists an
 * expanded stack, whatever the sort would say about each frame. The grid's order is the order with
 * every stack closed (what SQL pages through), with each open stack's other frames spliced in
 * after its top. These functions map between the two orders.
 */

/** An open stack: its top frame's index in the closed order, and the frames listed after it. */
export interface OpenRun {
  readonly at: number;
  readonly frames: readonly number[];
}

/** A run of the closed order (offset and limit in it), or some of an open stack's frames. */
export type OrderPiece = { readonly closed: { readonly offset: number; readonly limit: number } } | { readonly frames: readonly number[] };

/** Runs sorted by where their top is, empty ones left out. */
export function sortedRuns(runs: readonly OpenRun[]): OpenRun[] {
  return runs.filter((r) => r.frames.length > 0).sort((a, b) => a.at - b.at);
}

/**
 * What fills grid positions offset .. offset + limit, in order. `runs` sorted (sortedRuns). The
 * last closed piece may ask past the end of the closed order; SQL then answers fewer rows.
 */
export function pagePieces(runs: readonly OpenRun[], offset: number, limit: number): OrderPiece[] {
  const end = offset + limit;
  const pieces: OrderPiece[] = [];
  let shown = 0; // grid position of the next item
  let closed = 0; // closed-order index of the next closed item
  const take = (count: number, piece: (from: number, n: number) => OrderPiece) => {
    const from = Math.max(offset, shown);
    const to = Math.min(end, shown + count);
    if (to > from) pieces.push(piece(from - shown, to - from));
    shown += count;
  };
  for (const run of runs) {
    if (shown >= end) return pieces;
    const start = closed;
    take(run.at + 1 - start, (from, n) => ({ closed: { offset: start + from, limit: n } }));
    closed = run.at + 1;
    take(run.frames.length, (from, n) => ({ frames: run.frames.slice(from, from + n) }));
  }
  if (shown < end) {
    const start = closed;
    take(end - shown, (from, n) => ({ closed: { offset: start + from, limit: n } }));
  }
  return pieces;
}

/** The grid position of the item at `index` of the closed order. */
export function gridIndexOfClosed(runs: readonly OpenRun[], index: number): number {
  let before = 0;
  for (const run of runs) if (run.at < index) before += run.frames.length;
  return index + before;
}

/** The grid position of a frame listed after a top, or null when no open run lists it. */
export function gridIndexOfFrame(runs: readonly OpenRun[], photoId: number): number | null {
  for (const run of runs) {
    const k = run.frames.indexOf(photoId);
    if (k >= 0) return gridIndexOfClosed(runs, run.at) + 1 + k;
  }
  return null;
}

/** How many frames the open runs add to the closed order's count. */
export function framesAdded(runs: readonly OpenRun[]): number {
  return runs.reduce((n, r) => n + r.frames.length, 0);
}
