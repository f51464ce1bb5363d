import type { LibraryReads, ReadMethod } from './library-reads.js';

/** What the read worker is started with. */
export interface ReadJob {
  readonly dbPath: string;
  /** better-sqlite3 built for Electron's ABI, when the worker runs inside Electron. */
  readonly nativeBinding?: string;
}

/** A request names a method of LibraryReads with exactly its parameters. */
export type ReadRequest =
  | { [M in ReadMethod]: { readonly type: 'read'; readonly id: number; readonly method: M; readonly args: Parameters<LibraryReads[M]> } }[ReadMethod]
  | { readonly type: 'invalidate'; readonly what: 'library' | 'decisions' };

export type ReadResponse =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly code: string; readonly message: string }
  /** The worker could not open the database; every request fails with this. */
  | { readonly id: null; readonly ok: false; readonly code: string; readonly message: string };
