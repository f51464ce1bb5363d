import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesktopLibrary, type DesktopLibrary } from '../../electron/main/desktop-library.js';
import { eventProblem } from '../../electron/main/event-channel.js';
import type { ScanStatus, WinnowEvent } from '../../electron/shared/api-contract.js';
import { FIXTURE_MODEL, realPhotos, tempDir } from '../helpers/paths.js';

/** What main serves over IPC: the real service with a scan queue, the fixture model and real photos. */
let work: string;
let library: DesktopLibrary;
const events: WinnowEvent[] = [];

beforeAll(() => {
  work = tempDir('winnow-desktop-');
  fs.mkdirSync(path.join(work, 'photos'));
  for (const [i, photo] of realPhotos(2).entries()) fs.copyFileSync(photo, path.join(work, 'photos', `p${i}.jpg`));
  library = openDesktopLibrary({
    databaseFile: path.join(work, 'data', 'library.db'),
    thumbnailsDir: path.join(work, 'data', 'thumbnails'),
    modelFile: FIXTURE_MODEL,
    inferenceThreads: 1,
  });
  library.service.onEvent((e) => events.push(e));
});

afterAll(async () => {
  await library?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function scanFinished(): Promise<void> {
  return new Promise((resolve) => {
    const off = library.service.onEvent((e) => {
      if (e.name === 'scan' && (e.payload as ScanStatus).state === 'idle') {
        off();
        resolve();
      }
    });
  });
}

describe('the desktop library', () => {
  it('adds a folder, scans it with the model and reports through events main can send', async () => {
    expect(library.canScan).toBe(true);
    const finished = scanFinished();
    await library.service.addRoot(path.join(work, 'photos'));
    await finished;
    expect(await library.service.libraryCounts()).toMatchObject({ photos: 2, scored: 2 });
    expect(events.map((e) => e.name)).toEqual(expect.arrayContaining(['library-changed', 'scan']));
    for (const event of events) expect(eventProblem(event), event.name).toBeNull();
  });

  it('browses without scanning when the model is absent', async () => {
    const browseOnly = openDesktopLibrary({
      databaseFile: path.join(work, 'data', 'library.db'),
      thumbnailsDir: path.join(work, 'data', 'thumbnails'),
      modelFile: path.join(work, 'no-model.json'),
    });
    try {
      expect(browseOnly.canScan).toBe(false);
      expect((await browseOnly.service.listRoots()).length).toBe(1);
      await expect(browseOnly.service.rescan()).rejects.toMatchObject({ code: 'NO_SCANNER' });
    } finally {
      await browseOnly.close();
    }
  });
});
