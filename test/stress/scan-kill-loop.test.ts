import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { FIXTURE_MODEL, REPO_ROOT, realPhotos, tempDir } from '../helpers/paths.js';
import { iterations, recordStress, seededRandom, sha256File } from '../helpers/stress.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a scan in its own process and SIGKILLs it after `ms`, or lets it finish. */
async function scanAndKill(lib: string, db: string, ms: number | null): Promise<'killed' | 'finished'> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron/cli/winnow.ts'), 'scan', lib, '--db', db, '--model', FIXTURE_MODEL], { cwd: REPO_ROOT, stdio: 'ignore' });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  if (ms === null) {
    expect(await exit).toBe(0);
    return 'finished';
  }
  let finished = false;
  void exit.then(() => (finished = true));
  // Start the clock once the scanner has its database open: process start-up time varies a lot.
  while (!finished && !fs.existsSync(db)) await sleep(10);
  const winner = await Promise.race([exit.then(() => 'finished' as const), sleep(ms).then(() => 'timer' as const)]);
  if (winner === 'finished') return 'finished';
  child.kill('SIGKILL');
  await exit;
  return 'killed';
}

function snapshot(db: string) {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: conn.pragma('integrity_check', { simple: true }) as string,
      scores: new Map((conn.prepare('SELECT photo_id, scored_at FROM scores').all() as { photo_id: number; scored_at: number }[]).map((r) => [r.photo_id, r.scored_at])),
      ratings: new Map((conn.prepare('SELECT id, rating FROM photos').all() as { id: number; rating: number }[]).map((r) => [r.id, r.rating])),
    };
  } finally {
    conn.close();
  }
}

describe('crash safety: killing the scanner at random points', () => {
  it('never corrupts the database, loses a decision, scores a photo twice or touches an original', async () => {
    const random = seededRandom();
    const lib = tempDir('winnow-stress-lib-');
    const photos = realPhotos(iterations(40, 120));
    for (const p of photos) fs.copyFileSync(p, path.join(lib, path.basename(p)));
    const originals = new Map(fs.readdirSync(lib).map((f) => [f, sha256File(path.join(lib, f))]));
    const db = path.join(tempDir(), 'library.db');

    const kills = iterations(6, 60);
    let killed = 0;
    let decisions = 0;
    const expectedRatings = new Map<number, number>();
    let lastScores = new Map<number, number>();

    for (let i = 0; i < kills; i++) {
      if ((await scanAndKill(lib, db, Math.floor(random() * 1500))) === 'killed') killed++;
      if (!fs.existsSync(db)) continue;
      const snap = snapshot(db);
      expect(snap.integrity).toBe('ok');
      // A photo once scored keeps its score: no rescoring after a restart.
      for (const [id, at] of lastScores) expect(snap.scores.get(id), `photo ${id} rescored`).toBe(at);
      for (const [id, rating] of expectedRatings) expect(snap.ratings.get(id), `rating of ${id} lost`).toBe(rating);
      lastScores = snap.scores;

      // The user rates a photo between crashes, as they would while a scan runs.
      const ids = [...snap.ratings.keys()];
      if (ids.length > 0) {
        const store = LibraryStore.open(db);
        const id = ids[Math.floor(random() * ids.length)]!;
        const rating = 1 + Math.floor(random() * 5);
        store.db.prepare('UPDATE photos SET rating = ? WHERE id = ?').run(rating, id);
        store.close();
        expectedRatings.set(id, rating);
        decisions++;
      }
    }

    await scanAndKill(lib, db, null);
    const final = snapshot(db);
    expect(final.integrity).toBe('ok');
    expect(final.scores.size).toBe(photos.length);
    for (const [id, at] of lastScores) expect(final.scores.get(id)).toBe(at);
    for (const [id, rating] of expectedRatings) expect(final.ratings.get(id)).toBe(rating);
    for (const [f, hash] of originals) expect(sha256File(path.join(lib, f)), `${f} changed`).toBe(hash);

    expect(killed).toBeGreaterThan(0);
    recordStress('scan kill loop', { kills: killed, restarts: kills + 1, decisions, photos: photos.length, losses: 0 });
  });
});
