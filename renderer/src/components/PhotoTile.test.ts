import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { PROBLEM } from '../../../electron/shared/api-contract';
import { gridPhoto } from '../test-support/photos';
import PhotoTile from './PhotoTile.svelte';

function tile(over: Partial<Parameters<typeof render<typeof PhotoTile>>[1]> = {}) {
  const onclick = vi.fn();
  const ondblclick = vi.fn();
  const props = { photo: gridPhoto(7, { quality: 71.4, rating: 3, pick: 1 as const }), index: 12, thumbUrl: '/media/7/thumbnail', defer: false, current: false, selected: false, style: '', onclick, ondblclick, ...over };
  const result = render(PhotoTile, props);
  return { ...result, onclick, ondblclick };
}

describe('grid tile', () => {
  it('shows the thumbnail, score, stars and pick flag of its photo', () => {
    const { container } = tile();
    expect(screen.getByRole('img', { name: 'IMG_7.jpg' }).getAttribute('src')).toBe('/media/7/thumbnail');
    expect(container.querySelector('.score')?.textContent).toBe('71.4');
    expect(container.querySelector('.stars')?.getAttribute('data-rating')).toBe('3');
    expect(container.querySelector('[data-flag=pick]')).not.toBeNull();
  });

  it('reports clicks and double clicks with its index', async () => {
    const { onclick, ondblclick } = tile();
    const cell = screen.getByRole('option');
    await fireEvent.click(cell, { shiftKey: true });
    expect(onclick).toHaveBeenCalledWith(12, expect.objectContaining({ shiftKey: true }));
    await fireEvent.dblClick(cell);
    expect(ondblclick).toHaveBeenCalledWith(12);
  });

  it('marks selection for assistive technology', () => {
    tile({ selected: true });
    expect(screen.getByRole('option').getAttribute('aria-selected')).toBe('true');
  });

  it('holds back a new thumbnail while the grid flings', async () => {
    const { rerender } = tile({ defer: true });
    expect(screen.queryByRole('img')).toBeNull();
    await rerender({ defer: false });
    expect(screen.getByRole('img')).toBeTruthy();
  });

  it('says when a photo cannot be read instead of asking for a thumbnail', () => {
    tile({ photo: gridPhoto(9, { hasThumbnail: false, problems: PROBLEM.failed, quality: null }), thumbUrl: null });
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.getByRole('option').textContent).toContain('cannot read');
  });

  it('opens or closes its stack from the count badge, without selecting', async () => {
    const ontogglestack = vi.fn();
    const { onclick } = tile({ photo: gridPhoto(7, { stack: { id: 7, size: 4, top: true, open: false } }), ontogglestack });
    expect(screen.getByTestId('stack-badge').textContent).toContain('4');
    await fireEvent.click(screen.getByTestId('stack-badge'));
    expect(ontogglestack).toHaveBeenCalledWith(7);
    expect(onclick).not.toHaveBeenCalled();
  });

  it('draws a closed stack as a pile, and the top of an open one as one of its frames', async () => {
    const { rerender } = tile({ photo: gridPhoto(7, { stack: { id: 7, size: 4, top: true, open: false } }) });
    const cell = screen.getByRole('option');
    expect(cell.classList.contains('stack-pile')).toBe(true);
    await rerender({ photo: gridPhoto(7, { stack: { id: 7, size: 4, top: true, open: true } }) });
    expect(cell.classList.contains('stack-pile')).toBe(false);
    expect(cell.classList.contains('stacked')).toBe(true);
    // The badge stays: it is how the stack closes again.
    expect(screen.getByTestId('stack-badge').textContent).toContain('4');
  });
});
