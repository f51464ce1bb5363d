/** Camera RAW containers Winnow reads through their embedded previews (see decode/raw-preview.ts). */
export const RAW_EXTENSIONS: ReadonlySet<string> = new Set(
  ['cr2', 'cr3', 'crw', 'nef', 'nrw', 'arw', 'sr2', 'srf', 'raf', 'orf', 'rw2', 'pef', 'dng', 'srw', 'iiq', '3fr', 'x3f', 'mrw', 'kdc', 'erf', 'mef', 'mos', 'rwl', 'dcr'].map((e) => `.${e}`),
);

export function isRawName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && RAW_EXTENSIONS.has(name.slice(dot).toLowerCase());
}
