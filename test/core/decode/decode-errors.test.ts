import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyDecodeError } from '../../../electron/core/decode/decode-photo.js';
import { realPhotos } from '../../helpers/paths.js';

describe('decode errors', () => {
  const jpeg = fs.readFileSync(realPhotos(1)[0]!);

  it('calls a JPEG cut short truncated even when libvips only says "Unknown error"', () => {
    const cut = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    expect(classifyDecodeError(new Error('Unknown error'), 'jpeg', cut).code).toBe('TRUNCATED');
  });

  it('does not blame truncation on a whole JPEG, padded or not, or on other formats', () => {
    expect(classifyDecodeError(new Error('Unknown error'), 'jpeg', jpeg).code).toBe('DECODE_FAILED');
    expect(classifyDecodeError(new Error('Unknown error'), 'jpeg', Buffer.concat([jpeg, Buffer.alloc(64)])).code).toBe('DECODE_FAILED');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    expect(classifyDecodeError(new Error('Unknown error'), 'png', png).code).toBe('DECODE_FAILED');
    expect(path.extname(realPhotos(1)[0]!).toLowerCase()).toBe('.jpg');
  });
});
