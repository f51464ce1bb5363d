import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Facets, PhotoFilter, RootSummary } from '../../../electron/shared/api-contract';
import FilterPanel from './FilterPanel.svelte';

const roots = [{ id: 1, path: '/photos', addedAt: 0, photos: 12, missing: false }] as unknown as RootSummary[];
const facets: Facets = {
  cameras: [{ value: 'GoPro HERO9', count: 4 }],
  lenses: [],
  folders: [
    { rootId: 1, folder: '', count: 2 },
    { rootId: 1, folder: 'trip', count: 10 },
  ],
  takenMin: null,
  takenMax: null,
};

function panel(filter: PhotoFilter = {}) {
  const onchange = vi.fn<(f: PhotoFilter) => void>();
  render(FilterPanel, { filter, facets, roots, histogram: { min: 0, max: 100, counts: [1, 2, 3, 4] }, onchange });
  return onchange;
}

describe('filter panel', () => {
  it('filters by pick state, and "All" removes the filter', async () => {
    const onchange = panel({ minRating: 2 });
    await fireEvent.click(screen.getByTestId('pick-picked'));
    expect(onchange).toHaveBeenLastCalledWith({ minRating: 2, pick: 'picked' });
    await fireEvent.click(screen.getByTestId('pick-any'));
    expect(onchange).toHaveBeenLastCalledWith({ minRating: 2 });
  });

  it('counts the active filters and clears them all', async () => {
    const onchange = panel({ pick: 'rejected', camera: 'GoPro HERO9', problemsOnly: true });
    const clear = screen.getByTestId('clear-filters');
    expect(clear.textContent).toBe('Clear 3');
    await fireEvent.click(clear);
    expect(onchange).toHaveBeenLastCalledWith({});
  });

  it('chooses a folder under its root, and a camera', async () => {
    const onchange = panel();
    await fireEvent.change(screen.getByTestId('folder-filter'), { target: { value: '1|trip' } });
    expect(onchange).toHaveBeenLastCalledWith({ rootId: 1, folder: 'trip' });
    await fireEvent.change(screen.getByLabelText('Camera'), { target: { value: 'GoPro HERO9' } });
    expect(onchange).toHaveBeenLastCalledWith({ camera: 'GoPro HERO9' });
  });

  it('toggles a minimum rating and a colour label', async () => {
    const onchange = panel({ minRating: 3 });
    await fireEvent.click(screen.getByRole('radio', { name: '3 stars or more' }));
    expect(onchange).toHaveBeenLastCalledWith({});
    await fireEvent.click(screen.getByRole('radio', { name: 'Green label' }));
    expect(onchange).toHaveBeenLastCalledWith({ minRating: 3, colorLabel: 'Green' });
  });
});
