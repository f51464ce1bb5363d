import type { Database } from 'better-sqlite3';
import { writeTransaction } from './write-transaction.js';

/**
 * One function per schema version. Version N's migration takes a database at user_version N-1 to
 * N. Never edit a released migration: add a new one, so that every user's database walks the same
 * path to the same schema.
 */
export type Migration = (db: Database) => void;

export const migrations: readonly Migration[] = [
  function v1(db) {
    db.exec(`
      CREATE TABLE roots (
        id            INTEGER PRIMARY KEY,
        path          TEXT NOT NULL UNIQUE,
        added_at      INTEGER NOT NULL,
        last_scan_at  INTEGER
      );

      CREATE TABLE photos (
        id            INTEGER PRIMARY KEY,
        root_id       INTEGER NOT NULL REFERENCES roots(id),
        path          TEXT NOT NULL UNIQUE,
        rel_path      TEXT NOT NULL,
        name          TEXT NOT NULL COLLATE NOCASE,
        folder        TEXT NOT NULL,
        size          INTEGER NOT NULL,
        mtime_ms      INTEGER NOT NULL,
        fingerprint   TEXT,
        format        TEXT,
        width         INTEGER,
        height        INTEGER,
        orientation   INTEGER,
        taken_at      INTEGER,
        camera        TEXT,
        lens          TEXT,
        iso           INTEGER,
        exposure_time REAL,
        aperture      REAL,
        focal_length  REAL,
        missing       INTEGER NOT NULL DEFAULT 0,
        rating        INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
        pick          INTEGER NOT NULL DEFAULT 0 CHECK (pick IN (-1, 0, 1)),
        color_label   TEXT,
        added_at      INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
      );
      CREATE INDEX photos_root ON photos(root_id, missing);
      CREATE INDEX photos_taken ON photos(taken_at, id);
      CREATE INDEX photos_name ON photos(name, id);
      CREATE INDEX photos_fingerprint ON photos(fingerprint);

      CREATE TABLE models (
        id        INTEGER PRIMARY KEY,
        name      TEXT NOT NULL,
        version   TEXT NOT NULL,
        file_hash TEXT NOT NULL,
        added_at  INTEGER NOT NULL,
        UNIQUE (name, version)
      );

      -- One row per photo and model: swapping models keeps the old scores until a rescore.
      -- fingerprint records which file content the score belongs to.
      CREATE TABLE scores (
        photo_id            INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        model_id            INTEGER NOT NULL REFERENCES models(id),
        fingerprint         TEXT NOT NULL,
        quality             REAL NOT NULL,
        distribution        BLOB,
        map_width           INTEGER NOT NULL,
        map_height          INTEGER NOT NULL,
        quality_map         BLOB NOT NULL,
        weight_map          BLOB NOT NULL,
        sharpness           REAL,
        exposure_mean       REAL,
        clipped_highlights  REAL,
        clipped_shadows     REAL,
        noise               REAL,
        scored_at           INTEGER NOT NULL,
        PRIMARY KEY (photo_id, model_id)
      );
      CREATE INDEX scores_quality ON scores(model_id, quality, photo_id);
      CREATE INDEX scores_sharpness ON scores(model_id, sharpness, photo_id);

      -- The latest failure per photo and stage; cleared when the stage later succeeds.
      CREATE TABLE photo_errors (
        photo_id  INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        stage     TEXT NOT NULL,
        code      TEXT NOT NULL,
        message   TEXT NOT NULL,
        at        INTEGER NOT NULL,
        PRIMARY KEY (photo_id, stage)
      );

      -- Problems that belong to no photo row: unreadable folders, names that cannot be stored.
      CREATE TABLE scan_errors (
        id        INTEGER PRIMARY KEY,
        root_id   INTEGER REFERENCES roots(id) ON DELETE CASCADE,
        path      TEXT NOT NULL,
        code      TEXT NOT NULL,
        message   TEXT NOT NULL,
        at        INTEGER NOT NULL,
        UNIQUE (root_id, path)
      );
    `);
  },

  function v2(db) {
    db.exec(`
      -- The decision undo history: one row per user action (rating many photos at once is one
      -- action), newest last. Undone actions stay until a new action discards them (no redo then).
      CREATE TABLE history_actions (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL,
        label       TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        undone      INTEGER NOT NULL DEFAULT 0
      );

      -- What a decision action changed, per photo: enough to undo and redo it exactly.
      CREATE TABLE history_decisions (
        action_id   INTEGER NOT NULL REFERENCES history_actions(id) ON DELETE CASCADE,
        photo_id    INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        old_rating  INTEGER NOT NULL,
        old_pick    INTEGER NOT NULL,
        old_label   TEXT,
        new_rating  INTEGER NOT NULL,
        new_pick    INTEGER NOT NULL,
        new_label   TEXT,
        PRIMARY KEY (action_id, photo_id)
      );

      -- Files Winnow moved (rejects to a folder), with their sidecars as JSON [[from, to], ...].
      CREATE TABLE history_moves (
        action_id     INTEGER NOT NULL REFERENCES history_actions(id) ON DELETE CASCADE,
        photo_id      INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        old_root_id   INTEGER NOT NULL,
        old_path      TEXT NOT NULL,
        old_rel_path  TEXT NOT NULL,
        new_root_id   INTEGER NOT NULL,
        new_path      TEXT NOT NULL,
        new_rel_path  TEXT NOT NULL,
        sidecars      TEXT NOT NULL,
        PRIMARY KEY (action_id, photo_id)
      );
    `);
  },

  function v3(db) {
    db.exec(`
      -- 64-bit difference hash (16 hex digits) for burst and near-duplicate grouping, with the
      -- fingerprint of the content it was computed from so a changed file gets a new one.
      ALTER TABLE photos ADD COLUMN dhash TEXT;
      ALTER TABLE photos ADD COLUMN dhash_fingerprint TEXT;
    `);
  },
  function v4(db) {
    db.exec(`
      -- Sorting and filtering by camera or lens walks these instead of sorting 100k rows.
      CREATE INDEX photos_camera ON photos(camera, id);
      CREATE INDEX photos_lens ON photos(lens, id);
    `);
  },
  function v5(db) {
    // Perceptual hashes are now area averages (they were libvips Lanczos resamples): the two
    // differ by a median of 6 bits on the same photo, enough to split bursts if they were mixed.
    // Cleared hashes are recomputed from the thumbnails the next time bursts are looked for.
    db.exec('UPDATE photos SET dhash = NULL, dhash_fingerprint = NULL WHERE dhash IS NOT NULL');
  },
  function v6(db) {
    db.exec(`
      -- Which execution provider computed each score ("WebGPU (SwiftShader)", "CPU"); NULL for
      -- scores written before this version.
      ALTER TABLE scores ADD COLUMN provider TEXT;
      -- What the root's last scan that scored anything ran on, and why other providers were passed
      -- over (JSON: {"execution": "...", "notes": ["webgpu: ..."]}).
      ALTER TABLE roots ADD COLUMN last_scan_execution TEXT;
    `);
  },
  function v7(db) {
    db.exec(`
      -- File operations in flight (moves of rejects, undo and redo of moves, exports, trash), one
      -- row per photo with every file that travels with it (sidecars, a paired RAW). Written before
      -- the first file is touched and removed in the transaction that records the outcome, so the
      -- next start of any command finds what a kill interrupted and finishes or rolls it back.
      CREATE TABLE file_journal (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL,
        photo_id    INTEGER NOT NULL,
        pid         INTEGER NOT NULL,
        record      TEXT NOT NULL,
        created_at  INTEGER NOT NULL
      );

      -- Photos whose sidecars are behind the database: set with the decision, in its transaction,
      -- and cleared once the sidecars were written. What a kill left here is written at the next start.
      CREATE TABLE sidecars_due (
        photo_id  INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE
      );
    `);
  },
  function v8(db) {
    db.exec(`
      -- The focus figure: the model's best score on native-resolution crops of the photo (0-100),
      -- NULL for photos too small to need the pass and for models without one.
      ALTER TABLE scores ADD COLUMN focus REAL;
    `);
  },
  function v9(db) {
    db.exec(`
      -- The model scored most recently (the one the UI shows when none is named) is asked for
      -- after every write a scan reports, on the host's main thread: one index entry instead of a
      -- sort of every score.
      CREATE INDEX scores_scored_at ON scores(scored_at, model_id);
    `);
  },
];

export const SCHEMA_VERSION = migrations.length;

/**
 * Brings the schema up to date. Each step runs in its own transaction together with the
 * user_version bump, so a crash leaves the database at a whole version, never in between.
 */
export function migrate(db: Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `database schema version ${current} is newer than this Winnow understands (${migrations.length}); ` +
        'update Winnow or use another database',
    );
  }
  for (let version = current + 1; version <= migrations.length; version++) {
    const step = migrations[version - 1]!;
    writeTransaction(db, () => {
      step(db);
      db.pragma(`user_version = ${version}`);
    });
  }
  return migrations.length;
}
