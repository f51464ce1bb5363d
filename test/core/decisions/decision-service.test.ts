import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DecisionService } from '../../../electron/core/decisions/decision-service.js';
import { importSidecarDecisions } from '../../../electron/core/decisions/import-sidecar.js';
import { NS } from '../../../electron/core/xmp/xmp-namespaces.js';
import { queuedFiles } from '../../../electron/core/xmp/per-file-queue.js';
import { propertyValues } from '../xmp/xmp-fixtures.js';
import { fixtureLibrary, type FixtureLibrary } from './library-fixture.js';

let lib: FixtureLibrary;
afterEach(() => lib?.store.close());

function decisions(l: FixtureLibrary) {
  return new DecisionService(l.store.db).store.decisionsOf(l.ids).map((p) => p.decision);
}

describe('DecisionService', () => {
  it('applies one change to many photos as one undoable, redoable action', async () => {
    lib = fixtureLibrary(['a.jpg', 'b.jpg', 'c.jpg']);
    const svc = new DecisionService(lib.store.db, { writeSidecars: false });
    const out = await svc.decide(lib.ids.slice(0, 2), { rating: 4, colorLabel: 'Red' });
    expect(out.action?.label).toBe('4 stars, red label on 2 photos');
    expect(out.changed.map((p) => p.photoId)).toEqual(lib.ids.slice(0, 2));
    await svc.decide([lib.ids[1]!], { pick: -1 });
    expect(decisions(lib)).toEqual([
      { rating: 4, pick: 0, colorLabel: 'Red' },
      { rating: 4, pick: -1, colorLabel: 'Red' },
      { rating: 0, pick: 0, colorLabel: null },
    ]);

    const last = svc.store.lastUndoable()!;
    await svc.undoDecisions(last);
    expect(decisions(lib)[1]).toEqual({ rating: 4, pick: 0, colorLabel: 'Red' });
    await svc.undoDecisions(svc.store.lastUndoable()!);
    expect(decisions(lib)).toEqual([0, 1, 2].map(() => ({ rating: 0, pick: 0, colorLabel: null })));
    expect(svc.store.lastUndoable()).toBeNull();

    await svc.redoDecisions(svc.store.nextRedoable()!);
    expect(decisions(lib)[0]).toEqual({ rating: 4, pick: 0, colorLabel: 'Red' });
    // A new action forks the history: the undone reject can no longer be redone.
    await svc.decide([lib.ids[2]!], { pick: 1 });
    expect(svc.store.nextRedoable()).toBeNull();
    expect(svc.store.history().map((a) => a.label)).toEqual(['pick on 1 photo', '4 stars, red label on 2 photos']);
  });

  it('records nothing when a change changes nothing', async () => {
    lib = fixtureLibrary(['a.jpg']);
    const svc = new DecisionService(lib.store.db, { writeSidecars: false });
    await svc.decide(lib.ids, { rating: 0, pick: 0 });
    expect(svc.store.lastUndoable()).toBeNull();
  });

  it('rejects ratings outside 0-5', async () => {
    lib = fixtureLibrary(['a.jpg']);
    const svc = new DecisionService(lib.store.db, { writeSidecars: false });
    await expect(svc.decide(lib.ids, { rating: 6 })).rejects.toMatchObject({ code: 'BAD_DECISION' });
  });

  it('mirrors decisions, undo and redo into sidecars', async () => {
    lib = fixtureLibrary(['x/a.jpg', 'x/b.jpg']);
    const svc = new DecisionService(lib.store.db);
    const out = await svc.decide(lib.ids, { rating: 3, pick: 1 });
    expect(out.sidecars).toEqual({ written: 2, problems: [] });
    const sidecar = `${lib.paths[0]}.xmp`;
    expect(propertyValues(fs.readFileSync(sidecar, 'utf8'), NS.xmp, 'Rating')).toEqual(['3']);
    await svc.decide([lib.ids[0]!], { pick: -1 });
    expect(propertyValues(fs.readFileSync(sidecar, 'utf8'), NS.xmp, 'Rating')).toEqual(['-1']);
    const undo = await svc.undoDecisions(svc.store.lastUndoable()!);
    expect(undo.sidecars.written).toBe(1);
    expect(propertyValues(fs.readFileSync(sidecar, 'utf8'), NS.xmpDM, 'pick')).toEqual(['1']);
  });

  it('leaves each sidecar with the latest decision when writes overlap, whatever order they finish in', async () => {
    const names = Array.from({ length: 16 }, (_, i) => `p${String(i).padStart(2, '0')}.jpg`);
    lib = fixtureLibrary(names);
    const svc = new DecisionService(lib.store.db);
    const last = lib.ids.at(-1)!;
    // The bulk write reaches the last photo only after the others; the single decision made just
    // after it writes that photo's sidecar long before.
    const bulk = svc.decide(lib.ids, { rating: 1 });
    const single = svc.decide([last], { rating: 5 });
    await Promise.all([bulk, single]);
    expect(decisions(lib).at(-1)!.rating).toBe(5);
    const sidecar = `${lib.paths.at(-1)!}.xmp`;
    expect(propertyValues(fs.readFileSync(sidecar, 'utf8'), NS.xmp, 'Rating')).toEqual(['5']);
    expect(queuedFiles()).toBe(0);
  });

  it('reports a malformed sidecar but keeps the decision in the library', async () => {
    lib = fixtureLibrary(['a.jpg']);
    const sidecar = `${lib.paths[0]}.xmp`;
    fs.writeFileSync(sidecar, '<x:xmpmeta');
    const out = await new DecisionService(lib.store.db).decide(lib.ids, { rating: 5 });
    expect(out.sidecars.problems).toMatchObject([{ code: 'SIDECAR_MALFORMED', sidecarPath: sidecar }]);
    expect(fs.readFileSync(sidecar, 'utf8')).toBe('<x:xmpmeta');
    expect(decisions(lib)[0]!.rating).toBe(5);
  });

  it('imports decisions other tools left in sidecars, without history', async () => {
    lib = fixtureLibrary(['dt.jpg', 'dk.jpg', 'none.jpg', 'bad.jpg']);
    const samples = path.resolve(import.meta.dirname, '../../../../shared/data/samples/xmp');
    fs.copyFileSync(path.join(samples, 'darktable-aurora.jpg.xmp'), `${lib.paths[0]}.xmp`);
    fs.copyFileSync(path.join(samples, 'rating-rejected.xmp'), `${lib.paths[1]}.xmp`);
    fs.writeFileSync(`${lib.paths[3]}.xmp`, 'not xml');
    const summary = await importSidecarDecisions(lib.store.db, lib.ids.map((id, i) => ({ id, path: lib.paths[i]! })));
    expect(summary.imported.map((p) => p.photoId)).toEqual([lib.ids[0], lib.ids[1]]);
    expect(summary.problems).toMatchObject([{ code: 'SIDECAR_MALFORMED', photoPath: lib.paths[3] }]);
    expect(decisions(lib).slice(0, 3)).toEqual([
      { rating: 1, pick: 0, colorLabel: null },
      { rating: 0, pick: -1, colorLabel: null },
      { rating: 0, pick: 0, colorLabel: null },
    ]);
    expect(new DecisionService(lib.store.db).store.lastUndoable()).toBeNull();
  });
});
