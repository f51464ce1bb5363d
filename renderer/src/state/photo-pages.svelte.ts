import { SvelteMap } from 'svelte/reactivity';
import type { DecidedPhoto, GridPhoto, PhotoPage } from '../../../electron/shared/api-contract';

/** One query's pages and its count. */
export interface PageSource {
  page(offset: number, limit: number): Promise<PhotoPage>;
  count(): Promise<number>;
}

/**
 * The grid's window onto a query: fixed-size pages fetched on demand and kept while near the
 * view, so 100,000 photos never cross the transport at once. A new query starts a new generation;
 * answers for an older one are dropped, so a slow page can never paint over a newer sort.
 *
 * Pages and the total are reactive: whatever reads `get(i)` or `total` in a component or effect
 * repaints when that page arrives, is patched or is evicted, and nothing else does.
 */
export class PhotoPages {
  private readonly pages = new SvelteMap<number, GridPhoto[]>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never painted
  private readonly pending = new Set<number>();
  private generation = 0;
  total = $state(0);

  constructor(
    private source: PageSource,
    readonly pageSize = 150,
    private readonly keepPages = 48,
  ) {}

  /**
   * Starts over with a new query. The first page paints as soon as it arrives; the count (a full
   * pass over the matches) follows and stretches the grid to its real length.
   */
  async reset(source: PageSource): Promise<void> {
    this.source = source;
    const gen = ++this.generation;
    this.pending.clear();
    await this.loadHead(gen);
  }

  /** Refetches the head and the count (after a scan added photos), then what is in view. */
  async refresh(first: number, end: number): Promise<void> {
    const gen = ++this.generation;
    this.pending.clear();
    await this.loadHead(gen);
    if (gen === this.generation) await this.ensure(first, end);
  }

  private async loadHead(gen: number): Promise<void> {
    // The page is asked first: the host answers in order, and the count is the slower query.
    const heading = this.source.page(0, this.pageSize);
    const counting = this.source.count();
    counting.catch(() => {}); // reported through the await below
    const head = await heading;
    if (gen !== this.generation) return;
    this.pages.clear();
    this.pages.set(0, head.rows);
    this.total = head.rows.length;
    const total = await counting;
    if (gen !== this.generation) return;
    this.total = total;
  }

  get(index: number): GridPhoto | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** Where a photo sits among the loaded pages, or null when its page is not loaded. */
  indexOf(photoId: number): number | null {
    for (const [p, rows] of this.pages) {
      const i = rows.findIndex((r) => r.id === photoId);
      if (i >= 0) return p * this.pageSize + i;
    }
    return null;
  }

  /** Fetches the pages covering [first, end) that are not loaded yet. */
  async ensure(first: number, end: number): Promise<void> {
    const gen = this.generation;
    const from = Math.floor(first / this.pageSize);
    const to = Math.floor(Math.max(first, end - 1) / this.pageSize);
    const wanted: number[] = [];
    for (let p = from; p <= to; p++) if (!this.pages.has(p) && !this.pending.has(p) && p * this.pageSize < Math.max(this.total, 1)) wanted.push(p);
    await Promise.all(
      wanted.map(async (p) => {
        this.pending.add(p);
        try {
          const page = await this.source.page(p * this.pageSize, this.pageSize);
          if (gen !== this.generation) return;
          this.pages.set(p, page.rows);
        } finally {
          if (gen === this.generation) this.pending.delete(p);
        }
      }),
    );
    if (gen !== this.generation || wanted.length === 0) return;
    this.evict((from + to) / 2);
  }

  /** Applies decisions to the loaded rows in place, so flags change without a refetch. */
  patch(changed: readonly DecidedPhoto[]): boolean {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, never painted
    const byId = new Map(changed.map((c) => [c.photoId, c]));
    let hit = false;
    for (const [p, rows] of this.pages) {
      if (!rows.some((r) => byId.has(r.id))) continue;
      this.pages.set(
        p,
        rows.map((r) => {
          const c = byId.get(r.id);
          return c ? { ...r, rating: c.rating, pick: c.pick, colorLabel: c.colorLabel } : r;
        }),
      );
      hit = true;
    }
    return hit;
  }

  private evict(centrePage: number): void {
    if (this.pages.size <= this.keepPages) return;
    const far = [...this.pages.keys()].sort((a, b) => Math.abs(b - centrePage) - Math.abs(a - centrePage));
    for (const p of far.slice(0, this.pages.size - this.keepPages)) this.pages.delete(p);
  }
}
