/**
 * Wraps decoded 8-bit RGB pixels in a minimal uncompressed TIFF with their ICC profile, so that
 * sharp colour-manages them exactly as it does a JPEG with that profile. sharp's raw input has no
 * way to say which colour space the pixels are in.
 */
export function rgbTiff(pixels: Uint8Array, width: number, height: number, icc: Buffer | null): Buffer {
  const entries: [tag: number, type: number, count: number, value: number][] = [];
  const SHORT = 3;
  const LONG = 4;
  const UNDEFINED = 7;
  const entryCount = icc ? 11 : 10;
  const ifdOffset = 8;
  const ifdSize = 2 + entryCount * 12 + 4;
  const bitsOffset = ifdOffset + ifdSize;
  const iccOffset = bitsOffset + 6;
  const pixelOffset = iccOffset + (icc ? icc.length + (icc.length & 1) : 0);
  entries.push([256, LONG, 1, width]);
  entries.push([257, LONG, 1, height]);
  entries.push([258, SHORT, 3, bitsOffset]);
  entries.push([259, SHORT, 1, 1]); // no compression
  entries.push([262, SHORT, 1, 2]); // RGB
  entries.push([273, LONG, 1, pixelOffset]);
  entries.push([277, SHORT, 1, 3]);
  entries.push([278, LONG, 1, height]);
  entries.push([279, LONG, 1, width * height * 3]);
  entries.push([284, SHORT, 1, 1]); // chunky
  if (icc) entries.push([34675, UNDEFINED, icc.length, iccOffset]);

  const out = Buffer.allocUnsafe(pixelOffset + width * height * 3);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(ifdOffset, 4);
  out.writeUInt16LE(entries.length, ifdOffset);
  entries.forEach(([tag, type, count, value], i) => {
    const at = ifdOffset + 2 + i * 12;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(count, at + 4);
    // A single SHORT sits in the first two bytes of the value field.
    if (type === SHORT && count === 1) {
      out.writeUInt16LE(value, at + 8);
      out.writeUInt16LE(0, at + 10);
    } else out.writeUInt32LE(value, at + 8);
  });
  out.writeUInt32LE(0, ifdOffset + 2 + entries.length * 12);
  for (let c = 0; c < 3; c++) out.writeUInt16LE(8, bitsOffset + c * 2);
  if (icc) {
    icc.copy(out, iccOffset);
    if (icc.length & 1) out[iccOffset + icc.length] = 0;
  }
  out.set(pixels.subarray(0, width * height * 3), pixelOffset);
  return out;
}
