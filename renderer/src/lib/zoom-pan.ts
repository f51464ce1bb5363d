/**
 * The loupe's and compare's view of one image: fit, or 100% (one image pixel per device pixel, so
 * HiDPI screens show real pixels) centred on a point given as fractions of the image, so that
 * compare panes of different sizes share it.
 */
export interface ZoomView {
  readonly zoom: 'fit' | 'actual';
  /** Centre of the view, as fractions of the image's width and height. */
  readonly cx: number;
  readonly cy: number;
}

export const FIT: ZoomView = { zoom: 'fit', cx: 0.5, cy: 0.5 };

export interface Placement {
  readonly scale: number;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface PlaceOptions {
  /** Device pixels per CSS pixel (window.devicePixelRatio). */
  readonly dpr?: number;
  /**
   * The original's long side in pixels, when known: fit never enlarges past 100%, so a small image
   * is not blown up to fill the loupe.
   */
  readonly originalLongSide?: number | null;
}

export function place(view: ZoomView, imgW: number, imgH: number, boxW: number, boxH: number, options: PlaceOptions = {}): Placement {
  const dpr = options.dpr && options.dpr > 0 ? options.dpr : 1;
  // 100% of the original in CSS pixels: the shown image may be a smaller rendition of it.
  const actual = (options.originalLongSide ? options.originalLongSide / Math.max(imgW, imgH) : 1) / dpr;
  const fitScale = Math.min(boxW / imgW, boxH / imgH, options.originalLongSide ? actual : Infinity);
  const scale = view.zoom === 'fit' ? fitScale : actual;
  const width = imgW * scale;
  const height = imgH * scale;
  const c = clampCentre(view, imgW * scale, imgH * scale, boxW, boxH);
  const left = width <= boxW ? (boxW - width) / 2 : boxW / 2 - c.cx * width;
  const top = height <= boxH ? (boxH - height) / 2 : boxH / 2 - c.cy * height;
  return { scale, left, top, width, height };
}

/** Keeps the image covering the box when it is larger than the box. */
function clampCentre(view: ZoomView, w: number, h: number, boxW: number, boxH: number): { cx: number; cy: number } {
  const halfX = w > boxW ? boxW / 2 / w : 0.5;
  const halfY = h > boxH ? boxH / 2 / h : 0.5;
  return { cx: Math.min(1 - halfX, Math.max(halfX, view.cx)), cy: Math.min(1 - halfY, Math.max(halfY, view.cy)) };
}

/** Drags the image by a pointer movement in CSS pixels. */
export function pan(view: ZoomView, dx: number, dy: number, imgW: number, imgH: number, boxW: number, boxH: number): ZoomView {
  if (view.zoom === 'fit') return view;
  const moved = { ...view, cx: view.cx - dx / imgW, cy: view.cy - dy / imgH };
  return { ...moved, ...clampCentre(moved, imgW, imgH, boxW, boxH) };
}

/** Z toggles between fit and 100%; a click zooms to the clicked point (fractions of the image). */
export function toggleZoom(view: ZoomView, at?: { fx: number; fy: number }): ZoomView {
  if (view.zoom === 'actual') return { ...view, zoom: 'fit' };
  return { zoom: 'actual', cx: at?.fx ?? view.cx, cy: at?.fy ?? view.cy };
}
