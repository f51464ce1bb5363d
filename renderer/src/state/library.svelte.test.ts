import { describe, expect, it } from 'vitest';
import type { Facets, LibraryCounts, QualityHistogram, RootSummary } from '../../../electron/shared/api-contract';
import { deferred } from '../test-support/photos';
import { LibraryState } from './library.svelte';

const histogram = (n: number): QualityHistogram => ({ min: 0, max: 100, counts: [n] });

function api() {
  const histograms: { filter: unknown; answer: ReturnType<typeof deferred<QualityHistogram>> }[] = [];
  let counted = 0;
  return {
    histograms,
    counted: () => counted,
    libraryCounts: async (): Promise<LibraryCounts> => ({ photos: 10, scored: 10, failed: 0, missing: 0 }) as unknown as LibraryCounts,
    listRoots: async (): Promise<RootSummary[]> => [],
    facets: async (): Promise<Facets> => ({ cameras: [], lenses: [], folders: [], takenMin: null, takenMax: null }),
    qualityHistogram(filter: unknown) {
      const answer = deferred<QualityHistogram>();
      histograms.push({ filter, answer });
      return answer.promise;
    },
    async countPhotos() {
      counted++;
      return 7;
    },
  };
}

describe('library state', () => {
  it('shows the histogram of the newest filter when an older answer arrives last', async () => {
    const a = api();
    const lib = new LibraryState(a);
    const first = lib.loadHistogram({ pick: 'picked' });
    const second = lib.loadHistogram({ pick: 'rejected' });
    a.histograms[1]!.answer.resolve(histogram(2));
    a.histograms[0]!.answer.resolve(histogram(1));
    await Promise.all([first, second]);
    expect(lib.histogram).toEqual(histogram(2));
  });

  it('does not ask again when only the quality range changed (brushing keeps the histogram)', async () => {
    const a = api();
    const lib = new LibraryState(a);
    const first = lib.loadHistogram({ pick: 'picked' });
    await lib.loadHistogram({ pick: 'picked', minQuality: 30 });
    expect(a.histograms).toHaveLength(1);
    expect(a.histograms[0]!.filter).toEqual({ pick: 'picked' });
    a.histograms[0]!.answer.resolve(histogram(3));
    await first;
  });

  it('caches the count of a filter until a decision or scan invalidates it', async () => {
    const a = api();
    const lib = new LibraryState(a);
    expect(await lib.count({ pick: 'picked' })).toBe(7);
    await lib.count({ pick: 'picked' });
    expect(a.counted()).toBe(1);
    lib.invalidateCount();
    await lib.count({ pick: 'picked' });
    expect(a.counted()).toBe(2);
  });
});
