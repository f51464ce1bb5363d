import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_MODEL, REPO_ROOT, realPhotos, tempDir } from '../helpers/paths.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';

const CLI = path.join(REPO_ROOT, 'electron/cli/winnow.ts');

function winnow(args: string[], model: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, WINNOW_MODEL: model },
  });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** The fixture model under a newer version: what a Winnow update that ships new weights looks like. */
function newerModel(dir: string): string {
  const meta = JSON.parse(fs.readFileSync(FIXTURE_MODEL, 'utf8')) as { version: string; onnx: string };
  fs.copyFileSync(path.join(path.dirname(FIXTURE_MODEL), meta.onnx), path.join(dir, meta.onnx));
  const file = path.join(dir, 'newer.json');
  fs.writeFileSync(file, JSON.stringify({ ...meta, version: '9.0.0' }));
  return file;
}

describe('winnow rescore', () => {
  it('says when photos were scored by an older model, and rescore brings every folder to the current one with decisions kept', () => {
    const dir = tempDir('winnow-rescore-');
    const db = path.join(dir, 'lib.db');
    const folders = [path.join(dir, 'a'), path.join(dir, 'b')];
    const photos = realPhotos(3);
    for (const f of folders) fs.mkdirSync(f);
    fs.copyFileSync(photos[0]!, path.join(folders[0]!, 'one.jpg'));
    fs.copyFileSync(photos[1]!, path.join(folders[1]!, 'two.jpg'));
    fs.copyFileSync(photos[2]!, path.join(folders[1]!, 'three.jpg'));
    for (const f of folders) expect(winnow(['scan', f, '--db', db], FIXTURE_MODEL).code).toBe(0);
    expect(winnow(['rate', path.join(folders[1]!, 'two.jpg'), '--stars', '4', '--pick', '--db', db], FIXTURE_MODEL).code).toBe(0);

    const newer = newerModel(dir);
    const before = winnow(['list', '--db', db], newer);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toMatch(/3 photos were scored by an older model \(tiny-wsp 1\.0\.0\)/);
    expect(before.stdout).toMatch(/winnow rescore/);

    const rescore = winnow(['rescore', '--db', db], newer);
    expect(rescore.code, rescore.stderr).toBe(0);
    expect(rescore.stdout).toMatch(/with tiny-wsp 9\.0\.0/);

    const after = winnow(['list', '--db', db], newer);
    expect(after.stdout).not.toMatch(/older model/);
    const store = LibraryStore.open(db, { readonly: true });
    try {
      expect(store.staleScores('tiny-wsp', '9.0.0').photos).toBe(0);
      // The old model's scores stay, keyed by their model; the new ones are there for every photo.
      const counts = store.db.prepare('SELECT m.version AS v, COUNT(*) AS n FROM scores s JOIN models m ON m.id = s.model_id GROUP BY m.version ORDER BY m.version').all();
      expect(counts).toEqual([{ v: '1.0.0', n: 3 }, { v: '9.0.0', n: 3 }]);
      const rated = store.db.prepare("SELECT rating, pick FROM photos WHERE name = 'two.jpg'").get() as { rating: number; pick: number };
      expect(rated.rating).toBe(4);
    } finally {
      store.close();
    }
  }, 600_000);

  it('refuses a library with no folders, with one clear line', () => {
    const dir = tempDir('winnow-rescore-empty-');
    const r = winnow(['rescore', '--db', path.join(dir, 'none.db')], FIXTURE_MODEL);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  }, 120_000);
});
