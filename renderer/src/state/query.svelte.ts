import { SvelteSet } from 'svelte/reactivity';
import type { PhotoFilter, PhotoQuery, PhotoSort } from '../../../electron/shared/api-contract';
import { activeFilterCount } from '../lib/filters';

export const SORTS: readonly { readonly value: PhotoSort; readonly label: string }[] = [
  { value: 'quality', label: 'Quality' },
  { value: 'sharpness', label: 'Sharpness' },
  { value: 'date', label: 'Date taken' },
  { value: 'name', label: 'Name' },
  { value: 'camera', label: 'Camera' },
];

/** The order a sort starts in: best, sharpest and newest first; names and cameras A to Z. */
export const NATURAL_ORDER: Readonly<Record<PhotoSort, 'asc' | 'desc'>> = {
  quality: 'desc',
  sharpness: 'desc',
  date: 'desc',
  name: 'asc',
  camera: 'asc',
};

/** What the grid shows: the sort, its direction, the filters and how bursts are stacked. */
export class QueryState {
  sort = $state<PhotoSort>('quality');
  order = $state<'asc' | 'desc'>('desc');
  filter = $state.raw<PhotoFilter>({});
  /** Bursts show as stacks (their best frame on top); these stacks are open. */
  stacks = $state(true);
  readonly expanded = new SvelteSet<number>();
  readonly query: PhotoQuery = $derived({
    ...this.filter,
    ...(this.stacks ? { collapseStacks: true, ...(this.expanded.size ? { expandedStacks: [...this.expanded].sort((a, b) => a - b) } : {}) } : {}),
    sort: this.sort,
    order: this.order,
  });
  readonly activeFilters = $derived(activeFilterCount(this.filter));

  /** A new sort starts in its natural order; the arrow button reverses it. */
  setSort(sort: PhotoSort): void {
    this.sort = sort;
    this.order = NATURAL_ORDER[sort];
  }

  reverse(): void {
    this.order = this.order === 'desc' ? 'asc' : 'desc';
  }

  setFilter(filter: PhotoFilter): void {
    this.filter = filter;
  }

  clearFilters(): void {
    this.filter = {};
  }

  /** Opens a closed stack, closes an open one. */
  toggleStack(stackId: number): void {
    if (this.expanded.has(stackId)) this.expanded.delete(stackId);
    else this.expanded.add(stackId);
  }
}

/** The filter part of a query, for the count and the histogram (the sort does not change them). */
export function filterOf(q: PhotoQuery): PhotoFilter {
  const { sort: _s, order: _o, offset: _f, limit: _l, withTotal: _w, ...filter } = q;
  return filter;
}
