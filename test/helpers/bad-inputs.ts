import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import zlib from 'node:zlib';

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * A small PNG whose header claims huge dimensions: the shape of a decompression bomb, without
 * the gigabytes. Anything that trusts the header and allocates would fall over.
 */
export function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(1024))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Replaces the EXIF APP1 payload of a JPEG with garbage of the same length. */
export function breakExif(jpeg: Buffer): Buffer {
  const out = Buffer.from(jpeg);
  for (let i = 2; i < out.length - 4; ) {
    if (out[i] !== 0xff) break;
    const marker = out[i + 1]!;
    const len = out.readUInt16BE(i + 2);
    if (marker === 0xe1 && out.toString('ascii', i + 4, i + 8) === 'Exif') {
      // Keep "Exif\0\0" and a valid-looking TIFF byte order, then scramble the IFD.
      for (let j = i + 4 + 6 + 4; j < i + 2 + len; j++) out[j] = (j * 131) & 0xff;
      return out;
    }
    i += 2 + len;
  }
  throw new Error('no EXIF segment to break');
}

export interface BadInputCase {
  readonly name: string;
  /** Expected outcome: scored normally, or a recorded failure with a message matching. */
  readonly expect: { scored: true; warning?: RegExp } | { scored: false; message: RegExp };
}

/** Writes the bad-input corpus the foundation issue lists into dir, and says what each should do. */
export async function writeBadInputs(dir: string, goodPhoto: string): Promise<BadInputCase[]> {
  const good = fs.readFileSync(goodPhoto);
  const cases: BadInputCase[] = [];
  const put = (name: string, bytes: Buffer | string, expect: BadInputCase['expect']) => {
    fs.writeFileSync(path.join(dir, name), bytes);
    cases.push({ name, expect });
  };
  put('empty.jpg', Buffer.alloc(0), { scored: false, message: /empty/ });
  put('truncated.jpg', good.subarray(0, Math.floor(good.length / 2)), { scored: false, message: /truncated|corrupt/ });
  put('notes.jpg', 'this is a text file, not a photo\n', { scored: false, message: /not an image/ });
  put('tiny.png', await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } }).png().toBuffer(), {
    scored: false,
    message: /too small/,
  });
  put('bomb.png', bombPng(30000, 30000), { scored: false, message: /decoding limit|pixel limit/ });
  put('cmyk.jpg', await sharp(good).toColourspace('cmyk').jpeg().toBuffer(), { scored: true });
  put('sixteen-bit.png', await sharp(good).toColourspace('rgb16').png().toBuffer(), { scored: true });
  const withExif = await sharp(good).withExif({ IFD0: { Make: 'Winnow', Model: 'Test Cam', Software: 'x'.repeat(64) } }).jpeg().toBuffer();
  put('broken-exif.jpg', breakExif(withExif), { scored: true, warning: /EXIF/ });
  return cases;
}
