/**
 * The few HEIF item properties the decode needs from the primary image, read from the ISOBMFF
 * boxes: whether the file rotates or mirrors it itself (irot, imir: libheif applies those, and EXIF
 * orientation must then be ignored) and how its colour is described (an ICC profile or nclx codes).
 */
export interface HeifProperties {
  readonly transformed: boolean;
  readonly icc: Buffer | null;
  /** ITU-T H.273 colour primaries of an nclx colour box (1: BT.709/sRGB, 12: Display P3). */
  readonly nclxPrimaries: number | null;
  /** Where the last byte of item data ends (iloc): beyond the file's length, the file was cut short. */
  readonly dataEnd: number;
}

interface Box {
  readonly type: string;
  /** Payload, after the size and type (and a 64-bit size). */
  readonly body: Buffer;
}

function* boxes(buf: Buffer): Generator<Box> {
  let at = 0;
  while (at + 8 <= buf.length) {
    let size = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    let header = 8;
    if (size === 1) {
      if (at + 16 > buf.length) return;
      const big = buf.readBigUInt64BE(at + 8);
      if (big > BigInt(buf.length - at)) return;
      size = Number(big);
      header = 16;
    } else if (size === 0) {
      size = buf.length - at;
    }
    if (size < header || at + size > buf.length) return;
    yield { type, body: buf.subarray(at + header, at + size) };
    at += size;
  }
}

function child(box: Buffer, type: string): Buffer | null {
  for (const b of boxes(box)) if (b.type === type) return b.body;
  return null;
}

const NONE: HeifProperties = { transformed: false, icc: null, nclxPrimaries: null, dataEnd: 0 };

function readSized(buf: Buffer, at: number, size: number): number {
  if (size === 0) return 0;
  if (size === 4) return buf.readUInt32BE(at);
  if (size === 8) return Number(buf.readBigUInt64BE(at));
  throw new Error(`unsupported iloc field size ${size}`);
}

/** The end of the furthest extent the item locations point at in the file itself. */
function itemDataEnd(iloc: Buffer): number {
  const version = iloc[0]!;
  let at = 4;
  const offsetSize = iloc[at]! >> 4;
  const lengthSize = iloc[at]! & 15;
  const baseSize = iloc[at + 1]! >> 4;
  const indexSize = version === 1 || version === 2 ? iloc[at + 1]! & 15 : 0;
  at += 2;
  const count = version < 2 ? iloc.readUInt16BE(at) : iloc.readUInt32BE(at);
  at += version < 2 ? 2 : 4;
  let end = 0;
  for (let i = 0; i < count; i++) {
    at += version < 2 ? 2 : 4; // item id
    let method = 0;
    if (version === 1 || version === 2) {
      method = iloc.readUInt16BE(at) & 15;
      at += 2;
    }
    at += 2; // data reference index
    const base = readSized(iloc, at, baseSize);
    at += baseSize;
    const extents = iloc.readUInt16BE(at);
    at += 2;
    for (let e = 0; e < extents; e++) {
      at += indexSize;
      const offset = readSized(iloc, at, offsetSize);
      at += offsetSize;
      const length = readSized(iloc, at, lengthSize);
      at += lengthSize;
      if (method === 0) end = Math.max(end, base + offset + length);
    }
  }
  return end;
}

/** Never throws: a file whose boxes cannot be followed gets no properties, and libheif decides. */
export function readHeifProperties(file: Buffer): HeifProperties {
  try {
    const meta = child(file, 'meta');
    if (!meta || meta.length < 4) return NONE;
    const inner = meta.subarray(4); // full box: version and flags
    const iloc = child(inner, 'iloc');
    let dataEnd = 0;
    try {
      dataEnd = iloc ? itemDataEnd(iloc) : 0;
    } catch {
      // A location table that cannot be followed is libheif's to judge.
    }
    const pitm = child(inner, 'pitm');
    const iprp = child(inner, 'iprp');
    if (!pitm || !iprp) return { ...NONE, dataEnd };
    const primary = pitm[0] === 0 ? pitm.readUInt16BE(4) : pitm.readUInt32BE(4);
    const ipco = child(iprp, 'ipco');
    if (!ipco) return { ...NONE, dataEnd };
    const properties = [...boxes(ipco)];
    // A grid's colour box usually sits on its tiles: the primary's own wins, a tile's fills in.
    const indices: number[] = [];
    const tileIndices: number[] = [];
    for (const b of boxes(iprp)) {
      if (b.type !== 'ipma') continue;
      const version = b.body[0]!;
      const wide = (b.body.readUInt32BE(0) & 1) === 1;
      let at = 4;
      const entries = b.body.readUInt32BE(at);
      at += 4;
      for (let e = 0; e < entries; e++) {
        const item = version < 1 ? b.body.readUInt16BE(at) : b.body.readUInt32BE(at);
        at += version < 1 ? 2 : 4;
        const count = b.body[at++]!;
        for (let a = 0; a < count; a++) {
          const index = wide ? b.body.readUInt16BE(at) & 0x7fff : b.body[at]! & 0x7f;
          at += wide ? 2 : 1;
          if (index > 0) (item === primary ? indices : tileIndices).push(index);
        }
      }
    }
    let transformed = false;
    let icc: Buffer | null = null;
    let nclxPrimaries: number | null = null;
    for (const i of [...indices, ...tileIndices]) {
      const p = properties[i - 1];
      if (!p) continue;
      if (p.type === 'irot' || p.type === 'imir') transformed ||= indices.includes(i);
      if (p.type === 'colr' && p.body.length >= 4 && icc === null && nclxPrimaries === null) {
        const kind = p.body.toString('latin1', 0, 4);
        if (kind === 'prof' || kind === 'rICC') icc = Buffer.from(p.body.subarray(4));
        if (kind === 'nclx' && p.body.length >= 6) nclxPrimaries = p.body.readUInt16BE(4);
      }
    }
    return { transformed, icc, nclxPrimaries, dataEnd };
  } catch {
    return NONE;
  }
}
