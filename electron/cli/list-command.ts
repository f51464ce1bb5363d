import fs from 'node:fs';
import path from 'node:path';
import { recoverBeforeReading } from './library-command.js';
import { defaultDatabasePath } from '../core/app-paths.js';
import { loadModelMetadata } from '../core/inference/model-metadata.js';
import { LibraryStore } from '../core/store/library-store.js';
import { LibraryQueries } from '../core/store/library-queries.js';
import type { PhotoSort } from '../shared/library-types.js';
import { WinnowError } from '../core/errors.js';
import { executionLine, photoJson, photoTable } from './format.js';

export interface ListArgs {
  readonly db?: string;
  readonly model?: string;
  readonly sort: PhotoSort;
  readonly order?: 'asc' | 'desc';
  readonly minQuality?: number;
  readonly maxQuality?: number;
  readonly limit?: number;
  readonly json: boolean;
  readonly errors: boolean;
}

export async function listCommand(args: ListArgs, out: NodeJS.WriteStream): Promise<number> {
  const dbPath = path.resolve(args.db ?? defaultDatabasePath());
  if (fs.existsSync(dbPath)) await recoverBeforeReading(dbPath, process.stderr);
  const store = LibraryStore.open(dbPath, { readonly: true });
  try {
    if (args.errors) {
      const errors = [
        ...store.photoErrors(),
        ...store.scanErrors().map((e) => ({ ...e, stage: 'scan' })),
        ...store.skippedFiles().map((e) => ({ ...e, stage: 'skipped', code: 'SKIPPED' })),
      ];
      if (args.json) out.write(JSON.stringify(errors, null, 2) + '\n');
      else for (const e of errors) out.write(`${e.path}\t${e.stage}\t${e.code}\t${e.message}\n`);
      return 0;
    }
    let modelId: number | null;
    if (args.model) {
      const { metadata } = loadModelMetadata(args.model);
      modelId = store.modelId(metadata.name, metadata.version);
      if (modelId === null) throw new WinnowError('NO_SCORES', `no photo in ${dbPath} has been scored with ${metadata.name} ${metadata.version}`);
    } else {
      modelId = store.latestModelId();
    }
    // Names and dates read naturally A-Z and oldest first; scores best first.
    const order = args.order ?? (args.sort === 'name' || args.sort === 'date' ? 'asc' : 'desc');
    const rows = new LibraryQueries(store.db).listRows({
      modelId,
      sort: args.sort,
      order,
      ...(args.minQuality === undefined ? {} : { minQuality: args.minQuality }),
      ...(args.maxQuality === undefined ? {} : { maxQuality: args.maxQuality }),
      limit: args.limit ?? 50,
    });
    if (args.json) out.write(JSON.stringify(rows.map(photoJson), null, 2) + '\n');
    else {
      out.write(rows.length ? photoTable(rows) + '\n' : 'No photos match.\n');
      if (modelId !== null) out.write(providerSummary(store, modelId));
    }
    return 0;
  } finally {
    store.close();
  }
}

/** Which providers scored the library, and what each folder's last scan ran on and passed over. */
export function providerSummary(store: LibraryStore, modelId: number): string {
  const counts = store.scoresByProvider(modelId);
  if (counts.length === 0) return '';
  const parts = counts.map((c) => `${c.provider ?? 'not recorded (scored before Winnow kept it)'}: ${c.photos} photo${c.photos === 1 ? '' : 's'}`);
  let text = `\nScored on ${parts.join(', ')}\n`;
  for (const root of store.roots()) {
    const last = store.scanExecution(root.id);
    if (last) text += `Last scan of ${root.path}: ${executionLine(last.execution, last.notes)}\n`;
  }
  return text;
}
