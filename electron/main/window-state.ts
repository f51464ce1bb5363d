/**
 * The main window reopens where it was left, but only where it can be seen: the saved bounds come
 * from a file (which may be stale, hand-edited or from a monitor that is gone), so they are
 * validated field by field and placed against the displays present now.
 */

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowState {
  readonly bounds: Rect;
  readonly maximized: boolean;
}

export interface WindowSizing {
  readonly width: number;
  readonly height: number;
  readonly minWidth: number;
  readonly minHeight: number;
}

/** Coordinates beyond this are nonsense on any real desktop. */
const LIMIT = 100_000;
/** How much of a window must lie on one display (its work area) for the position to be kept. */
const MIN_VISIBLE = { width: 120, height: 60 };

function isCoordinate(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= LIMIT;
}

function isLength(v: unknown): v is number {
  return isCoordinate(v) && v > 0;
}

export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { bounds, maximized } = raw as Record<string, unknown>;
  if (typeof bounds !== 'object' || bounds === null || typeof maximized !== 'boolean') return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (!isCoordinate(x) || !isCoordinate(y) || !isLength(width) || !isLength(height)) return null;
  return { bounds: { x, y, width, height }, maximized };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

function clampSize(length: number, min: number, max: number): number {
  return Math.max(Math.min(min, max), Math.min(length, max));
}

/** The default size, centred on the primary display's work area (the first one given). */
function centred(sizing: WindowSizing, area: Rect): Rect {
  const width = clampSize(sizing.width, sizing.minWidth, area.width);
  const height = clampSize(sizing.height, sizing.minHeight, area.height);
  return { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height };
}

/**
 * Where to open the window. The saved bounds are kept when enough of the window lands on one of
 * today's work areas; their size is then clamped to that area and the window moved inside it so
 * its title bar is reachable. Otherwise the default size is centred on the primary display.
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[], sizing: WindowSizing): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: sizing.width, height: sizing.height };
  if (!saved) return { bounds: centred(sizing, primary), maximized: false };
  const home = workAreas.find((area) => {
    const o = overlap(saved.bounds, area);
    return o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height;
  });
  if (!home) return { bounds: centred(sizing, primary), maximized: saved.maximized };
  const width = clampSize(saved.bounds.width, sizing.minWidth, home.width);
  const height = clampSize(saved.bounds.height, sizing.minHeight, home.height);
  const x = Math.min(Math.max(saved.bounds.x, home.x), home.x + home.width - width);
  const y = Math.min(Math.max(saved.bounds.y, home.y), home.y + home.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}
