import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { framesAdded, gridIndexOfClosed, gridIndexOfFrame, pagePieces, sortedRuns, type OpenRun } from '../../../electron/core/bursts/open-stack-order.js';

/** The grid order spelled out: the closed order (ids 0..n-1) with each run's frames after its top. */
function spliced(closedCount: number, runs: readonly OpenRun[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < closedCount; i++) {
    out.push(i);
    for (const r of runs) if (r.at === i) out.push(...r.frames);
  }
  return out;
}

/** A page read through the pieces, closed ids being their own index. */
function readPage(closedCount: number, runs: readonly OpenRun[], offset: number, limit: number): number[] {
  return pagePieces(runs, offset, limit).flatMap((p) =>
    'frames' in p ? [...p.frames] : Array.from({ length: Math.max(0, Math.min(p.closed.limit, closedCount - p.closed.offset)) }, (_, k) => p.closed.offset + k),
  );
}

// Closed ids are 0..n-1; open frames get ids from 1000 on, so the two never collide.
const layout = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.tuple(
    fc.constant(n),
    fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 5 }).chain((tops) =>
      fc.tuple(...tops.map((at, k) => fc.integer({ min: 0, max: 4 }).map((len): OpenRun => ({ at, frames: Array.from({ length: len }, (_, j) => 1000 + k * 10 + j) })))),
    ),
  ),
);

describe("an open stack's frames in the grid order", () => {
  it('come right after their top, on every page, whatever the page boundaries', () => {
    fc.assert(
      fc.property(layout, fc.nat(60), fc.integer({ min: 1, max: 30 }), ([n, raw], offset, limit) => {
        const runs = sortedRuns(raw);
        const all = spliced(n, runs);
        expect(readPage(n, runs, offset, limit)).toEqual(all.slice(offset, offset + limit));
        expect(n + framesAdded(runs)).toBe(all.length);
      }),
    );
  });

  it('and positions say where each item is in that order', () => {
    fc.assert(
      fc.property(layout, ([n, raw]) => {
        const runs = sortedRuns(raw);
        const all = spliced(n, runs);
        for (let i = 0; i < n; i++) expect(gridIndexOfClosed(runs, i)).toBe(all.indexOf(i));
        for (const r of runs) for (const id of r.frames) expect(gridIndexOfFrame(runs, id)).toBe(all.indexOf(id));
        expect(gridIndexOfFrame(runs, 5)).toBeNull();
      }),
    );
  });

  it('a stack open at the end of a page continues on the next one', () => {
    const runs = sortedRuns([{ at: 1, frames: [100, 101, 102] }]);
    expect(pagePieces(runs, 0, 3)).toEqual([{ closed: { offset: 0, limit: 2 } }, { frames: [100] }]);
    expect(pagePieces(runs, 3, 3)).toEqual([{ frames: [101, 102] }, { closed: { offset: 2, limit: 1 } }]);
  });
});
