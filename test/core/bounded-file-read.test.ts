import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBoundedFile, type ReadRefusals } from '../../electron/core/bounded-file-read.js';
import { tempDir } from '../helpers/paths.js';

class Refused extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const refusals: ReadRefusals = {
  notAFile: () => new Refused('not a file'),
  tooLarge: (size) => new Refused(`too large: ${size}`),
};

describe('readBoundedFile', () => {
  const dir = tempDir('winnow-bounded-read-');
  const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
  const file = path.join(dir, 'file.bin');
  fs.writeFileSync(file, bytes);

  it('reads a file of exactly the limit whole', async () => {
    expect(await readBoundedFile(file, bytes.length, refusals)).toEqual(bytes);
  });

  it("refuses a file one byte over the limit, in the caller's words, with its size", async () => {
    await expect(readBoundedFile(file, bytes.length - 1, refusals)).rejects.toEqual(new Refused('too large: 1000'));
  });

  it('throws the file system error of a missing file as it came', async () => {
    await expect(readBoundedFile(path.join(dir, 'missing.bin'), 10, refusals)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses what is not a regular file', async () => {
    await expect(readBoundedFile(dir, 10_000, refusals)).rejects.toEqual(new Refused('not a file'));
  });

  it('reads an empty file as no bytes', async () => {
    const empty = path.join(dir, 'empty.bin');
    fs.writeFileSync(empty, '');
    expect((await readBoundedFile(empty, 10, refusals)).length).toBe(0);
  });
});
