import type { WinnowApi } from '../shared/api-contract.js';
import type { LibraryStore } from './store/library-store.js';
import type { ListQuery, SortKey } from './store/types.js';

const SORTS: readonly SortKey[] = ['quality', 'sharpness', 'date', 'name'];
const MAX_PAGE = 1000;

function finiteOrUndefined(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * Queries arrive from a renderer, which is untrusted input: rebuild them field by field with
 * known values only, never pass an object through to SQL building.
 */
export function sanitiseListQuery(raw: unknown): ListQuery {
  const q = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const limit = finiteOrUndefined(q.limit);
  const offset = finiteOrUndefined(q.offset);
  const minQuality = finiteOrUndefined(q.minQuality);
  const maxQuality = finiteOrUndefined(q.maxQuality);
  const modelId = finiteOrUndefined(q.modelId);
  return {
    sort: SORTS.includes(q.sort as SortKey) ? (q.sort as SortKey) : 'quality',
    order: q.order === 'asc' ? 'asc' : 'desc',
    limit: Math.min(MAX_PAGE, Math.max(1, Math.trunc(limit ?? 200))),
    offset: Math.max(0, Math.trunc(offset ?? 0)),
    ...(minQuality === undefined ? {} : { minQuality }),
    ...(maxQuality === undefined ? {} : { maxQuality }),
    ...(modelId === undefined ? {} : { modelId: Math.trunc(modelId) }),
    includeMissing: q.includeMissing === true,
  };
}

/** The WinnowApi over a library database: what every host (Electron, browser, tests) serves. */
export class LibraryService implements WinnowApi {
  constructor(private readonly store: LibraryStore) {}

  async listRoots() {
    return this.store.roots();
  }

  async listPhotos(query: ListQuery) {
    const q = sanitiseListQuery(query);
    return this.store.listPhotos({ ...q, modelId: q.modelId ?? this.store.latestModelId() });
  }

  async libraryCounts() {
    return this.store.counts(this.store.latestModelId());
  }
}
