import { parentPort, workerData } from 'node:worker_threads';
import { WinnowError, errorMessage } from '../errors.js';
import { LibraryQueries } from '../store/library-queries.js';
import { LibraryStore } from '../store/library-store.js';
import { inThreadReads } from './library-reads.js';
import type { ReadJob, ReadRequest, ReadResponse } from './read-messages.js';

/**
 * Answers the UI's reads on a read-only connection of its own (the pattern of Signal Desktop's
 * SQL worker): a deep order walk or a histogram over a large library costs this thread, never the
 * host's main one. WAL lets it read while the scan worker writes.
 */
const job = workerData as ReadJob;
const port = parentPort!;
const post = (m: ReadResponse) => port.postMessage(m);

let reads: ReturnType<typeof inThreadReads> | null = null;
let openError: { code: string; message: string } | null = null;
try {
  const store = LibraryStore.open(job.dbPath, { readonly: true, ...(job.nativeBinding ? { nativeBinding: job.nativeBinding } : {}) });
  reads = inThreadReads(store, new LibraryQueries(store.db));
} catch (err) {
  openError = { code: err instanceof WinnowError ? err.code : 'DB_UNREADABLE', message: errorMessage(err) };
}

port.on('message', (m: ReadRequest) => {
  if (m.type === 'invalidate') return reads?.invalidate(m.what);
  if (!reads) return post({ id: m.id, ok: false, ...openError! });
  // Each method of LibraryReads, called with the arguments its request type allows.
  const method = reads[m.method] as (...args: unknown[]) => Promise<unknown>;
  method(...m.args).then(
    (result) => post({ id: m.id, ok: true, result }),
    (err: unknown) => post({ id: m.id, ok: false, code: err instanceof WinnowError ? err.code : 'INTERNAL', message: errorMessage(err) }),
  );
});
