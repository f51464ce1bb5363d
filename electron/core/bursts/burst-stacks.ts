import type { Database } from 'better-sqlite3';
import type { BurstStackInfo, GridPhoto, PhotoFilter, PhotoPage } from '../../shared/api-contract.js';
import type { LibraryQueries, StoreFilter } from '../store/library-queries.js';
import { candidatePhotos } from '../store/burst-candidates.js';
import { suggestBursts } from './keep-best.js';

/** One burst as the grid stacks it: frame ids best first. */
export interface BurstStack {
  readonly id: number;
  readonly frames: readonly number[];
}

/** A query's view of the stacks: which frames to leave out, and what each listed frame stands for. */
export interface StackView {
  readonly filter: StoreFilter;
  decorate(page: PhotoPage): PhotoPage;
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
  private readonly views = new Map<string, { hidden: number[]; decorate: (page: PhotoPage) => PhotoPage }>();

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
    if (!filter.collapseStacks) return { filter, decorate: (page) => page };
    const { offset: _o, limit: _l, withTotal: _w, sort: _s, order: _r, ...only } = filter as PhotoFilter & Record<string, unknown>;
    const key = JSON.stringify([only, modelId]);
    const cached = this.views.get(key);
    if (cached) return { filter: { ...filter, hiddenIds: cached.hidden }, decorate: cached.decorate };
    const { list } = this.all(modelId);
    const expanded = new Set(filter.expandedStacks ?? []);
    const matching = this.queries.matching(only as PhotoFilter, modelId, list.flatMap((s) => s.frames));
    const hidden: number[] = [];
    const info = new Map<number, BurstStackInfo>();
    for (const stack of list) {
      const shown = stack.frames.filter((id) => matching.has(id));
      if (shown.length < 2) continue;
      const open = expanded.has(stack.id);
      shown.forEach((id, i) => {
        info.set(id, { id: stack.id, size: shown.length, top: i === 0 });
        if (i > 0 && !open) hidden.push(id);
      });
    }
    const decorate = (page: PhotoPage): PhotoPage => ({
      ...page,
      rows: page.rows.map((r): GridPhoto => {
        const s = info.get(r.id);
        return s ? { ...r, stack: s } : r;
      }),
    });
    if (this.views.size >= VIEWS_KEPT) this.views.delete(this.views.keys().next().value!);
    this.views.set(key, { hidden, decorate });
    return { filter: { ...filter, hiddenIds: hidden }, decorate };
  }
}
