import type { GridPhoto } from '../../../electron/shared/api-contract';
import { FIT, type ZoomView } from '../lib/zoom-pan';

export type Mode = 'grid' | 'loupe' | 'compare';

/** Compare shows up to this many photos side by side (3 by 2). */
export const COMPARE_MAX = 6;

/** Which view is up and how it is set: zoom, overlays, panels, the photos being compared. */
export class ViewState {
  mode = $state<Mode>('grid');
  helpOpen = $state(false);
  heatmap = $state(false);
  heatmapOpacity = $state(0.55);
  info = $state(true);
  zoom = $state.raw<ZoomView>(FIT);
  comparing = $state.raw<GridPhoto[]>([]);
  compareActive = $state(0);
  /** Tab: the side panels out of the way. */
  panels = $state(true);
  /** F: the loupe alone on the screen. */
  fullscreen = $state(false);

  show(mode: Mode): void {
    this.mode = mode;
    this.zoom = FIT;
  }

  compare(photos: GridPhoto[]): void {
    this.comparing = photos.slice(0, COMPARE_MAX);
    this.compareActive = 0;
    this.show('compare');
  }

  /** Left and right in compare move the active pane. */
  moveActive(step: number): void {
    this.compareActive = Math.max(0, Math.min(this.comparing.length - 1, this.compareActive + step));
  }
}
