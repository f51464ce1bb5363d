import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Root } from '../../electron/shared/library-types.js';
import { chooseLibraryFolder } from '../../electron/main/library-folder.js';
import { tempDir } from '../helpers/paths.js';

let work: string;
const root = (p: string, id = 1): Root => ({ id, path: p, addedAt: 0, lastScanAt: null });

beforeAll(() => {
  work = tempDir('winnow-folder-');
  fs.mkdirSync(path.join(work, 'photos', 'trip'), { recursive: true });
  fs.mkdirSync(path.join(work, 'other'));
  fs.writeFileSync(path.join(work, 'file.jpg'), 'x');
  fs.symlinkSync(path.join(work, 'photos'), path.join(work, 'photos-link'), 'dir');
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the folder picked in the native dialog', () => {
  it('is added by its real path', async () => {
    expect(await chooseLibraryFolder({ canceled: false, filePaths: [path.join(work, 'other')] }, [])).toEqual({ action: 'add', path: fs.realpathSync(path.join(work, 'other')) });
  });

  it('is not added again when it is, or lies inside, a root (also through a link)', async () => {
    const roots = [root(path.join(work, 'photos'))];
    for (const picked of ['photos', 'photos/trip', 'photos-link', 'photos-link/trip']) {
      expect(await chooseLibraryFolder({ canceled: false, filePaths: [path.join(work, picked)] }, roots), picked).toMatchObject({ action: 'already-covered', root: roots[0] });
    }
  });

  it('does nothing when cancelled, empty, relative, missing or a file', async () => {
    for (const picked of [{ canceled: true, filePaths: [path.join(work, 'other')] }, { canceled: false, filePaths: [] }, { canceled: false, filePaths: ['other'] }, { canceled: false, filePaths: [path.join(work, 'gone')] }, { canceled: false, filePaths: [path.join(work, 'file.jpg')] }]) {
      expect(await chooseLibraryFolder(picked, [])).toEqual({ action: 'none' });
    }
  });
});
