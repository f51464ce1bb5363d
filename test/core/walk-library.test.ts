import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkLibrary, type WalkEntry } from '../../electron/core/scan/walk-library.js';
import { tempDir } from '../helpers/paths.js';

async function collect(root: string): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  for await (const e of walkLibrary(root)) out.push(e);
  return out;
}

describe('walkLibrary', () => {
  it('finds photos recursively in name order and skips hidden, system and non-photo entries', async () => {
    const root = tempDir();
    for (const rel of ['b.JPG', 'a.jpeg', 'sub/c.png', 'sub/deeper/d.webp', 'x.heic', 'y.avif', 'z.tif', 'notes.txt', '.hidden.jpg', '.cache/e.jpg', '@eaDir/f.jpg', '$RECYCLE.BIN/g.jpg', 'lost+found/h.jpg']) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), 'x');
    }
    const files = (await collect(root)).filter((e) => e.kind === 'file').map((e) => (e as { relPath: string }).relPath);
    expect(files).toEqual(['a.jpeg', 'b.JPG', 'x.heic', 'y.avif', 'z.tif', 'sub/c.png', 'sub/deeper/d.webp']);
  });

  it('follows folder links within the root once, refuses links out of it, ends loops, reports broken links', async () => {
    const root = tempDir();
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'linked.jpg'), 'x');
    fs.mkdirSync(path.join(root, 'a'));
    fs.writeFileSync(path.join(root, 'a', 'one.jpg'), 'x');
    fs.symlinkSync(outside, path.join(root, 'a', 'trip'));
    fs.mkdirSync(path.join(root, 'b'));
    fs.writeFileSync(path.join(root, 'b', 'one-more.jpg'), 'x');
    fs.symlinkSync(path.join(root, 'b'), path.join(root, 'a', 'same'));
    fs.symlinkSync(path.join(outside, 'linked.jpg'), path.join(root, 'escape.jpg'));
    fs.symlinkSync('..', path.join(root, 'a', 'up'));
    fs.symlinkSync(path.join(root, 'a'), path.join(root, 'again'));
    fs.symlinkSync('self.jpg', path.join(root, 'self.jpg'));
    fs.symlinkSync('/nonexistent/gone.jpg', path.join(root, 'gone.jpg'));

    const entries = await collect(root);
    const files = entries.filter((e) => e.kind === 'file').map((e) => (e as { relPath: string }).relPath);
    expect(files).toEqual(['a/one.jpg', 'b/one-more.jpg']);
    const problems = entries.filter((e) => e.kind === 'problem') as { path: string; code: string }[];
    expect(problems.map((p) => [path.relative(root, p.path), p.code]).sort()).toEqual(
      [
        ['a/up', 'LINK_LOOP'],
        ['a/trip', 'LINK_OUTSIDE_ROOT'],
        ['a/same', 'LINK_LOOP'],
        ['escape.jpg', 'LINK_OUTSIDE_ROOT'],
        ['again', 'LINK_LOOP'],
        ['gone.jpg', 'ENOENT'],
        ['self.jpg', 'ELOOP'],
      ].sort(),
    );
  });
});
