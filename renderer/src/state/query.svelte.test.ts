import { describe, expect, it } from 'vitest';
import { filterOf, QueryState } from './query.svelte';

describe('query state', () => {
  it('starts each sort in its natural order: names A to Z, quality best first', () => {
    const q = new QueryState();
    expect(q.query).toEqual({ collapseStacks: true, sort: 'quality', order: 'desc' });
    q.setSort('name');
    expect(q.query).toMatchObject({ sort: 'name', order: 'asc' });
    q.reverse();
    expect(q.order).toBe('desc');
    q.setSort('camera');
    expect(q.order).toBe('asc');
    q.setSort('sharpness');
    expect(q.order).toBe('desc');
  });

  it('derives the query and the active filter count from the filter', () => {
    const q = new QueryState();
    q.setFilter({ minQuality: 40, pick: 'picked' });
    q.stacks = false;
    expect(q.query).toEqual({ minQuality: 40, pick: 'picked', sort: 'quality', order: 'desc' });
    expect(q.activeFilters).toBe(2);
    expect(filterOf({ ...q.query, offset: 10, limit: 5 })).toEqual({ minQuality: 40, pick: 'picked' });
    q.clearFilters();
    expect(q.activeFilters).toBe(0);
  });

  it('asks for stacks, with the open ones, and keeps them through a cleared filter', () => {
    const q = new QueryState();
    q.toggleStack(12);
    q.toggleStack(3);
    expect(q.query).toMatchObject({ collapseStacks: true, expandedStacks: [3, 12] });
    q.toggleStack(12);
    q.setFilter({ pick: 'rejected' });
    q.clearFilters();
    expect(q.query).toEqual({ collapseStacks: true, expandedStacks: [3], sort: 'quality', order: 'desc' });
    expect(q.activeFilters).toBe(0);
  });
});
