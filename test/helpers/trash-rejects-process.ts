// Runs trashRejects in a process of its own, for the kill loop: `node --import tsx this.ts DB TRASH`.
// The trash is a folder, filled the way the freedesktop trash is (a rename into it), since
// Electron's shell.trashItem cannot run here.
import fs from 'node:fs/promises';
import path from 'node:path';
import { trashRejects } from '../../electron/core/culling/trash-rejects.js';
import { recoverLibrary } from '../../electron/core/recovery/recover-library.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';

const [db, trash] = process.argv.slice(2) as [string, string];
const trashItem = async (file: string) => {
  await fs.mkdir(trash, { recursive: true });
  await fs.rename(file, path.join(trash, `${Date.now()}-${Math.random().toString(16).slice(2)}-${path.basename(file)}`));
};
const store = LibraryStore.open(db);
await recoverLibrary(store, { trashItem });
const report = await trashRejects(store, trashItem);
store.close();
process.exitCode = report.problems.length > 0 ? 1 : 0;
