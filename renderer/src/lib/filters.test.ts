import { describe, expect, it } from 'vitest';
import { folderTree } from './filters';

describe('folder tree', () => {
  it('lists each folder once under its real parent, filling in parents without photos of their own', () => {
    const tree = folderTree(
      [
        { rootId: 1, folder: '', count: 2 },
        { rootId: 1, folder: 'b/deeper', count: 4 },
        { rootId: 1, folder: 'a', count: 3 },
        { rootId: 1, folder: 'a b', count: 1 },
        { rootId: 1, folder: 'a/x', count: 5 },
        { rootId: 2, folder: 'elsewhere', count: 9 },
      ],
      1,
    );
    expect(tree.map((f) => [f.folder, f.count])).toEqual([
      ['a', 8],
      ['a/x', 5],
      ['a b', 1],
      ['b', 4],
      ['b/deeper', 4],
    ]);
    expect(tree.find((f) => f.folder === 'b/deeper')!.label).toBe('  deeper');
  });
});
