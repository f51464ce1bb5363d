import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { MediaKind } from '../../../electron/shared/api-contract';
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
    const view = screen.getByTestId('loupe');
    expect(view.dataset.photoId).toBe('5');
    expect(view.textContent).toContain('5 / 10');
    expect(view.querySelector('[data-flag=reject]')).not.toBeNull();
    expect(screen.getByTestId('zoom-level').textContent).toBe('Fit');
    expect(screen.getByTestId('info-quality').textContent).toBe('64.2');
    expect(screen.getByTestId('info-panel').textContent).toContain('Canon EOS R5');
    expect(screen.getByRole('img', { name: 'IMG_5.jpg' }).querySelector('img')?.getAttribute('src')).toBe('/media/5/preview');
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
});
