import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_MODEL, REPO_ROOT, realPhotos, realPhotoFolder, tempDir } from '../helpers/paths.js';

const CLI = path.join(REPO_ROOT, 'electron/cli/winnow.ts');

/** Runs the CLI from source exactly as a user would, with piped (non-TTY) output. */
function winnow(args: string[], options: SpawnSyncOptions & { env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    ...options,
    env: { ...process.env, WINNOW_MODEL: FIXTURE_MODEL, ...options.env },
  });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

describe('winnow CLI', () => {
  it('scans a folder into the default database, shows progress lines and a ranked summary', () => {
    const home = tempDir('winnow-home-');
    const lib = realPhotoFolder(4);
    fs.writeFileSync(path.join(lib, 'broken.jpg'), 'not an image');
    const r = winnow(['scan', lib], { env: { WINNOW_HOME: home } });
    expect(r.stderr).toMatch(/scored 5\/5 \(100\.0%\)/);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/5 photos found, 4 scored, 1 failed/);
    expect(r.stdout).toMatch(/Best of 4:/);
    expect(r.stdout).toMatch(/broken\.jpg: not an image/);
    expect(fs.existsSync(path.join(home, 'library.db'))).toBe(true);

    const again = winnow(['scan', lib], { env: { WINNOW_HOME: home } });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 scored, 0 failed, 5 unchanged/);
  });

  it('lists photos sorted and filtered, as a table or as JSON', () => {
    const dir = tempDir();
    const db = path.join(dir, 'lib.db');
    const lib = realPhotoFolder(6);
    expect(winnow(['scan', lib, '--db', db]).code).toBe(0);

    const all = JSON.parse(winnow(['list', '--db', db, '--json']).stdout) as { path: string; quality: number; sharpness: number; rating: number; pick: string }[];
    expect(all).toHaveLength(6);
    expect(all.map((p) => p.quality)).toEqual([...all.map((p) => p.quality)].sort((a, b) => b - a));
    expect(all[0]).toMatchObject({ rating: 0, pick: '-' });

    const median = all[3]!.quality;
    const filtered = JSON.parse(winnow(['list', '--db', db, '--json', '--min-quality', String(median)]).stdout) as unknown[];
    expect(filtered).toHaveLength(all.filter((p) => p.quality >= median).length);

    const bySharpness = JSON.parse(winnow(['list', '--db', db, '--json', '--sort', 'sharpness', '--order', 'asc', '--limit', '3']).stdout) as { sharpness: number }[];
    expect(bySharpness).toHaveLength(3);
    expect(bySharpness[0]!.sharpness).toBeLessThanOrEqual(bySharpness[2]!.sharpness);

    const table = winnow(['list', '--db', db, '--sort', 'name']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/quality\s+sharp\s+rating\s+pick\s+path/);
  });

  it('fails clearly with distinct exit codes for a missing folder, an unreadable database and a model that does not load', () => {
    const dir = tempDir();
    const missing = winnow(['scan', path.join(dir, 'no-such-folder'), '--db', path.join(dir, 'a.db')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does not exist/);

    const junkDb = path.join(dir, 'junk.db');
    fs.writeFileSync(junkDb, 'x'.repeat(5000));
    const badDb = winnow(['scan', realPhotoFolder(1), '--db', junkDb]);
    expect(badDb.code).toBe(3);
    expect(badDb.stderr).toMatch(/not a readable Winnow library database/);
    expect(winnow(['list', '--db', path.join(dir, 'none.db')]).code).toBe(3);

    const onnx = path.join(dir, 'broken.onnx');
    fs.writeFileSync(onnx, 'not a model');
    const meta = JSON.parse(fs.readFileSync(FIXTURE_MODEL, 'utf8'));
    fs.writeFileSync(path.join(dir, 'broken.json'), JSON.stringify({ ...meta, onnx: 'broken.onnx', sha256: createHash('sha256').update('not a model').digest('hex') }));
    const badModel = winnow(['scan', realPhotoFolder(1), '--db', path.join(dir, 'b.db'), '--model', onnx]);
    expect(badModel.code).toBe(4);
    expect(badModel.stderr).toMatch(/cannot load model/);

    const absent = winnow(['scan', realPhotoFolder(1), '--db', path.join(dir, 'c.db'), '--model', path.join(dir, 'absent.json')]);
    expect(absent.code).toBe(4);
    expect(absent.stderr).toMatch(/cannot read model metadata/);

    const usage = winnow(['list', '--sort', 'colour']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/unknown sort/);
  });

  // Permission bits do not stop root, so as root the CLI runs as "nobody" to meet a real EACCES.
  it('records an unreadable file as a per-photo error and scores the rest', () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o777);
    const lib = realPhotoFolder(2);
    fs.chmodSync(lib, 0o755);
    for (const f of fs.readdirSync(lib)) fs.chmodSync(path.join(lib, f), 0o644);
    const locked = path.join(lib, 'locked.jpg');
    fs.copyFileSync(realPhotos(3)[2]!, locked);
    fs.chmodSync(locked, 0o000);
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = winnow(['scan', lib, '--db', path.join(dir, 'lib.db')], { ...asNobody, env: { HOME: dir, TMPDIR: dir } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/3 photos found, 2 scored, 1 failed/);
    expect(r.stdout).toMatch(/locked\.jpg: permission denied/);
  });
});
