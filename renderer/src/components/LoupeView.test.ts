import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { MediaKind } from '../../../electron/shared/api-contract';
import { PROBLEM } from '../../../electron/shared/api-contract';
import { FIT } from '../lib/zoom-pan';
import { gridPhoto, photoDetail } from '../test-support/photos';
import LoupeView from './LoupeView.svelte';

const mediaUrl = (id: number, kind: MediaKind) => `/media/${id}/${kind}`;
const map = { width: 2, height: 2, quality: [10, 20, 30, 40], weight: [1, 1, 1, 1] };
const scored = photoDetail(5, {
  camera: 'Canon EOS R5',
  score: { model: 'winnow-wsp 1.0.0', quality: 64.2, scoreRange: [0, 100], distribution: [], sharpness: 12.3, exposureMean: 0.5, clippedHighlights: 0, clippedShadows: 0, noise: 1.2, map },
});

function loupe(over: Record<string, unknown> = {}) {
  const props = { photo: gridPhoto(5, { pick: -1 as const }), index: 4, total: 10, detail: scored, mediaUrl, view: FIT, onview: vi.fn(), heatmap: false, heatmapOpacity: 0.5, onheatmap: vi.fn(), onopacity: vi.fn(), info: true, ...over };
  return { ...render(LoupeView, props), props };
}

describe('loupe', () => {
  it('shows the photo with its position, flag, zoom level and information', () => {
    loupe();
    const loupeBox = screen.getByTestId('loupe');
    expect(loupeBox.dataset.photoId).toBe('5');
    expect(loupeBox.textContent).toContain('5 / 10');
    expect(loupeBox.querySelector('[data-flag=reject]')).not.toBeNull();
    expect(screen.getByTestId('zoom-level').textContent).toBe('Fit');
    expect(screen.getByTestId('info-quality').textContent).toBe('64.2');
    expect(screen.getByTestId('info-panel').textContent).toContain('Canon EOS R5');
    const view = screen.getByRole('img', { name: 'IMG_5.jpg' });
    // The cached thumbnail stands in until the preview has arrived.
    expect(view.querySelector('img.stand-in')?.getAttribute('src')).toBe('/media/5/thumbnail');
    expect(view.querySelector('img.rendition')?.getAttribute('src')).toBe('/media/5/preview');
  });

  it('offers the quality map only when the photo has one', async () => {
    const { props } = loupe();
    const toggle = screen.getByTestId('heatmap-toggle') as HTMLInputElement;
    expect(toggle.disabled).toBe(false);
    await fireEvent.click(toggle);
    expect(props.onheatmap).toHaveBeenCalledWith(true);
  });

  it('shows no quality map control state for a photo not scored yet, and no info for another photo', () => {
    loupe({ detail: photoDetail(99) });
    expect((screen.getByTestId('heatmap-toggle') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByTestId('info-panel').textContent).toContain('Loading');
  });

  it('hides the info panel on request', () => {
    loupe({ info: false });
    expect(screen.queryByTestId('info-panel')).toBeNull();
  });

  it('shows an unreadable photo as a placeholder with its problem, asking the host for no image', () => {
    const broken = gridPhoto(8, { hasThumbnail: false, problems: PROBLEM.failed, quality: null });
    const { container } = loupe({ photo: broken, detail: photoDetail(8, { problems: PROBLEM.failed, errors: [{ stage: 'decode', message: 'Input file is truncated' }] }) });
    expect(screen.getByTestId('loupe-placeholder').textContent).toContain('cannot be read');
    expect(screen.getByTestId('loupe-placeholder').textContent).toContain('decode: Input file is truncated');
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows a filmstrip of the photos either side, and moves to one on a click', async () => {
    const onstrip = vi.fn();
    const strip = [3, 4, 5].map((index) => ({ index, photo: gridPhoto(index + 1) }));
    loupe({ strip, onstrip });
    const film = screen.getByTestId('filmstrip');
    expect(film.querySelectorAll('button')).toHaveLength(3);
    expect(film.querySelector('[aria-current=true]')?.getAttribute('data-index')).toBe('4');
    await fireEvent.click(screen.getByRole('button', { name: 'IMG_6.jpg' }));
    expect(onstrip).toHaveBeenCalledWith(5);
  });
});
