import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyCull, suggestCull } from '../../../electron/core/culling/auto-cull.js';
import type { CandidatePhoto } from '../../../electron/core/store/burst-candidates.js';
import { DecisionService } from '../../../electron/core/decisions/decision-service.js';
import { undoLast } from '../../../electron/core/culling/undo-redo.js';
import { fixtureLibrary, type FixtureLibrary } from '../decisions/library-fixture.js';

const T0 = Date.UTC(2024, 0, 1);
const SAME = '0f0f0f0f0f0f0f0f';
const OTHER = 'f0f0f0f0f0f0f0f0';

function photo(id: number, quality: number | null, sharpness: number, seconds: number, dhash = SAME, pick: -1 | 0 | 1 = 0): CandidatePhoto {
  return { id, path: `/p/${id}.jpg`, takenAt: T0 + seconds * 1000, dhash, quality, sharpness, pick, rating: 0 };
}

describe('suggestCull', () => {
  it('applies absolute thresholds and says why', () => {
    const s = suggestCull([photo(1, 30, 10, 0, SAME), photo(2, 60, 2, 100, OTHER), photo(3, 70, 10, 200, SAME)], { minQuality: 40, minSharpness: 5 });
    expect(s.map((x) => [x.photo.id, x.reasons])).toEqual([
      [1, ['quality 30.0 < 40']],
      [2, ['sharpness 2.0 < 5']],
    ]);
  });

  it('judges burst frames against the best of their burst', () => {
    const burst = [photo(1, 50, 10, 0), photo(2, 38, 9, 1), photo(3, 49, 3, 2), photo(4, 48, 9.5, 3)];
    const s = suggestCull(burst, { burstMargin: 10 });
    expect(s.map((x) => x.photo.id)).toEqual([2, 3]);
    expect(s[0]!.reasons[0]).toMatch(/^12\.0 below the best of its burst \(1\.jpg\)/);
    expect(s[1]!.reasons).toEqual(['much softer than the best of its burst (1.jpg)']);
  });

  it('never suggests a photo the user picked, one already rejected, or one without a score', () => {
    const s = suggestCull([photo(1, 10, 1, 0, SAME, 1), photo(2, 10, 1, 100, OTHER, -1), photo(3, null, 1, 200)], { minQuality: 40, minSharpness: 5 });
    expect(s).toEqual([]);
  });
});

let lib: FixtureLibrary;
afterEach(() => lib?.store.close());

describe('applyCull', () => {
  it('rejects the previewed photos as one undoable action', async () => {
    lib = fixtureLibrary(['1.jpg', '2.jpg']);
    const decisions = new DecisionService(lib.store.db);
    const suggestions = suggestCull([photo(lib.ids[0]!, 10, 5, 0)], { minQuality: 40 });
    const out = await applyCull(decisions, suggestions);
    expect(out.action?.label).toBe('auto-cull: reject 1 photo');
    expect(fs.readFileSync(`${lib.paths[0]}.xmp`, 'utf8')).toContain('xmp:Rating="-1"');
    expect(fs.existsSync(path.join(lib.photosDir, '2.jpg.xmp'))).toBe(false);
    await undoLast(lib.store, decisions);
    expect(decisions.store.decisionsOf([lib.ids[0]!])[0]!.decision.pick).toBe(0);
  });
});
