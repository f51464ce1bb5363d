import type { Facets, PhotoDetail, PhotoFilter, PhotoPage, PhotoQuery, QualityHistogram, RootSummary } from '../../shared/api-contract.js';
import type { LibraryCounts } from '../../shared/library-types.js';
import { BurstStacks } from '../bursts/burst-stacks.js';
import type { LibraryQueries } from '../store/library-queries.js';
import type { LibraryStore } from '../store/library-store.js';

/**
 * The reads the UI makes while browsing (grid pages, counts, the deep-scroll order walk, the
 * histogram, facets, library counts, folders, the detail panel), as promises: answered in this thread, or by the read
 * worker on its own connection so a host's main thread never waits on SQLite.
 */
export interface LibraryReads {
  page(query: PhotoQuery, modelId: number): Promise<PhotoPage>;
  count(filter: PhotoFilter, modelId: number): Promise<number>;
  position(query: PhotoQuery, modelId: number, photoId: number): Promise<number | null>;
  histogram(filter: PhotoFilter, modelId: number, scoreRange: readonly [number, number]): Promise<QualityHistogram>;
  facets(): Promise<Facets>;
  /** With `current` (the model scans use now), the counts say how many photos only an older model scored. */
  counts(modelId: number, current?: { readonly name: string; readonly version: string }): Promise<LibraryCounts>;
  rootSummaries(): Promise<RootSummary[]>;
  detail(photoId: number, modelId: number, scoreRange: readonly [number, number]): Promise<PhotoDetail | null>;
  /**
   * Cached answers are stale: 'library' when photos came, went or were rescored (burst stacks
   * regroup), 'decisions' when only decisions changed (orders and stacked views go).
   */
  invalidate(what: 'library' | 'decisions'): void;
}

/** The methods a read request can name, each answered by LibraryQueries' method of that name. */
export type ReadMethod = Exclude<keyof LibraryReads, 'invalidate'>;

/**
 * Reads answered in the calling thread (the CLI, tests, a host without a worker, and inside the
 * read worker). Pages, counts and positions see bursts as stacks when the query asks for that, an
 * open stack's frames together after its top. `stacks`: a caller that has its own BurstStacks over
 * the same connection passes it, so the stacks are worked out once.
 */
export function inThreadReads(store: LibraryStore, queries: LibraryQueries, stacks = new BurstStacks(store.db, queries)): LibraryReads {
  return {
    page: async (query, modelId) => stacks.view(query, modelId).page(query),
    count: async (filter, modelId) => stacks.view(filter, modelId).count(),
    position: async (query, modelId, photoId) => stacks.view(query, modelId).position(query, photoId),
    histogram: async (filter, modelId, scoreRange) => queries.histogram(filter, modelId, scoreRange),
    facets: async () => queries.facets(),
    counts: async (modelId, current) => ({
      ...store.counts(modelId),
      ...(current ? { stale: store.staleScores(current.name, current.version) } : {}),
    }),
    rootSummaries: async () => queries.rootSummaries(),
    detail: async (photoId, modelId, scoreRange) => queries.detail(photoId, modelId, scoreRange),
    invalidate: (what) => {
      if (what === 'library') stacks.invalidate();
      stacks.invalidateViews();
      queries.invalidate();
    },
  };
}
