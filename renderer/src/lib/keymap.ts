import type { ColorLabel } from '../../../electron/shared/api-contract';
import type { Direction } from './grid-layout';

/** What a key means, independent of the view that acts on it. */
export type Command =
  | { readonly kind: 'move'; readonly direction: Direction; readonly extend: boolean }
  | { readonly kind: 'pick' }
  | { readonly kind: 'reject' }
  | { readonly kind: 'unflag' }
  | { readonly kind: 'rate'; readonly stars: number }
  | { readonly kind: 'label'; readonly label: ColorLabel }
  | { readonly kind: 'zoom' }
  | { readonly kind: 'compare' }
  | { readonly kind: 'heatmap' }
  | { readonly kind: 'loupe' }
  | { readonly kind: 'grid' }
  | { readonly kind: 'undo' }
  | { readonly kind: 'redo' }
  | { readonly kind: 'help' }
  | { readonly kind: 'info' }
  | { readonly kind: 'stack' }
  | { readonly kind: 'keepBest' }
  | { readonly kind: 'selectAll' }
  | { readonly kind: 'escape' }
  | { readonly kind: 'panels' }
  | { readonly kind: 'fullscreen' };

export interface KeyInput {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

/** Lightroom's colour keys: 6 red, 7 yellow, 8 green, 9 blue. */
const LABEL_KEYS: Record<string, ColorLabel> = { '6': 'Red', '7': 'Yellow', '8': 'Green', '9': 'Blue' };

const ARROWS: Record<string, Direction> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
  PageUp: 'pageUp',
  PageDown: 'pageDown',
  Home: 'home',
  End: 'end',
};

/** Lightroom's keys (P, X, U, 0-5, 6-9, Z, C, G, E) with Photo Mechanic's speed in mind: one key, one action. */
export function commandFor(e: KeyInput): Command | null {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && !e.altKey) {
    const k = e.key.toLowerCase();
    if (k === 'z') return { kind: e.shiftKey ? 'redo' : 'undo' };
    if (k === 'y') return { kind: 'redo' };
    if (k === 'a' && !e.shiftKey) return { kind: 'selectAll' };
    return null;
  }
  if (e.altKey || mod) return null;
  const arrow = ARROWS[e.key];
  if (arrow) return { kind: 'move', direction: arrow, extend: e.shiftKey };
  if (e.key === '?') return { kind: 'help' };
  if (e.key === 'Escape') return { kind: 'escape' };
  // Tab hides the panels, as in Lightroom; Shift+Tab still moves the focus back.
  if (e.key === 'Tab') return e.shiftKey ? null : { kind: 'panels' };
  if (/^[0-5]$/.test(e.key)) return { kind: 'rate', stars: Number(e.key) };
  const label = LABEL_KEYS[e.key];
  if (label) return { kind: 'label', label };
  switch (e.key.toLowerCase()) {
    case 'p':
      return { kind: 'pick' };
    case 'x':
      return { kind: 'reject' };
    case 'u':
      return { kind: 'unflag' };
    case 'z':
      return { kind: 'zoom' };
    case 'c':
      return { kind: 'compare' };
    case 'h':
      return { kind: 'heatmap' };
    case 'i':
      return { kind: 'info' };
    case 's':
      return { kind: 'stack' };
    case 'b':
      return { kind: 'keepBest' };
    case 'e':
    case 'enter':
      return { kind: 'loupe' };
    case 'g':
      return { kind: 'grid' };
    case 'f':
      return { kind: 'fullscreen' };
    default:
      return null;
  }
}

/** The help overlay's table, kept beside the mapping it documents. */
export const KEY_HELP: readonly (readonly [string, string])[] = [
  ['← → ↑ ↓', 'Move (Shift extends the selection)'],
  ['E / Enter', 'Open the loupe'],
  ['G / Esc', 'Back to the grid (Esc in the grid: deselect)'],
  ['Ctrl/⌘ A', 'Select all'],
  ['F', 'Full-screen loupe'],
  ['Tab', 'Hide or show the side panels (Shift+Tab moves the focus)'],
  ['P', 'Pick'],
  ['X', 'Reject'],
  ['U', 'Unflag'],
  ['0 – 5', 'Star rating'],
  ['6 7 8 9', 'Red, yellow, green, blue label (again to clear)'],
  ['Z', 'Zoom: fit / 100%'],
  ['C', 'Compare the selection (2 – 6 photos), or the frames of a stack'],
  ['S', 'Open or close the burst stack'],
  ['B', 'Keep the best frame of the stack, reject the rest'],
  ['H', 'Quality heatmap on / off'],
  ['I', 'Info panel on / off'],
  ['Ctrl/⌘ Z', 'Undo (Shift to redo)'],
  ['?', 'This help'],
];
