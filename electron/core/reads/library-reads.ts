import type { Facets, PhotoDetail, PhotoFilter, PhotoPage, PhotoQuery, QualityHistogram, RootSummary } from '../../shared/api-contract.js';
import type { LibraryCounts } from '../../shared/library-types.js';
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
  counts(modelId: number): Promise<LibraryCounts>;
  rootSummaries(): Promise<RootSummary[]>;
  detail(photoId: number, modelId: number, scoreRange: readonly [number, number]): Promise<PhotoDetail | null>;
  /** Photos came, went or changed: cached orders are stale. */
  invalidate(): void;
}

/** The methods a read request can name, each answered by LibraryQueries' method of that name. */
export type ReadMethod = Exclude<keyof LibraryReads, 'invalidate'>;

/** Reads answered in the calling thread (the CLI, tests, a host without a worker). */
export function inThreadReads(store: LibraryStore, queries: LibraryQueries): LibraryReads {
  return {
    page: async (query, modelId) => queries.page(query, modelId),
    count: async (filter, modelId) => queries.count(filter, modelId),
    position: async (query, modelId, photoId) => queries.position(query, modelId, photoId),
    histogram: async (filter, modelId, scoreRange) => queries.histogram(filter, modelId, scoreRange),
    facets: async () => queries.facets(),
    counts: async (modelId) => store.counts(modelId),
    rootSummaries: async () => queries.rootSummaries(),
    detail: async (photoId, modelId, scoreRange) => queries.detail(photoId, modelId, scoreRange),
    invalidate: () => queries.invalidate(),
  };
}
