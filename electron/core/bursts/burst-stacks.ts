import type { Database } from 'better-sqlite3';
import type { BurstStackInfo, GridPhoto, PhotoFilter, PhotoPage, PhotoQuery } from '../../shared/api-contract.js';
import type { LibraryQueries, StoreFilter } from '../store/library-queries.js';
import { candidatePhotos } from '../store/burst-candidates.js';
import { suggestBursts } from './keep-best.js';
import { framesAdded, gridIndexOfClosed, gridIndexOfFrame, pagePieces, sortedRuns, type OpenRun } from './open-stack-order.js';

/** One burst as the grid stacks it: frame ids best first. */
export interface BurstStack {
  readonly id: number;
  readonly frames: readonly number[];
}

/**
 * A query's view of the stacks. Pages, counts and positions are those of the closed order (every
 * stack reduced to its top, what SQL pages through) with each open stack's other frames right after
 * its top (see open-stack-order.ts).
 */
export interface StackView {
  /** The filter with every stack closed. */
  readonly filter: StoreFilter;
  page(query: PhotoQuery): PhotoPage;
  count(): number;
  position(query: PhotoQuery, photoId: number): number | null;
}

interface CachedView {
  hidden: number[];
  open: { top: number; frames: number[] }[];
  info: Map<number, BurstStackInfo>;
  /** Open runs by sort and order: where each open top sits in that closed order. */
  runs: Map<string, OpenRun[]>;
}

const VIEWS_KEPT = 8;

/**
 * Bursts as stacks in the grid, as Lightroom stacks them: the existing grouping and best-frame
 * ranking (see keep-best.ts) over the whole library, kept until the library changes. For a query
 * that collapses stacks, each burst lists only its best frame among those the filters let through,
 * so a filter never makes a stack vanish because its overall best frame is filtered out.
 */
export class BurstStacks {
  private stacks: { modelId: number; list: BurstStack[]; byPhoto: Map<number, BurstStack> } | null = null;
  private readonly views = new Map<string, CachedView>();

  constructor(
    private readonly db: Database,
    private readonly queries: LibraryQueries,
  ) {}

  /** Photos came, went or were rescored: regroup. */
  invalidate(): void {
    this.stacks = null;
    this.views.clear();
  }

  /** A decision changed which frames a filter lets through. */
  invalidateViews(): void {
    this.views.clear();
  }

  all(modelId: number): { list: BurstStack[]; byPhoto: Map<number, BurstStack> } {
    if (this.stacks?.modelId === modelId) return this.stacks;
    const list = suggestBursts(candidatePhotos(this.db, modelId, undefined, true)).map((s) => ({ id: s.best.id, frames: s.frames.map((f) => f.id) }));
    const byPhoto = new Map<number, BurstStack>();
    for (const stack of list) for (const id of stack.frames) byPhoto.set(id, stack);
    this.stacks = { modelId, list, byPhoto };
    return this.stacks;
  }

  stack(modelId: number, stackId: number): BurstStack | undefined {
    const found = this.all(modelId).byPhoto.get(stackId);
    return found?.id === stackId ? found : undefined;
  }

  /** How the query sees the stacks; without collapseStacks, the filter unchanged. */
  view(filter: PhotoFilter, modelId: number): StackView {
    const queries = this.queries;
    if (!filter.collapseStacks) {
      return {
        filter,
        page: (query) => queries.page(query, modelId),
        count: () => queries.count(filter, modelId),
        position: (query, photoId) => queries.position(query, modelId, photoId),
      };
    }
    const cached = this.cachedView(filter, modelId);
    const closed: StoreFilter = { ...filter, hiddenIds: cached.hidden };
    const runsFor = (query: PhotoQuery): OpenRun[] => {
      if (cached.open.length === 0) return [];
      const key = `${query.sort ?? 'quality'} ${query.order ?? 'desc'}`;
      let runs = cached.runs.get(key);
      if (!runs) {
        const order: PhotoQuery = { ...closed, ...(query.sort ? { sort: query.sort } : {}), ...(query.order ? { order: query.order } : {}) };
        runs = sortedRuns(
          cached.open.flatMap(({ top, frames }) => {
            const at = queries.position(order, modelId, top);
            return at === null ? [] : [{ at, frames }];
          }),
        );
        cached.runs.set(key, runs);
      }
      return runs;
    };
    const decorate = (rows: GridPhoto[]): GridPhoto[] =>
      rows.map((r) => {
        const s = cached.info.get(r.id);
        return s ? { ...r, stack: s } : r;
      });
    return {
      filter: closed,
      page: (query) => {
        const runs = runsFor(query);
        const offset = query.offset ?? 0;
        const limit = query.limit ?? 200;
        const rows: GridPhoto[] = [];
        for (const piece of pagePieces(runs, offset, limit)) {
          if ('frames' in piece) rows.push(...queries.photosByIds(piece.frames, modelId));
          else rows.push(...queries.page({ ...query, ...closed, offset: piece.closed.offset, limit: piece.closed.limit, withTotal: false }, modelId).rows);
        }
        return {
          offset,
          rows: decorate(rows),
          ...(query.withTotal ? { total: queries.count(closed, modelId) + framesAdded(runs) } : {}),
        };
      },
      count: () => queries.count(closed, modelId) + cached.open.reduce((n, o) => n + o.frames.length, 0),
      position: (query, photoId) => {
        const runs = runsFor(query);
        const frame = gridIndexOfFrame(runs, photoId);
        if (frame !== null) return frame;
        const at = queries.position({ ...query, ...closed }, modelId, photoId);
        return at === null ? null : gridIndexOfClosed(runs, at);
      },
    };
  }

  private cachedView(filter: PhotoFilter, modelId: number): CachedView {
    const { offset: _o, limit: _l, withTotal: _w, sort: _s, order: _r, ...only } = filter as PhotoFilter & Record<string, unknown>;
    const key = JSON.stringify([only, modelId]);
    const cached = this.views.get(key);
    if (cached) return cached;
    const { list } = this.all(modelId);
    const expanded = new Set(filter.expandedStacks ?? []);
    const matching = this.queries.matching(only as PhotoFilter, modelId, list.flatMap((s) => s.frames));
    const view: CachedView = { hidden: [], open: [], info: new Map(), runs: new Map() };
    for (const stack of list) {
      const shown = stack.frames.filter((id) => matching.has(id));
      if (shown.length < 2) continue;
      const open = expanded.has(stack.id);
      shown.forEach((id, i) => {
        view.info.set(id, { id: stack.id, size: shown.length, top: i === 0, open });
        if (i > 0) view.hidden.push(id);
      });
      // An open stack's other frames are listed after its top, not where the sort would put them.
      if (open) view.open.push({ top: shown[0]!, frames: shown.slice(1) });
    }
    if (this.views.size >= VIEWS_KEPT) this.views.delete(this.views.keys().next().value!);
    this.views.set(key, view);
    return view;
  }
}
