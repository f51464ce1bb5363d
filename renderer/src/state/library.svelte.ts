import type { Facets, LibraryCounts, PhotoFilter, QualityHistogram, RootSummary, WinnowApi } from '../../../electron/shared/api-contract';
import { Latest } from '../lib/latest';

type LibraryApi = Pick<WinnowApi, 'libraryCounts' | 'listRoots' | 'facets' | 'qualityHistogram' | 'countPhotos'>;

/**
 * What the library holds, beside the page in view: counts, folders, facets, the quality
 * histogram and the match count of the current filter. Each read is guarded: the answer to an
 * older question is dropped when a newer one was asked.
 */
export class LibraryState {
  counts = $state.raw<LibraryCounts | null>(null);
  roots = $state.raw<RootSummary[]>([]);
  facets = $state.raw<Facets | null>(null);
  histogram = $state.raw<QualityHistogram | null>(null);
  /** Photos the filters let through, every frame of a stack included; null when stacks are off. */
  unstacked = $state<number | null>(null);

  private readonly facts = new Latest();
  private readonly histogramRequests = new Latest();
  private readonly unstackedRequests = new Latest();
  private histogramKey: string | null = null;
  // A new sort keeps the count: only filters change it (and scans and decisions, which clear this).
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache, never painted
  private readonly countCache = new Map<string, number>();

  constructor(private readonly api: LibraryApi) {}

  /** Counts, folders and facets, asked together; the histogram for `filter` follows. */
  async refresh(filter: PhotoFilter): Promise<void> {
    await this.facts.run(
      () => Promise.all([this.api.libraryCounts(), this.api.listRoots(), this.api.facets()]),
      ([counts, roots, facets]) => {
        this.counts = counts;
        this.roots = roots;
        this.facets = facets;
      },
    );
    await this.loadHistogram(filter, true);
  }

  /** The histogram shows what the other filters let through (every frame of a burst), so brushing it does not change it. */
  async loadHistogram(filter: PhotoFilter, force = false): Promise<void> {
    const { minQuality: _min, maxQuality: _max, collapseStacks: _c, expandedStacks: _e, ...rest } = filter;
    const key = JSON.stringify(rest);
    if (key === this.histogramKey && !force) return;
    this.histogramKey = key;
    try {
      await this.histogramRequests.run(
        () => this.api.qualityHistogram(rest),
        (h) => (this.histogram = h),
      );
    } catch (err) {
      this.histogramKey = null; // asked again next time
      throw err;
    }
  }

  /** How many photos the filter lets through, cached until the library or a decision changes it. */
  async count(filter: PhotoFilter): Promise<number> {
    const key = JSON.stringify(filter);
    const cached = this.countCache.get(key);
    if (cached !== undefined) return cached;
    const n = await this.api.countPhotos(filter);
    if (this.countCache.size >= 4) this.countCache.delete(this.countCache.keys().next().value!);
    this.countCache.set(key, n);
    return n;
  }

  /** With stacks on, how many photos the filters let through counting every frame (for "n in stacks"). */
  async loadUnstacked(filter: PhotoFilter): Promise<void> {
    if (!filter.collapseStacks) {
      this.unstackedRequests.supersede();
      this.unstacked = null;
      return;
    }
    const { collapseStacks: _c, expandedStacks: _e, ...plain } = filter;
    await this.unstackedRequests.run(
      () => this.count(plain),
      (n) => (this.unstacked = n),
    );
  }

  /** Scans and decisions change which photos a filter lets through. */
  invalidateCount(): void {
    this.countCache.clear();
  }
}
