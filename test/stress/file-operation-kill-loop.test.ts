import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DecisionService } from '../../electron/core/decisions/decision-service.js';
import { recoverLibrary } from '../../electron/core/recovery/recover-library.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { scanWithFixture } from '../helpers/library.js';
import { REPO_ROOT, realPhotos, tempDir } from '../helpers/paths.js';
import { iterations, recordStress, seededRandom, sha256File } from '../helpers/stress.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CLI = path.join(REPO_ROOT, 'electron/cli/winnow.ts');

/** Every regular, non-hidden file under a folder. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name))
    .filter((f) => !path.basename(f).startsWith('.'));
}

/** Runs a command in its own process; kills it once `working()` says it is at work, plus a random moment. */
async function runAndKill(args: string[], working: () => boolean, pause: number | null): Promise<'killed' | 'finished'> {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: 'ignore' });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  if (pause === null) {
    await exit;
    return 'finished';
  }
  let done = false;
  void exit.then(() => (done = true));
  while (!done && !working()) await sleep(2);
  await sleep(pause);
  if (done) return 'finished';
  child.kill('SIGKILL');
  await exit;
  return 'killed';
}

async function library(count: number) {
  const lib = tempDir('winnow-fileops-');
  const photos = realPhotos(count);
  for (const p of photos) fs.copyFileSync(p, path.join(lib, path.basename(p)));
  const names = fs.readdirSync(lib).sort();
  // Every other photo has a sidecar of its own, which must travel with it.
  for (const [i, n] of names.entries()) if (i % 2 === 0) fs.writeFileSync(path.join(lib, `${n}.xmp`), `<x:xmpmeta xmlns:x="adobe:ns:meta/"><!-- ${n} --></x:xmpmeta>\n`);
  const hashes = new Map(names.map((n) => [n, sha256File(path.join(lib, n))]));
  const sidecarHashes = new Map(names.filter((_, i) => i % 2 === 0).map((n) => [n, sha256File(path.join(lib, `${n}.xmp`))]));
  const db = path.join(tempDir(), 'library.db');
  await scanWithFixture(lib, db);
  return { lib, db, names, hashes, sidecarHashes };
}

const byHash = (hashes: Map<string, string>) => new Map([...hashes].map(([n, h]) => [h, n]));

async function moveLoop(rejectsParent: string, suite: string, seed: number): Promise<void> {
  const random = seededRandom(seed);
  const { lib, db, names, hashes, sidecarHashes } = await library(iterations(24, 60));
  const rejects = path.join(rejectsParent, 'rejects');
  const store = LibraryStore.open(db);
  const ids = store.db.prepare('SELECT id FROM photos').pluck().all() as number[];
  await new DecisionService(store.db, { writeSidecars: false }).decide(ids, { pick: -1 });
  const photoOf = byHash(hashes);
  const sidecarOf = byHash(sidecarHashes);
  const rounds = iterations(8, 60);
  let kills = 0;
  for (let round = 0; round < rounds; round++) {
    const args = round % 2 === 0 ? ['rejects', 'move', rejects, '--yes'] : ['undo'];
    const target = round % 2 === 0 ? rejects : lib;
    const before = filesUnder(target).length;
    if ((await runAndKill(['--import', 'tsx', CLI, ...args, '--db', db], () => filesUnder(target).length > before, Math.floor(random() * 40))) === 'killed') kills++;
    // Straight after the kill: no final name holds a partial file.
    for (const f of [...filesUnder(lib), ...filesUnder(rejects)]) {
      const h = sha256File(f);
      expect(photoOf.has(h) || sidecarOf.has(h), `${f} is not a whole file`).toBe(true);
    }
    await recoverLibrary(store);
    const rows = store.db.prepare('SELECT path, missing FROM photos').all() as { path: string; missing: number }[];
    expect(rows.filter((r) => r.missing === 1)).toEqual([]);
    const seen = new Map<string, number>();
    for (const r of rows) {
      expect(fs.existsSync(r.path), `row points at nothing: ${r.path}`).toBe(true);
      const name = photoOf.get(sha256File(r.path));
      expect(name, `${r.path} is not whole`).toBeDefined();
      seen.set(name!, (seen.get(name!) ?? 0) + 1);
      if (sidecarHashes.has(name!)) expect(sha256File(`${r.path}.xmp`), `sidecar of ${r.path}`).toBe(sidecarHashes.get(name!));
    }
    expect([...seen.values()].every((n) => n === 1) && seen.size === names.length).toBe(true);
    // One copy of each file in all: no duplicates left anywhere.
    expect(filesUnder(lib).length + filesUnder(rejects).length).toBe(names.length + sidecarHashes.size);
  }
  store.close();
  expect(kills).toBeGreaterThan(0);
  recordStress(suite, { kills, rounds, photos: names.length, losses: 0 });
}

/** A small file system of its own (tmpfs), where this machine allows mounting, else null. */
const otherDisk = (() => {
  const dir = tempDir('winnow-otherdisk-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    return null;
  }
})();
afterAll(() => {
  if (otherDisk) spawnSync('umount', [otherDisk]);
});

describe('crash safety: killing moves, exports and trash at random points', () => {
  it('rejects move and its undo: every row points at one whole file, with its sidecar beside it', () => moveLoop(tempDir(), 'move kill loop', 7), 600_000);

  // Across file systems a move is a copy, a flush and a delete: a kill can land between them.
  it.skipIf(!otherDisk)('the same across two file systems (copy, flush, delete)', () => moveLoop(otherDisk!, 'cross-disk move kill loop', 17), 600_000);

  it('export: no partial copy under a final name, and a re-run completes without duplicates', async () => {
    const random = seededRandom(11);
    const { db, names, hashes, sidecarHashes } = await library(iterations(16, 60));
    const store = LibraryStore.open(db);
    await new DecisionService(store.db, { writeSidecars: false }).decide(store.db.prepare('SELECT id FROM photos').pluck().all() as number[], { pick: 1 });
    store.close();
    const photoOf = byHash(hashes);
    const sidecarOf = byHash(sidecarHashes);
    const rounds = iterations(2, 40);
    let kills = 0;
    for (let round = 0; round < rounds; round++) {
      const target = path.join(tempDir(), 'export');
      for (let attempt = 0; attempt < 3; attempt++) {
        const before = filesUnder(target).length;
        if ((await runAndKill(['--import', 'tsx', CLI, 'export', target, '--db', db], () => filesUnder(target).length > before, Math.floor(random() * 30))) === 'killed') kills++;
        for (const f of filesUnder(target)) {
          const h = sha256File(f);
          expect(photoOf.has(h) || sidecarOf.has(h), `${f} is partial`).toBe(true);
        }
      }
      await runAndKill(['--import', 'tsx', CLI, 'export', target, '--db', db], () => true, null);
      const out = filesUnder(target);
      expect(out.length, out.filter((f) => f.includes(' (')).join(', ')).toBe(names.length + sidecarHashes.size);
      expect(fs.readdirSync(target).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    }
    expect(kills).toBeGreaterThan(0);
    recordStress('export kill loop', { kills, rounds, photos: names.length, losses: 0 });
  }, 600_000);

  it('trash: a photo and its sidecars go together, and its row is flagged, whatever the kill', async () => {
    const random = seededRandom(13);
    const rounds = iterations(3, 20);
    let kills = 0;
    for (let round = 0; round < rounds; round++) {
      const { lib, db, names, sidecarHashes } = await library(iterations(16, 40));
      const trash = path.join(tempDir(), 'trash');
      const store = LibraryStore.open(db);
      await new DecisionService(store.db, { writeSidecars: false }).decide(store.db.prepare('SELECT id FROM photos').pluck().all() as number[], { pick: -1 });
      store.close();
      const child = ['--import', 'tsx', path.join(REPO_ROOT, 'test/helpers/trash-rejects-process.ts'), db, trash];
      for (let attempt = 0; attempt < 2; attempt++) {
        if ((await runAndKill(child, () => filesUnder(trash).length > 0, Math.floor(random() * 20))) === 'killed') kills++;
      }
      // The next start (with the trash at hand) finishes what the kill left.
      const after = LibraryStore.open(db);
      const trashItem = async (file: string) => fs.renameSync(file, path.join(trash, `late-${path.basename(file)}`));
      await recoverLibrary(after, { trashItem });
      const rows = after.db.prepare('SELECT path, missing FROM photos').all() as { path: string; missing: number }[];
      after.close();
      for (const r of rows) {
        const present = fs.existsSync(r.path);
        expect(r.missing === 1, `${r.path} row and file disagree`).toBe(!present);
        if (sidecarHashes.has(path.basename(r.path))) expect(fs.existsSync(`${r.path}.xmp`), `sidecar of ${r.path} apart from its photo`).toBe(present);
      }
      expect(filesUnder(lib).length + filesUnder(trash).length).toBe(names.length + sidecarHashes.size);
    }
    expect(kills).toBeGreaterThan(0);
    recordStress('trash kill loop', { kills, rounds, losses: 0 });
  }, 600_000);
});
