import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DecisionService } from '../../../electron/core/decisions/decision-service.js';
import { migrations, SCHEMA_VERSION } from '../../../electron/core/store/migrations.js';
import { LibraryStore } from '../../../electron/core/store/library-store.js';
import { tempDir } from '../../helpers/paths.js';

describe('decision history and hash migrations', () => {
  it('upgrade a version 1 library in place, keeping its photos and decisions', async () => {
    const file = path.join(tempDir('winnow-migrate-'), 'v1.db');
    const v1 = new Database(file);
    migrations[0]!(v1);
    v1.pragma('user_version = 1');
    v1.prepare('INSERT INTO roots (id, path, added_at) VALUES (1, ?, 0)').run('/photos');
    v1.prepare(`INSERT INTO photos (root_id, path, rel_path, name, folder, size, mtime_ms, rating, pick, color_label, added_at, updated_at)
                VALUES (1, '/photos/a.jpg', 'a.jpg', 'a.jpg', '', 1, 0, 3, 1, 'Blue', 0, 0)`).run();
    v1.close();

    const store = LibraryStore.open(file);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.db.prepare('SELECT rating, pick, color_label, dhash FROM photos').get()).toEqual({ rating: 3, pick: 1, color_label: 'Blue', dhash: null });
    const decisions = new DecisionService(store.db, { writeSidecars: false });
    await decisions.decide([1], { rating: 5 });
    expect(decisions.store.lastUndoable()?.label).toBe('5 stars on 1 photo');
    store.close();
  });
});
