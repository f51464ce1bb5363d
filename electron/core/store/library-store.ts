import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { StaleScores } from '../../shared/library-types.js';
import { preparedStatements, type PreparedStatements } from './prepared-statements.js';
import { openDatabase, type OpenOptions } from './open-database.js';
import { parseScanExecution } from './scan-execution.js';
import { writeTransaction } from './write-transaction.js';
import type { ErrorStage, FileFacts, KnownPhoto, ModelIdentity, PhotoError, PhotoMetadata, ProviderCount, ScanExecution, ScoreRecord } from './types.js';
import type { LibraryCounts, Root, SkippedCount } from '../../shared/library-types.js';
import { countSkipped, skippedMessage } from '../scan/skipped-files.js';

/** The model whose scores were written most recently: the last entry of the scores_scored_at index. */
export const LATEST_MODEL_SQL = 'SELECT model_id FROM scores ORDER BY scored_at DESC LIMIT 1';

/** scan_errors rows for files the walk saw but does not read: counted, not problems. */
const SKIPPED_CODE = 'SKIPPED';

export interface MediaLocation {
  readonly path: string;
  readonly fingerprint: string | null;
  readonly format: string | null;
  readonly missing: number;
  /** The library root the photo lies in. */
  readonly root: string;
}

/**
 * The library database behind a typed interface: nothing outside this folder writes SQL. Writes
 * that come in bulk (a scan, a scoring batch) take arrays and run in one transaction each.
 */
export class LibraryStore {
  private readonly stmt: PreparedStatements;

  private constructor(readonly db: Database) {
    this.stmt = preparedStatements(db);
  }

  static open(file: string, options?: OpenOptions): LibraryStore {
    return new LibraryStore(openDatabase(file, options));
  }

  close(): void {
    this.db.close();
  }

  /** Runs fn in one write transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return writeTransaction(this.db, fn);
  }

  // ---- roots ----

  addRoot(rootPath: string, now = Date.now()): Root {
    this.stmt('INSERT INTO roots (path, added_at) VALUES (?, ?) ON CONFLICT (path) DO NOTHING').run(rootPath, now);
    return this.rootByPath(rootPath)!;
  }

  rootByPath(rootPath: string): Root | undefined {
    const row = this.stmt('SELECT id, path, added_at, last_scan_at FROM roots WHERE path = ?').get(rootPath) as
      | { id: number; path: string; added_at: number; last_scan_at: number | null }
      | undefined;
    return row && { id: row.id, path: row.path, addedAt: row.added_at, lastScanAt: row.last_scan_at };
  }

  roots(): Root[] {
    const rows = this.stmt('SELECT id, path, added_at, last_scan_at FROM roots ORDER BY path').all() as {
      id: number;
      path: string;
      added_at: number;
      last_scan_at: number | null;
    }[];
    return rows.map((r) => ({ id: r.id, path: r.path, addedAt: r.added_at, lastScanAt: r.last_scan_at }));
  }

  markRootScanned(rootId: number, now = Date.now()): void {
    this.stmt('UPDATE roots SET last_scan_at = ? WHERE id = ?').run(now, rootId);
  }

  recordScanExecution(rootId: number, execution: ScanExecution): void {
    this.stmt('UPDATE roots SET last_scan_execution = ? WHERE id = ?').run(JSON.stringify({ execution: execution.execution, notes: execution.notes }), rootId);
  }

  /** What the root's last scan that scored photos ran on; null before any (or before this was recorded). */
  scanExecution(rootId: number): ScanExecution | null {
    const row = this.stmt('SELECT last_scan_execution AS e FROM roots WHERE id = ?').get(rootId) as { e: string | null } | undefined;
    return parseScanExecution(row?.e ?? null);
  }

  /** Which providers computed a model's scores (of one root, or all), most photos first. */
  scoresByProvider(modelId: number, rootId?: number): ProviderCount[] {
    const rows = (
      rootId === undefined
        ? this.stmt('SELECT provider, COUNT(*) AS photos FROM scores WHERE model_id = ? GROUP BY provider ORDER BY photos DESC, provider').all(modelId)
        : this.stmt(
            `SELECT s.provider, COUNT(*) AS photos FROM scores s JOIN photos p ON p.id = s.photo_id
             WHERE s.model_id = ? AND p.root_id = ? GROUP BY s.provider ORDER BY photos DESC, s.provider`,
          ).all(modelId, rootId)
    ) as { provider: string | null; photos: number }[];
    return rows.map((r) => ({ provider: r.provider, photos: r.photos }));
  }

  // ---- photos ----

  /** Everything a rescan needs to decide, per path, whether a file must be read again. */
  knownPhotos(rootId: number, modelId: number | null): Map<string, KnownPhoto> {
    const rows = this.stmt(
      `SELECT p.id, p.path, p.size, p.mtime_ms, p.fingerprint, p.missing,
              s.fingerprint AS scored_fingerprint,
              EXISTS (SELECT 1 FROM photo_errors e WHERE e.photo_id = p.id AND e.stage IN ('read', 'decode', 'score')
                        -- a file that vanished or could not be opened for a while is tried again
                        AND e.code NOT IN ('VANISHED', 'UNREADABLE')) AS has_error
         FROM photos p LEFT JOIN scores s ON s.photo_id = p.id AND s.model_id = ?
        WHERE p.root_id = ?`,
    ).all(modelId ?? -1, rootId) as {
      id: number;
      path: string;
      size: number;
      mtime_ms: number;
      fingerprint: string | null;
      missing: number;
      scored_fingerprint: string | null;
      has_error: number;
    }[];
    const map = new Map<string, KnownPhoto>();
    for (const r of rows) {
      map.set(r.path, {
        id: r.id,
        size: r.size,
        mtimeMs: r.mtime_ms,
        fingerprint: r.fingerprint,
        missing: r.missing === 1,
        scoredFingerprint: r.scored_fingerprint,
        hasError: r.has_error === 1,
      });
    }
    return map;
  }

  /**
   * Inserts new files and refreshes size/mtime of changed ones, keeping ids (and so ratings and
   * scores) stable. Returns the id for each input path.
   */
  upsertFiles(rootId: number, files: readonly FileFacts[], now = Date.now()): Map<string, number> {
    const upsert = this.stmt(
      `INSERT INTO photos (root_id, path, rel_path, name, folder, size, mtime_ms, missing, added_at, updated_at)
       VALUES (@rootId, @path, @relPath, @name, @folder, @size, @mtimeMs, 0, @now, @now)
       ON CONFLICT (path) DO UPDATE SET
         root_id = excluded.root_id, rel_path = excluded.rel_path, size = excluded.size,
         mtime_ms = excluded.mtime_ms, missing = 0, updated_at = excluded.updated_at
       RETURNING id`,
    );
    const ids = new Map<string, number>();
    writeTransaction(this.db, () => {
      for (const f of files) {
        const slash = f.relPath.lastIndexOf('/');
        const row = upsert.get({
          rootId,
          path: f.path,
          relPath: f.relPath,
          name: f.relPath.slice(slash + 1),
          folder: slash < 0 ? '' : f.relPath.slice(0, slash),
          size: f.size,
          mtimeMs: Math.trunc(f.mtimeMs),
          now,
        }) as { id: number };
        ids.set(f.path, row.id);
      }
    });
    return ids;
  }

  /** Which of these paths already have a row, under any root. */
  pathsInLibrary(paths: readonly string[]): Set<string> {
    const found = new Set<string>();
    const has = this.stmt('SELECT 1 FROM photos WHERE path = ?').pluck();
    for (const p of paths) if (has.get(p) !== undefined) found.add(p);
    return found;
  }

  /** Files that vanished keep their rows (and decisions) and are only flagged. */
  markMissing(rootId: number, seenPaths: ReadonlySet<string>, now = Date.now()): number {
    const present = this.stmt('SELECT id, path FROM photos WHERE root_id = ? AND missing = 0').all(rootId) as {
      id: number;
      path: string;
    }[];
    const flag = this.stmt('UPDATE photos SET missing = 1, updated_at = ? WHERE id = ?');
    let count = 0;
    writeTransaction(this.db, () => {
      for (const p of present) {
        if (!seenPaths.has(p.path)) {
          flag.run(now, p.id);
          count++;
        }
      }
    });
    return count;
  }

  /** One photo the app itself took away (sent to the trash): the row and its decisions stay. */
  flagMissing(photoId: number, now = Date.now()): void {
    this.stmt('UPDATE photos SET missing = 1, updated_at = ? WHERE id = ?').run(now, photoId);
  }

  /** Present photos in path order. */
  presentPhotos(): { id: number; path: string }[] {
    return this.stmt('SELECT id, path FROM photos WHERE missing = 0 ORDER BY path').all() as { id: number; path: string }[];
  }

  /** Present picks' paths below their library root, by photo id. */
  pickedRelativePaths(): Map<number, string> {
    const rows = this.stmt('SELECT id, rel_path FROM photos WHERE pick = 1 AND missing = 0').all() as { id: number; rel_path: string }[];
    return new Map(rows.map((r) => [r.id, r.rel_path]));
  }

  /** Where a photo's files are, for serving its images; undefined for an unknown id. */
  mediaLocation(photoId: number): MediaLocation | undefined {
    return this.stmt('SELECT p.path, p.fingerprint, p.format, p.missing, r.path AS root FROM photos p JOIN roots r ON r.id = p.root_id WHERE p.id = ?').get(photoId) as
      | MediaLocation
      | undefined;
  }

  saveMetadata(photoId: number, meta: PhotoMetadata, now = Date.now()): void {
    this.stmt(
      `UPDATE photos SET fingerprint = @fingerprint, format = @format, width = @width, height = @height,
         orientation = @orientation, taken_at = @takenAt, camera = @camera, lens = @lens, iso = @iso,
         exposure_time = @exposureTime, aperture = @aperture, focal_length = @focalLength, updated_at = @now
       WHERE id = @photoId`,
    ).run({ ...meta, photoId, now });
  }

  // ---- models and scores ----

  ensureModel(model: ModelIdentity, now = Date.now()): number {
    const existing = this.stmt('SELECT id, file_hash FROM models WHERE name = ? AND version = ?').get(
      model.name,
      model.version,
    ) as { id: number; file_hash: string } | undefined;
    if (existing) {
      if (existing.file_hash !== model.fileHash) {
        // Same name and version but different weights: the scores would silently mix two models.
        this.stmt('UPDATE models SET file_hash = ? WHERE id = ?').run(model.fileHash, existing.id);
        this.stmt('DELETE FROM scores WHERE model_id = ?').run(existing.id);
      }
      return existing.id;
    }
    const row = this.stmt('INSERT INTO models (name, version, file_hash, added_at) VALUES (?, ?, ?, ?) RETURNING id').get(
      model.name,
      model.version,
      model.fileHash,
      now,
    ) as { id: number };
    return row.id;
  }

  /** The model whose scores were written most recently (one entry of the scores_scored_at index), used when none is named. */
  latestModelId(): number | null {
    const row = this.stmt(LATEST_MODEL_SQL).get() as
      | { model_id: number }
      | undefined;
    return row?.model_id ?? null;
  }

  modelId(name: string, version: string): number | null {
    const row = this.stmt('SELECT id FROM models WHERE name = ? AND version = ?').get(name, version) as
      | { id: number }
      | undefined;
    return row?.id ?? null;
  }

  saveScores(records: readonly ScoreRecord[], now = Date.now()): void {
    const insert = this.stmt(
      `INSERT INTO scores (photo_id, model_id, fingerprint, quality, distribution, map_width, map_height,
         quality_map, weight_map, sharpness, exposure_mean, clipped_highlights, clipped_shadows, noise, provider, focus, scored_at)
       VALUES (@photoId, @modelId, @fingerprint, @quality, @distribution, @mapWidth, @mapHeight,
         @qualityMap, @weightMap, @sharpness, @exposureMean, @clippedHighlights, @clippedShadows, @noise, @provider, @focus, @now)
       ON CONFLICT (photo_id, model_id) DO UPDATE SET
         fingerprint = excluded.fingerprint, quality = excluded.quality, distribution = excluded.distribution,
         map_width = excluded.map_width, map_height = excluded.map_height, quality_map = excluded.quality_map,
         weight_map = excluded.weight_map, sharpness = excluded.sharpness, exposure_mean = excluded.exposure_mean,
         clipped_highlights = excluded.clipped_highlights, clipped_shadows = excluded.clipped_shadows,
         noise = excluded.noise, provider = excluded.provider, focus = excluded.focus, scored_at = excluded.scored_at`,
    );
    const clear = this.stmt(`DELETE FROM photo_errors WHERE photo_id = ? AND stage IN ('read', 'decode', 'score')`);
    writeTransaction(this.db, () => {
      for (const r of records) {
        insert.run({
          ...r,
          distribution: Buffer.from(r.distribution.buffer, r.distribution.byteOffset, r.distribution.byteLength),
          qualityMap: Buffer.from(r.qualityMap),
          weightMap: Buffer.from(r.weightMap),
          focus: r.focus ?? null,
          provider: r.provider ?? null,
          now,
        });
        clear.run(r.photoId);
      }
    });
  }

  // ---- errors ----

  recordErrors(
    errors: readonly { photoId: number; stage: ErrorStage; code: string; message: string }[],
    now = Date.now(),
  ): void {
    const put = this.stmt(
      `INSERT INTO photo_errors (photo_id, stage, code, message, at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (photo_id, stage) DO UPDATE SET code = excluded.code, message = excluded.message, at = excluded.at`,
    );
    writeTransaction(this.db, () => {
      for (const e of errors) put.run(e.photoId, e.stage, e.code, e.message, now);
    });
  }

  clearErrors(photoId: number, stages: readonly ErrorStage[]): void {
    const del = this.stmt('DELETE FROM photo_errors WHERE photo_id = ? AND stage = ?');
    for (const s of stages) del.run(photoId, s);
  }

  recordScanError(rootId: number, errPath: string, code: string, message: string, now = Date.now()): void {
    this.stmt(
      `INSERT INTO scan_errors (root_id, path, code, message, at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (root_id, path) DO UPDATE SET code = excluded.code, message = excluded.message, at = excluded.at`,
    ).run(rootId, errPath, code, message, now);
  }

  clearScanErrors(rootId: number): void {
    this.stmt('DELETE FROM scan_errors WHERE root_id = ?').run(rootId);
  }

  /** Problems met by the walk (unreadable folders, links); the files it skipped are apart, in skippedFiles. */
  scanErrors(rootId?: number): { path: string; code: string; message: string }[] {
    return (
      rootId === undefined
        ? this.stmt(`SELECT path, code, message FROM scan_errors WHERE code <> '${SKIPPED_CODE}' ORDER BY path`).all()
        : this.stmt(`SELECT path, code, message FROM scan_errors WHERE root_id = ? AND code <> '${SKIPPED_CODE}' ORDER BY path`).all(rootId)
    ) as { path: string; code: string; message: string }[];
  }

  /** The files a walk saw and will not read, kept until the next walk of that root (one transaction). */
  recordSkipped(rootId: number, files: readonly { path: string; kind: string }[], now = Date.now()): void {
    if (files.length === 0) return;
    const insert = this.stmt(
      `INSERT INTO scan_errors (root_id, path, code, message, at) VALUES (?, ?, '${SKIPPED_CODE}', ?, ?)
       ON CONFLICT (root_id, path) DO UPDATE SET code = excluded.code, message = excluded.message, at = excluded.at`,
    );
    this.transaction(() => {
      for (const f of files) insert.run(rootId, f.path, skippedMessage(f.kind), now);
    });
  }

  skippedFiles(rootId?: number): { path: string; message: string }[] {
    return (
      rootId === undefined
        ? this.stmt(`SELECT path, message FROM scan_errors WHERE code = '${SKIPPED_CODE}' ORDER BY path`).all()
        : this.stmt(`SELECT path, message FROM scan_errors WHERE root_id = ? AND code = '${SKIPPED_CODE}' ORDER BY path`).all(rootId)
    ) as { path: string; message: string }[];
  }

  skippedCounts(rootId?: number): SkippedCount[] {
    return countSkipped(this.skippedFiles(rootId).map((f) => path.basename(f.path)));
  }

  photoErrors(rootId?: number): PhotoError[] {
    const sql = `SELECT p.path, e.stage, e.code, e.message FROM photo_errors e JOIN photos p ON p.id = e.photo_id
                  WHERE p.missing = 0 ${rootId === undefined ? '' : 'AND p.root_id = ?'} ORDER BY p.path, e.stage`;
    return (rootId === undefined ? this.stmt(sql).all() : this.stmt(sql).all(rootId)) as PhotoError[];
  }

  // ---- queries ----

  /**
   * Photos scored by some model but not by `name version` (the model scans now use): what a
   * library scored before a model update holds until it is rescored.
   */
  staleScores(name: string, version: string): StaleScores {
    const row = this.stmt(
      `SELECT COUNT(*) AS photos FROM photos p
        WHERE p.missing = 0
          AND EXISTS (SELECT 1 FROM scores s WHERE s.photo_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM scores s JOIN models m ON m.id = s.model_id
                           WHERE s.photo_id = p.id AND m.name = @name AND m.version = @version)`,
    ).get({ name, version }) as { photos: number };
    const models = this.stmt(
      `SELECT DISTINCT m.name || ' ' || m.version AS model FROM models m
        WHERE NOT (m.name = @name AND m.version = @version) AND EXISTS (SELECT 1 FROM scores s WHERE s.model_id = m.id)
        ORDER BY m.added_at`,
    ).all({ name, version }) as { model: string }[];
    return { photos: row.photos, current: `${name} ${version}`, olderModels: row.photos > 0 ? models.map((m) => m.model) : [] };
  }

  counts(modelId: number | null, rootId?: number): LibraryCounts {
    const where = rootId === undefined ? '' : 'AND p.root_id = @rootId';
    const row = this.stmt(
      `SELECT
         COUNT(*) FILTER (WHERE p.missing = 0) AS photos,
         COUNT(s.photo_id) FILTER (WHERE p.missing = 0) AS scored,
         COUNT(*) FILTER (WHERE p.missing = 0 AND EXISTS (
           SELECT 1 FROM photo_errors e WHERE e.photo_id = p.id AND e.stage IN ('read', 'decode', 'score'))) AS failed,
         COUNT(*) FILTER (WHERE p.missing = 1) AS missing
       FROM photos p LEFT JOIN scores s ON s.photo_id = p.id AND s.model_id = @modelId
       WHERE 1 = 1 ${where}`,
    ).get({ modelId: modelId ?? -1, ...(rootId === undefined ? {} : { rootId }) }) as Omit<LibraryCounts, 'skipped'>;
    return { ...row, skipped: this.skippedCounts(rootId) };
  }
}
