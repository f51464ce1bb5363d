import type { LibraryCounts, ListQuery, PhotoRow, Root } from '../core/store/types.js';

/**
 * The one API the renderer sees, whoever hosts it: the Electron preload (over IPC) and the browser
 * host (over HTTP) both implement exactly this, and the renderer codes against nothing else.
 * Every method takes plain, structured-cloneable data and returns a promise.
 */
export interface WinnowApi {
  listRoots(): Promise<Root[]>;
  listPhotos(query: ListQuery): Promise<PhotoRow[]>;
  libraryCounts(): Promise<LibraryCounts>;
}

export type WinnowMethod = keyof WinnowApi;

/** The method names, for transports that must enumerate them (preload, HTTP routes). */
export const WINNOW_METHODS = ['listRoots', 'listPhotos', 'libraryCounts'] as const satisfies readonly WinnowMethod[];

// A compile-time check that the list above names every method of the interface.
type Missing = Exclude<WinnowMethod, (typeof WINNOW_METHODS)[number]>;
const _everyMethodListed: Missing extends never ? true : Missing = true;
void _everyMethodListed;

export function ipcChannel(method: WinnowMethod): string {
  return `winnow:${method}`;
}

export function isWinnowMethod(name: unknown): name is WinnowMethod {
  return typeof name === 'string' && (WINNOW_METHODS as readonly string[]).includes(name);
}
