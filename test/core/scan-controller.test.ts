import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ScanController, type ScanControllerStatus } from '../../electron/core/pipeline/scan-controller.js';
import { FIXTURE_MODEL, REPO_ROOT, realPhotoFolder, tempDir } from '../helpers/paths.js';

function scoreRows(db: string): { photo_id: number; scored_at: number }[] {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return conn.prepare('SELECT photo_id, scored_at FROM scores ORDER BY photo_id').all() as { photo_id: number; scored_at: number }[];
  } finally {
    conn.close();
  }
}

function waitFor(controller: ScanController, test: (s: ScanControllerStatus) => boolean): Promise<ScanControllerStatus> {
  return new Promise((resolve) => {
    const on = (s: ScanControllerStatus) => {
      if (test(s)) {
        controller.off('status', on);
        resolve(s);
      }
    };
    controller.on('status', on);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// The CLI's scans run in a worker thread, a UI's in a background process of their own: both are
// driven the same way and must behave the same.
describe.each([
  { runsIn: 'a worker thread', background: undefined },
  { runsIn: 'a background process', background: true as const },
])('ScanController (scans in $runsIn)', ({ background }) => {
  const at = background ? { background } : {};
  it('pauses between photos, resumes, cancels keeping what is done, and a rescan scores only the rest', async () => {
    const lib = realPhotoFolder(30);
    const dir = tempDir();
    const db = path.join(dir, 'lib.db');
    const controller = new ScanController({ dbPath: db, modelPath: FIXTURE_MODEL, thumbnailsDir: path.join(dir, 'thumbs'), intraOpThreads: 1, ...at });
    try {
      const scan = controller.scan(lib);
      await waitFor(controller, (s) => (s.progress?.done ?? 0) >= 3);
      controller.pause();
      expect(controller.status().state).toBe('paused');
      const held = await waitFor(controller, (s) => s.held); // the photos in flight have finished
      const heldAt = held.progress!.done;
      expect(heldAt).toBeLessThan(30);
      // Held means written: the page refreshes when the scan holds, and a pause may last all day.
      expect(scoreRows(db)).toHaveLength(heldAt);

      controller.resume();
      expect(controller.status().held).toBe(false);
      // Pause again at once: progress is throttled to a few messages a second, and on an idle
      // machine the fixture model scores the dozen photos left within one message's interval, so
      // waiting for a later count could see the scan end unpaused. The photos the resume already
      // let through (one per worker) still finish, so the count moves on before it holds again.
      controller.pause();
      const finalCount = (await waitFor(controller, (s) => s.held)).progress!.done;
      expect(finalCount).toBeGreaterThan(heldAt);
      controller.cancel();
      const report = await scan;
      expect(report.cancelled).toBe(true);
      expect(report.analysed).toBe(finalCount);
      expect(report.analysed).toBeLessThan(30);
      const before = scoreRows(db);
      expect(before.length).toBe(report.scored);

      const rest = await controller.scan(lib);
      expect(rest.cancelled).toBe(false);
      expect(rest.analysed).toBe(30 - before.length);
      const after = scoreRows(db);
      expect(after).toHaveLength(30);
      // Exactly once: what was scored before the cancel was not scored again.
      const byId = new Map(after.map((r) => [r.photo_id, r.scored_at]));
      for (const r of before) expect(byId.get(r.photo_id)).toBe(r.scored_at);
      expect(controller.status().state).toBe('idle');
      expect(controller.status().execution).toBe('CPU, 1 thread');
    } finally {
      await controller.close();
    }
  });

  it('closing stops after the photos in flight and writes their batch before the worker ends', async () => {
    const lib = realPhotoFolder(30);
    const dir = tempDir();
    const db = path.join(dir, 'lib.db');
    // One batch for the whole scan: everything scored before the close is still unwritten then.
    const controller = new ScanController({ dbPath: db, modelPath: FIXTURE_MODEL, thumbnailsDir: path.join(dir, 'thumbs'), intraOpThreads: 1, batchSize: 1000, ...at });
    const scan = controller.scan(lib);
    scan.catch(() => {});
    const doneAtClose = (await waitFor(controller, (s) => (s.progress?.done ?? 0) >= 3)).progress!.done;
    await controller.close();
    const written = scoreRows(db).length;
    expect(written).toBeGreaterThanOrEqual(doneAtClose);
    expect(written).toBeLessThan(30);
    expect((await scan).cancelled).toBe(true);
  });

  it('opens the database in the worker with the SQLite build it is given (the desktop app passes Electron\'s)', async () => {
    const lib = realPhotoFolder(2);
    const dir = tempDir();
    const binding = path.join(REPO_ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    const good = new ScanController({ dbPath: path.join(dir, 'a.db'), modelPath: FIXTURE_MODEL, thumbnailsDir: path.join(dir, 't'), nativeBinding: binding, ...at });
    try {
      expect((await good.scan(lib)).scored).toBe(2);
    } finally {
      await good.close();
    }
    const bad = new ScanController({ dbPath: path.join(dir, 'b.db'), modelPath: FIXTURE_MODEL, thumbnailsDir: path.join(dir, 't'), nativeBinding: path.join(dir, 'missing.node'), ...at });
    try {
      await expect(bad.scan(lib)).rejects.toMatchObject({ code: 'DB_UNREADABLE' });
    } finally {
      await bad.close();
    }
  });

});

describe('ScanController', () => {
  it('after the scoring process is killed mid-run, a restart scores every photo exactly once', async () => {
    const lib = realPhotoFolder(60);
    const dir = tempDir();
    const db = path.join(dir, 'lib.db');
    const cli = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron/cli/winnow.ts'), 'scan', lib, '--db', db, '--model', FIXTURE_MODEL], {
      cwd: REPO_ROOT,
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => cli.on('exit', (_code, signal) => resolve(signal)));
    let scored = 0;
    for (let i = 0; i < 600 && scored < 5; i++) {
      await sleep(25);
      try {
        scored = fs.existsSync(db) ? scoreRows(db).length : 0;
      } catch {
        scored = 0; // schema not created yet
      }
    }
    cli.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const survivors = scoreRows(db);
    expect(survivors.length).toBeGreaterThanOrEqual(5);
    expect(survivors.length).toBeLessThan(60);

    const integrity = new Database(db);
    expect(integrity.pragma('integrity_check', { simple: true })).toBe('ok');
    integrity.close();

    const controller = new ScanController({ dbPath: db, modelPath: FIXTURE_MODEL, thumbnailsDir: path.join(dir, 'thumbnails'), intraOpThreads: 1 });
    try {
      const report = await controller.scan(lib);
      expect(report.analysed).toBe(60 - survivors.length);
    } finally {
      await controller.close();
    }
    const all = scoreRows(db);
    expect(all).toHaveLength(60);
    const byId = new Map(all.map((r) => [r.photo_id, r.scored_at]));
    for (const r of survivors) expect(byId.get(r.photo_id)).toBe(r.scored_at);
  });
});

describe('a background scan process whose host dies', () => {
  it('stops after the photos in flight, writes their batch and exits instead of scanning on for no one', async () => {
    const lib = realPhotoFolder(40);
    const dir = tempDir();
    const db = path.join(dir, 'lib.db');
    const host = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test/helpers/background-scan-host.ts'), db, FIXTURE_MODEL, path.join(dir, 'thumbs'), lib], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    host.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const lines = () => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { pid: number; done: number });
    await expect.poll(() => lines().find((l) => l.done >= 3), { timeout: 60_000, interval: 20 }).toBeTruthy();
    const { pid, done } = lines().at(-1)!;
    expect(pid).not.toBe(host.pid);
    host.kill('SIGKILL');
    // One batch for the whole scan (the helper's batchSize): whatever is in the database was
    // written by the scan process after its host was gone.
    await expect.poll(() => processAlive(pid), { timeout: 60_000, interval: 50 }).toBe(false);
    const written = scoreRows(db).length;
    expect(written).toBeGreaterThanOrEqual(done);
    expect(written).toBeLessThan(40);
  }, 120_000);
});
