import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_MODEL, REPO_ROOT, SAMPLES, realPhotos, tempDir } from '../helpers/paths.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { processes } from '../helpers/proc.js';

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

/** Linux: the processes of a process group, with their command lines (elsewhere none: this needs /proc). */
function processGroup(pgid: number): { pid: number; cmdline: string }[] {
  return processes()
    .filter((p) => p.pgrp === pgid)
    .map(({ pid, cmdline }) => ({ pid, cmdline }));
}

/**
 * Runs winnow as the leader of a process group of its own, so that whatever it starts (ExifTool)
 * can be found while it runs and after it ended. Returns its result, the processes it started
 * (seen in its group while it ran), and those of its group still there once it exited.
 */
async function winnowInItsOwnGroup(args: string[], model: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: REPO_ROOT,
    detached: true,
    env: { ...process.env, WINNOW_MODEL: model },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // Each process of the group, by pid, with the command line seen at each look (often: ExifTool
  // may run for a fraction of a second).
  const seen = new Map<number, string[]>();
  const watch = setInterval(() => {
    for (const p of processGroup(child.pid!)) if (p.pid !== child.pid) seen.set(p.pid, [...(seen.get(p.pid) ?? []), p.cmdline]);
  }, 10);
  try {
    const [code, signal] = (await new Promise((resolve) => child.on('close', (c, s) => resolve([c, s])))) as [number | null, NodeJS.Signals | null];
    clearInterval(watch);
    // ExifTool is asked to end as the scan closes; give it a moment to go.
    let left = processGroup(child.pid!);
    for (let i = 0; i < 50 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = processGroup(child.pid!);
    }
    // What each ran: the first command line seen that is not this command's. A child caught between
    // fork and exec (ExifTool, starting) shows this command's line for under a millisecond; one
    // that shows nothing else for three looks or more is a second winnow process.
    const started = [...seen.values()].flatMap((cmdlines) => {
      const other = cmdlines.find((c) => !c.includes(CLI));
      return other ? [other] : cmdlines.length >= 3 ? [cmdlines[0]!] : [];
    });
    return { code, signal, stdout, stderr, started, left: left.map((p) => p.cmdline) };
  } finally {
    clearInterval(watch);
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  }
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

  // Rescore once started a `winnow scan` process per folder: two scans' native libraries in one
  // process aborted it at exit. Scan workers now end by themselves (test/core/scan-worker-exit.test.ts),
  // so every folder is scanned in the one process, which must still exit cleanly.
  it('scans every folder within the one rescore process, which exits cleanly with no ExifTool left; a missing folder is reported and the others still scanned', async () => {
    const dir = tempDir('winnow-rescore-one-');
    const db = path.join(dir, 'lib.db');
    const [a, gone, c] = ['a', 'b', 'c'].map((n) => path.join(dir, n)) as [string, string, string];
    const photos = realPhotos(4);
    for (const f of [a, gone, c]) fs.mkdirSync(f);
    fs.copyFileSync(photos[0]!, path.join(a, 'one.jpg'));
    fs.copyFileSync(photos[1]!, path.join(gone, 'two.jpg'));
    fs.copyFileSync(photos[2]!, path.join(c, 'three.jpg'));
    fs.copyFileSync(photos[3]!, path.join(c, 'four.jpg'));
    for (const f of [a, gone, c]) expect(winnow(['scan', f, '--db', db], FIXTURE_MODEL).code).toBe(0);
    fs.rmSync(gone, { recursive: true });
    // A RAW file new to the library makes the rescore start ExifTool for its preview.
    fs.copyFileSync(path.join(SAMPLES, 'raw/exiftool_CanonRaw.cr2'), path.join(a, 'raw.cr2'));

    const r = await winnowInItsOwnGroup(['rescore', '--db', db], newerModel(dir));
    expect(r.stderr).not.toMatch(/terminate called|unexpected error/);
    // A folder that has gone is the user's to fix (ROOT_MISSING): exit code 1, as `winnow scan` gives it.
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 1, signal: null });
    expect(r.stderr).toContain(`winnow: folder ${gone} does not exist or cannot be reached`);
    expect(r.stdout).toContain(`Scanning ${a} with tiny-wsp 9.0.0`);
    expect(r.stdout).toContain(`Scanning ${c} with tiny-wsp 9.0.0`);
    // One process: no other winnow in its group; ExifTool was started (below), and has ended with it.
    expect(r.started.filter((cmdline) => cmdline.includes(CLI))).toEqual([]);
    expect(r.left).toEqual([]);
    const store = LibraryStore.open(db, { readonly: true });
    try {
      // Only ExifTool's answer (the RAW's previews, all placeholders) gives NO_PREVIEW: it ran. (The
      // group's watcher, looking every 10 ms, twice in CI missed its short life under load.)
      const raw = store.db.prepare("SELECT e.code FROM photos p JOIN photo_errors e ON e.photo_id = p.id WHERE p.name = 'raw.cr2'").all();
      expect(raw).toEqual([{ code: 'NO_PREVIEW' }]);
      const rescored = store.db
        .prepare("SELECT p.name AS name FROM scores s JOIN models m ON m.id = s.model_id JOIN photos p ON p.id = s.photo_id WHERE m.version = '9.0.0' ORDER BY p.name")
        .all();
      expect(rescored).toEqual([{ name: 'four.jpg' }, { name: 'one.jpg' }, { name: 'three.jpg' }]);
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
