import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startBrowserHost } from '../../electron/host/browser-host.js';
import { scanWithFixture } from '../helpers/library.js';
import { FIXTURE_MODEL, REPO_ROOT, realPhotos, tempDir } from '../helpers/paths.js';
import { sha256File } from '../helpers/stress.js';

const CLI = path.join(REPO_ROOT, 'electron/cli/winnow.ts');

function winnow(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, WINNOW_MODEL: FIXTURE_MODEL } });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** One clear line on stderr, never a stack trace. */
function expectOneLine(stderr: string): void {
  expect(stderr, stderr).not.toMatch(/\n\s+at /);
  expect(stderr.trim().split('\n'), stderr).toHaveLength(1);
}

async function scannedLibrary(count = 3): Promise<{ lib: string; db: string }> {
  const lib = tempDir('winnow-dbfault-lib-');
  for (const p of realPhotos(count)) fs.copyFileSync(p, path.join(lib, path.basename(p)));
  const db = path.join(tempDir('winnow-dbfault-'), 'library.db');
  await scanWithFixture(lib, db);
  return { lib, db };
}

/** A file system of `size` bytes, mounted for this test, or null where mounting is not allowed. */
const mounts: string[] = [];
function smallFileSystem(size: string): string | null {
  const dir = tempDir('winnow-mount-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  mounts.push(dir);
  return dir;
}
afterAll(() => {
  for (const m of mounts) spawnSync('umount', [m]);
});
const canMount = (() => {
  const probe = smallFileSystem('64k');
  return probe !== null;
})();

describe('databases Winnow did not make or cannot write', () => {
  it('a damaged schema: every command exits 3 with one line', async () => {
    const { lib, db } = await scannedLibrary(2);
    const conn = new Database(db);
    conn.pragma('wal_checkpoint(TRUNCATE)');
    conn.pragma('journal_mode = DELETE');
    conn.close();
    const bytes = fs.readFileSync(db);
    let flipped = 0;
    for (let at = bytes.indexOf('CREATE TABLE photos'); at >= 0; at = bytes.indexOf('CREATE TABLE photos', at + 1), flipped++) bytes.write('CREATE TABLE ph(tos', at, 'latin1');
    expect(flipped).toBeGreaterThan(0);
    fs.writeFileSync(db, bytes);
    for (const args of [['list'], ['history'], ['rate', lib, '--stars', '2'], ['scan', lib], ['export', tempDir()], ['rejects', 'list'], ['sidecars', 'write']]) {
      const r = winnow([...args, '--db', db]);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(3);
      expectOneLine(r.stderr);
    }
  }, 120_000);

  it('a database from a newer Winnow, or another layout, is refused and left byte-identical', async () => {
    const { lib, db } = await scannedLibrary(2);
    const conn = new Database(db);
    conn.pragma('wal_checkpoint(TRUNCATE)');
    // Rollback mode, as another program may leave it: switching it to WAL would change the header.
    conn.pragma('journal_mode = DELETE');
    conn.pragma('user_version = 99');
    conn.close();
    const foreign = path.join(tempDir(), 'other.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES (1)');
    other.close();
    for (const file of [db, foreign]) {
      const before = sha256File(file);
      for (const args of [['list'], ['rate', lib, '--stars', '2'], ['scan', lib], ['history']]) {
        const r = winnow([...args, '--db', file]);
        expect(r.code, `${args[0]}: ${r.stderr}`).toBe(3);
        expectOneLine(r.stderr);
        expect(r.stderr).toMatch(file === db ? /newer Winnow/ : /not a Winnow library/);
      }
      expect(sha256File(file)).toBe(before);
      expect(fs.existsSync(`${file}-wal`)).toBe(false);
    }
  }, 120_000);

  it('scanning a folder that does not exist creates no database; --threads is bounded', () => {
    const db = path.join(tempDir(), 'library.db');
    const r = winnow(['scan', path.join(tempDir(), 'no-such-folder'), '--db', db]);
    expect(r.code).toBe(1);
    expectOneLine(r.stderr);
    expect(fs.existsSync(db)).toBe(false);
    const t = winnow(['scan', tempDir(), '--db', db, '--threads', '5000']);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/--threads must be from 1 to/);
    expect(fs.existsSync(db)).toBe(false);
  });

  it.skipIf(!canMount)('a database on a read-only medium is read by reading commands; writing ones say why', async () => {
    const { lib, db } = await scannedLibrary(2);
    const medium = smallFileSystem('32m')!;
    const copy = path.join(medium, 'library.db');
    fs.copyFileSync(db, copy);
    execFileSync('mount', ['-o', 'remount,ro', medium]);
    const before = sha256File(copy);
    const list = winnow(['list', '--db', copy]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/\.jpg/i);
    expect(winnow(['history', '--db', copy]).code).toBe(0);
    const rate = winnow(['rate', lib, '--stars', '3', '--db', copy]);
    expect(rate.code).toBe(3);
    expectOneLine(rate.stderr);
    expect(rate.stderr).toMatch(/read-only medium/);
    // The browser host serves it for browsing; a decision says why it cannot be kept.
    const renderer = tempDir();
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>test</title>');
    const host = await startBrowserHost({ dbPath: copy, rendererDir: renderer, writeSidecars: false });
    try {
      const call = (method: string, args: unknown[]) =>
        fetch(`http://127.0.0.1:${host.port}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Winnow-Token': host.token }, body: JSON.stringify({ args }) }).then((r) => r.json() as Promise<{ ok: boolean; result?: { rows: { id: number }[] }; error?: { code: string } }>);
      const page = await call('queryPhotos', [{ limit: 5 }]);
      expect(page.ok).toBe(true);
      const decided = await call('decide', [[page.result!.rows[0]!.id], { rating: 4 }]);
      expect(decided).toMatchObject({ ok: false, error: { code: 'DB_READ_ONLY' } });
    } finally {
      await host.close();
    }
    expect(sha256File(copy)).toBe(before);
  }, 120_000);

  it.skipIf(!canMount)('a full disk under the database: one line, nothing half-saved, earlier decisions intact', async () => {
    const { lib, db } = await scannedLibrary(6);
    const medium = smallFileSystem('4m')!;
    const copy = path.join(medium, 'library.db');
    fs.copyFileSync(db, copy);
    expect(winnow(['rate', lib, '--stars', '4', '--db', copy, '--no-sidecars']).code).toBe(0);
    // Fill the rest of the disk.
    const filler = path.join(medium, 'filler');
    const fd = fs.openSync(filler, 'w');
    try {
      for (;;) fs.writeSync(fd, Buffer.alloc(4096));
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
      fs.closeSync(fd);
    }
    let failed = 0;
    for (const stars of ['1', '2', '5']) {
      const r = winnow(['rate', lib, '--stars', stars, '--db', copy, '--no-sidecars']);
      if (r.code === 0) continue;
      failed++;
      expect(r.code, r.stderr).toBe(1);
      expectOneLine(r.stderr);
      expect(r.stderr).toMatch(/full/);
    }
    expect(failed).toBeGreaterThan(0);
    fs.rmSync(filler);
    const conn = new Database(copy, { readonly: true });
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    const ratings = new Set((conn.prepare('SELECT rating FROM photos').all() as { rating: number }[]).map((r) => r.rating));
    // Each action is whole: every photo has the rating of the same (last saved) action.
    expect(ratings.size).toBe(1);
    conn.close();
    // A scan whose database and thumbnail cache fill the disk: one line too.
    const tiny = smallFileSystem('1m')!;
    const free = fs.statfsSync(tiny);
    fs.writeFileSync(path.join(tiny, 'filler'), Buffer.alloc(free.bavail * free.bsize - 160 * 1024));
    const scan = winnow(['scan', lib, '--db', path.join(tiny, 'library.db')]);
    expect(scan.code, scan.stderr).toBe(1);
    expect(scan.stderr).toMatch(/^winnow: .*full/m);
    expect(scan.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
