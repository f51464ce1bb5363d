/** Geometry of the virtualised thumbnail grid: pure arithmetic, so it is tested without a DOM. */
export interface GridGeometry {
  readonly columns: number;
  readonly tileWidth: number;
  readonly rowHeight: number;
  readonly gap: number;
}

export function gridGeometry(viewportWidth: number, targetTile = 196, gap = 6, captionHeight = 30): GridGeometry {
  const usable = Math.max(1, viewportWidth - gap);
  const columns = Math.max(1, Math.floor(usable / (targetTile + gap)));
  const tileWidth = Math.floor(usable / columns) - gap;
  return { columns, tileWidth, rowHeight: tileWidth + captionHeight + gap, gap };
}

export interface VisibleRange {
  /** First and one-past-last photo index to render. */
  readonly first: number;
  readonly end: number;
  readonly totalHeight: number;
}

/** The photos to render for a scroll position, with a few rows of overscan either side. */
export function visibleRange(scrollTop: number, viewportHeight: number, g: GridGeometry, total: number, overscanRows = 2): VisibleRange {
  const rows = Math.ceil(total / g.columns);
  const firstRow = Math.max(0, Math.floor(scrollTop / g.rowHeight) - overscanRows);
  const endRow = Math.min(rows, Math.ceil((scrollTop + viewportHeight) / g.rowHeight) + overscanRows);
  return { first: firstRow * g.columns, end: Math.min(total, endRow * g.columns), totalHeight: rows * g.rowHeight + g.gap };
}

/** The scrollTop that brings a photo's row into view, or null when it is already fully visible. */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, g: GridGeometry): number | null {
  const top = Math.floor(index / g.columns) * g.rowHeight;
  const bottom = top + g.rowHeight + g.gap;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return null;
}

export type Direction = 'left' | 'right' | 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

/** The cursor after an arrow key: in the grid up/down move by a row, in the loupe only left/right matter. */
export function moveIndex(index: number, direction: Direction, columns: number, total: number, rowsPerPage = 1): number {
  if (total === 0) return 0;
  const steps: Record<Direction, number> = {
    left: -1,
    right: 1,
    up: -columns,
    down: columns,
    pageUp: -columns * Math.max(1, rowsPerPage),
    pageDown: columns * Math.max(1, rowsPerPage),
    home: -Infinity,
    end: Infinity,
  };
  const next = index + steps[direction];
  if (next === -Infinity || next < 0) return direction === 'up' ? index : 0;
  if (next === Infinity || next >= total) return direction === 'down' ? index : total - 1;
  return next;
}
