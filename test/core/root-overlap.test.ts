import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryService } from '../../electron/core/library-service.js';
import { rootOverlap } from '../../electron/core/scan/root-overlap.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { tempDir } from '../helpers/paths.js';

let work: string;
let store: LibraryStore;

beforeAll(() => {
  work = tempDir('winnow-roots-');
  fs.mkdirSync(path.join(work, 'Pictures', 'trip', 'day1'), { recursive: true });
  fs.mkdirSync(path.join(work, 'Pictures-old'));
  fs.symlinkSync(path.join(work, 'Pictures', 'trip'), path.join(work, 'trip-link'));
  store = LibraryStore.open(path.join(work, 'library.db'));
  store.addRoot(path.join(work, 'Pictures', 'trip'));
});

afterAll(() => store?.close());

describe('library folders that overlap', () => {
  it('finds a folder inside a root, a folder holding one, and a link to one, by real path', () => {
    const roots = [path.join(work, 'Pictures', 'trip')];
    expect(rootOverlap(path.join(work, 'Pictures', 'trip', 'day1'), roots)).toEqual({ kind: 'inside', root: roots[0] });
    expect(rootOverlap(path.join(work, 'Pictures'), roots)).toEqual({ kind: 'contains', root: roots[0] });
    expect(rootOverlap(path.join(work, 'trip-link', 'day1'), roots)).toEqual({ kind: 'inside', root: roots[0] });
    // A sibling whose name merely starts the same is no overlap; the same folder again is a rescan.
    expect(rootOverlap(path.join(work, 'Pictures-old'), [path.join(work, 'Pictures')])).toBeNull();
    expect(rootOverlap(roots[0]!, roots)).toBeNull();
  });

  it('refuses to add a missing path, a sub-folder or a parent of a library folder, adding nothing', async () => {
    const service = new LibraryService(store, { writeSidecars: false });
    const trip = path.join(work, 'Pictures', 'trip');
    await expect(service.addRoot(path.join(work, 'nowhere'))).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no folder') });
    await expect(service.addRoot(path.join(trip, 'day1'))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(`inside the library folder ${trip}`) });
    await expect(service.addRoot(path.join(work, 'Pictures'))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(`contains the library folder ${trip}`) });
    expect(store.roots().map((r) => r.path)).toEqual([trip]);
  });
});
