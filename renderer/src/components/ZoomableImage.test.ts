import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { FIT } from '../lib/zoom-pan';
import ZoomableImage, { naturalSizes } from './ZoomableImage.svelte';

function loadAs(img: HTMLImageElement, w: number, h: number) {
  Object.defineProperty(img, 'naturalWidth', { value: w, configurable: true });
  Object.defineProperty(img, 'naturalHeight', { value: h, configurable: true });
  return fireEvent.load(img);
}

describe('zoomable image', () => {
  it('keeps a bounded number of image sizes while the loupe walks through many photos', async () => {
    const sizes = naturalSizes(8);
    const props = { src: '/media/0/preview', fullSrc: null, alt: 'photo', view: FIT, onview: vi.fn(), map: null, heatmap: false, heatmapOpacity: 0.5, sizes };
    const { rerender } = render(ZoomableImage, props);
    for (let i = 0; i < 50; i++) {
      await rerender({ ...props, src: `/media/${i}/preview` });
      await loadAs(screen.getByRole('img').querySelector('img')!, 1000 + i, 800);
    }
    expect(sizes.size).toBe(8);
    expect(sizes.peek('/media/49/preview')).toEqual({ w: 1049, h: 800 });
    expect(sizes.peek('/media/0/preview')).toBeUndefined();
  });

  it('shows the thumbnail until the preview is decoded, then the preview', async () => {
    render(ZoomableImage, {
      src: '/media/4/preview',
      thumbSrc: '/media/4/thumbnail',
      fullSrc: null,
      alt: 'photo',
      view: FIT,
      onview: vi.fn(),
      map: null,
      heatmap: false,
      heatmapOpacity: 0.5,
      // jsdom lays nothing out: the area comes from the owner, as the loupe gives it.
      area: { w: 800, h: 600 },
    });
    const view = screen.getByRole('img');
    expect(view.dataset.shown).toBe('nothing');
    await loadAs(view.querySelector<HTMLImageElement>('img.stand-in')!, 300, 200);
    expect(view.dataset.shown).toBe('thumbnail');
    // jsdom cannot decode: the decode the browser does off the main thread is stood in for here.
    const rendition = view.querySelector<HTMLImageElement>('img.rendition')!;
    let decoded!: () => void;
    rendition.decode = () => new Promise<void>((resolve) => (decoded = resolve));
    await loadAs(rendition, 2560, 1707);
    expect(view.dataset.shown).toBe('thumbnail');
    decoded();
    await vi.waitFor(() => expect(view.dataset.shown).toBe('rendition'));
    expect(view.querySelector('img.stand-in')).toBeNull();
  });

  it('says so when the image cannot be loaded', async () => {
    render(ZoomableImage, { src: '/media/3/preview', fullSrc: null, alt: 'photo', view: FIT, onview: vi.fn(), map: null, heatmap: false, heatmapOpacity: 0.5 });
    await fireEvent.error(screen.getByRole('img').querySelector('img')!);
    expect(screen.getByRole('img').textContent).toContain('cannot be shown');
  });
});
