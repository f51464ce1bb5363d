import { describe, expect, it } from 'vitest';
import { filterOf, QueryState } from './query.svelte';

describe('query state', () => {
  it('starts each sort in its natural order: names A to Z, quality best first', () => {
    const q = new QueryState();
    expect(q.query).toEqual({ sort: 'quality', order: 'desc' });
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
    expect(q.query).toEqual({ minQuality: 40, pick: 'picked', sort: 'quality', order: 'desc' });
    expect(q.activeFilters).toBe(2);
    expect(filterOf({ ...q.query, offset: 10, limit: 5 })).toEqual({ minQuality: 40, pick: 'picked' });
    q.clearFilters();
    expect(q.activeFilters).toBe(0);
  });
});
