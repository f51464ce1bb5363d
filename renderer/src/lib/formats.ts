/** Formats a browser decodes itself; others (TIFF, HEIC) are only ever shown as the JPEG preview. */
const WEB_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'avif']);

export function browserCanShow(format: string | null): boolean {
  return format !== null && WEB_FORMATS.has(format);
}
