import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { defaultDatabasePath } from '../core/app-paths.js';
import { WinnowError } from '../core/errors.js';
import { recoverLibrary, type RecoveryReport } from '../core/recovery/recover-library.js';
import { FileJournal } from '../core/store/file-journal.js';
import { LibraryStore } from '../core/store/library-store.js';
import type { SidecarProblem } from '../core/xmp/sidecar-files.js';

/** Where a culling command writes, and how it asks; tests pass their own. */
export interface CommandIo {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
  /** Asks a yes/no question; null when no one can answer (not a terminal). */
  readonly confirm: ((question: string) => Promise<boolean>) | null;
}

export function processIo(): CommandIo {
  return {
    out: process.stdout,
    err: process.stderr,
    confirm: process.stdin.isTTY
      ? async (question) => {
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
          } finally {
            rl.close();
          }
        }
      : null,
  };
}

export function usageError(message: string, usage: string): never {
  throw new WinnowError('USAGE', `${message}\n\nUsage: ${usage}`);
}

/** node:util parseArgs, with its errors turned into usage errors (exit code 2). */
export function parseCommand<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options: { db: { type: 'string' }, ...options }, allowPositionals: true, strict: true });
  } catch (err) {
    usageError((err as Error).message, usage);
  }
}

export function numberValue(value: string | boolean | undefined, name: string, usage: string, range?: [number, number], integer = false): number | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  const n = Number(value);
  const ok = value.trim() !== '' && Number.isFinite(n) && (!integer || Number.isInteger(n)) && (!range || (n >= range[0] && n <= range[1]));
  if (!ok) usageError(`--${name} needs a ${integer ? 'whole ' : ''}number${range ? ` from ${range[0]} to ${range[1]}` : ''}, got "${value}"`, usage);
  return n;
}

/**
 * Opens an existing library: a typo in --db must not silently create an empty one. Commands that
 * only read ask for a read-only connection, so a library on a read-only medium can still be read.
 */
export async function openLibrary(db: string | undefined, options: { readonly?: boolean; err?: { write(text: string): unknown } } = {}): Promise<{ store: LibraryStore; dbPath: string }> {
  const dbPath = path.resolve(db ?? defaultDatabasePath());
  if (!fs.existsSync(dbPath)) throw new WinnowError('DB_MISSING', `no library database at ${dbPath} (run "winnow scan <folder>" first)`);
  if (options.readonly) {
    await recoverBeforeReading(dbPath, options.err ?? process.stderr);
    return { store: LibraryStore.open(dbPath, { readonly: true }), dbPath };
  }
  const store = LibraryStore.open(dbPath);
  try {
    reportRecovery(await recoverLibrary(store), options.err ?? process.stderr);
  } catch (err) {
    store.close();
    throw err;
  }
  return { store, dbPath };
}

/** Reading commands finish what a killed command left too, when the library can be written. */
export async function recoverBeforeReading(dbPath: string, err: { write(text: string): unknown }): Promise<void> {
  if (!needsRecovery(dbPath)) return;
  let store: LibraryStore;
  try {
    store = LibraryStore.open(dbPath);
  } catch (error) {
    if (error instanceof WinnowError && error.code === 'DB_READ_ONLY') return; // a read-only medium: read it as it is
    throw error;
  }
  try {
    reportRecovery(await recoverLibrary(store), err);
  } finally {
    store.close();
  }
}

function needsRecovery(dbPath: string): boolean {
  const store = LibraryStore.open(dbPath, { readonly: true });
  try {
    return new FileJournal(store.db).hasPendingWork();
  } finally {
    store.close();
  }
}

export function reportRecovery(report: RecoveryReport, err: { write(text: string): unknown }): void {
  const done = report.finished + report.rolledBack;
  if (done > 0) err.write(`Completed ${plural(done, 'file operation')} that an earlier command left unfinished (${report.finished} finished, ${report.rolledBack} rolled back).\n`);
  if (report.sidecars.written > 0) err.write(`Wrote ${plural(report.sidecars.written, 'sidecar')} that an earlier command left behind the library.\n`);
  for (const p of report.sidecars.problems) err.write(`sidecar not written: ${p.message}\n`);
  for (const p of report.problems) err.write(`${p}\n`);
}

export function reportSidecarProblems(io: CommandIo, problems: readonly SidecarProblem[]): void {
  for (const p of problems) io.err.write(`sidecar not written: ${p.message}\n`);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
