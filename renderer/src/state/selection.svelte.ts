import { SvelteSet } from 'svelte/reactivity';
import type { GridPhoto } from '../../../electron/shared/api-contract';
import { extendSelection } from '../lib/selection';

interface Rows {
  get(index: number): GridPhoto | undefined;
}

/** The cursor (the photo keys act on), the anchor a Shift-extension starts from, and the selection. */
export class SelectionState {
  cursor = $state(0);
  anchor = $state(0);
  /** Reactive per id: a tile repaints only when its own photo joins or leaves the selection. */
  readonly selected = new SvelteSet<number>();

  /** Arrow keys and plain clicks: the cursor moves, and the selection follows it or extends to it. */
  moveTo(index: number, extend: boolean, rows: Rows): void {
    this.cursor = index;
    if (extend) {
      this.replace(extendSelection(rows, this.anchor, index));
    } else {
      this.anchor = index;
      const photo = rows.get(index);
      this.replace(photo ? [photo.id] : []);
    }
  }

  /** Ctrl/Cmd+click: one photo in or out of the selection. */
  toggle(index: number, rows: Rows): void {
    const photo = rows.get(index);
    if (!photo) return;
    if (this.selected.has(photo.id)) this.selected.delete(photo.id);
    else this.selected.add(photo.id);
    this.cursor = index;
    this.anchor = index;
  }

  /** After a new sort or filter: the cursor lands where its photo now is. */
  placeAt(index: number): void {
    this.cursor = index;
    this.anchor = index;
  }

  selectAll(ids: Iterable<number>): void {
    this.replace(ids);
  }

  /** Esc: back to the photo under the cursor alone. */
  clear(rows: Rows): void {
    const photo = rows.get(this.cursor);
    this.anchor = this.cursor;
    this.replace(photo ? [photo.id] : []);
  }

  private replace(ids: Iterable<number>): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, never painted
    const next = new Set(ids);
    for (const id of this.selected) if (!next.has(id)) this.selected.delete(id);
    for (const id of next) this.selected.add(id);
  }
}
