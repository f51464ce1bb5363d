import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryService } from '../../electron/core/library-service.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { APP_INDEX_URL } from '../../electron/main/app-origin.js';
import { ipcArgumentProblem, MAX_ARGS } from '../../electron/main/ipc-arguments.js';
import { WinnowError } from '../../electron/core/errors.js';
import { CallRefusal, replyTo } from '../../electron/core/api-dispatch.js';
import { createIpcCalls } from '../../electron/main/ipc-dispatch.js';
import { unwrapReply } from '../../electron/preload/ipc-reply.js';
import { WINNOW_METHODS, type WinnowApi } from '../../electron/shared/api-contract.js';
import { tempDir } from '../helpers/paths.js';

/** The IPC layer over the real service and a real (empty) library database. */
let work: string;
let store: LibraryStore;
let service: LibraryService;
const app = { url: APP_INDEX_URL, isMainFrame: true };

beforeAll(() => {
  work = tempDir('winnow-ipc-');
  store = LibraryStore.open(path.join(work, 'library.db'));
  service = new LibraryService(store, { writeSidecars: false });
});

afterAll(() => {
  store?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('IPC handlers', () => {
  it('exist for every method of the contract, without main naming any', () => {
    expect([...createIpcCalls(service).keys()].sort()).toEqual([...WINNOW_METHODS].sort());
  });

  it('refuse to start over an implementation that lacks a method', () => {
    const partial = { listRoots: async () => [] } as unknown as WinnowApi;
    expect(() => createIpcCalls(partial)).toThrow(/lacks/);
  });

  it('answer the app page with what the service answers', async () => {
    const calls = createIpcCalls(service);
    expect(await calls.get('listRoots')!(app, [])).toEqual([]);
    expect(await calls.get('libraryCounts')!(app, [])).toMatchObject({ photos: 0 });
    expect(await calls.get('queryPhotos')!(app, [{ sort: 'name', order: 'asc', limit: 10, withTotal: true }])).toMatchObject({ rows: [], total: 0 });
  });

  it('pass the service own validation errors through', async () => {
    await expect(createIpcCalls(service).get('photoDetail')!(app, ['1; DROP TABLE photos'])).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuse untrusted senders before the service runs, with no detail for the page', async () => {
    let ran = false;
    const spyable = new Proxy(service, {
      get(target, key, receiver) {
        if (key === 'listRoots') ran = true;
        return Reflect.get(target, key, receiver);
      },
    });
    const listRoots = createIpcCalls(spyable).get('listRoots')!;
    ran = false;
    for (const frame of [null, { url: APP_INDEX_URL, isMainFrame: false }, { url: 'https://evil.example/', isMainFrame: true }, { url: 'file:///tmp/x.html', isMainFrame: true }]) {
      const refusal = await listRoots(frame, []).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(CallRefusal);
      expect((refusal as Error).message).toBe('refused');
    }
    expect(ran).toBe(false);
  });

  it('refuse arguments that are not plain data', async () => {
    const queryPhotos = createIpcCalls(service).get('queryPhotos')!;
    await expect(queryPhotos(app, [new Map([['sort', 'name']])])).rejects.toBeInstanceOf(CallRefusal);
    await expect(queryPhotos(app, [{}, {}, {}, {}, {}])).rejects.toBeInstanceOf(CallRefusal);
  });
});

describe('IPC argument checks', () => {
  it('accept what JSON can carry, within bounds', () => {
    expect(ipcArgumentProblem([])).toBeNull();
    expect(ipcArgumentProblem([{ sort: 'quality', limit: 50, pick: 'kept', camera: null, flags: [true, false] }, [1, 2, 3], 'x', undefined])).toBeNull();
    expect(ipcArgumentProblem([Object.create(null) as object])).toBeNull();
  });

  it.each([
    ['too many arguments', Array.from({ length: MAX_ARGS + 1 }, () => 1)],
    ['a Map', [new Map()]],
    ['a Set', [new Set([1])]],
    ['a Date', [new Date()]],
    ['a RegExp', [/x/]],
    ['a typed array', [new Uint8Array(4)]],
    ['an ArrayBuffer', [new ArrayBuffer(4)]],
    ['a BigInt', [10n]],
    ['NaN', [Number.NaN]],
    ['Infinity', [{ limit: Infinity }]],
    ['a __proto__ key', [JSON.parse('{"__proto__": {"polluted": true}}')]],
    ['a constructor key', [{ constructor: { prototype: {} } }]],
    ['a class instance', [new (class Query { sort = 'name'; })()]],
    ['a function', [() => 1]],
    ['a symbol', [Symbol('x')]],
    ['a huge string', ['x'.repeat(64 * 1024 + 1)]],
    ['deep nesting', [JSON.parse('['.repeat(20) + ']'.repeat(20))]],
    ['too many nodes', [Array.from({ length: 30_000 }, (_, i) => i)]],
  ])('refuse %s', (_name, args) => {
    expect(ipcArgumentProblem(args as unknown[])).not.toBeNull();
  });
});

describe('IPC replies', () => {
  it('carry results, and service errors with their code and message', async () => {
    const calls = createIpcCalls(service);
    const log: string[] = [];
    expect(await replyTo(() => calls.get('listRoots')!(app, []), (l) => log.push(l))).toEqual({ ok: true, result: [] });
    expect(await replyTo(() => calls.get('photoDetail')!(app, ['x']), (l) => log.push(l))).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: 'a photo id must be a positive whole number' } });
    expect(log).toEqual([]);
  });

  it('say only "refused" to an untrusted sender, and log why in main', async () => {
    const log: string[] = [];
    const reply = await replyTo(() => createIpcCalls(service).get('listRoots')!({ url: 'https://evil.example/', isMainFrame: true }, []), (l) => log.push(l));
    expect(reply).toEqual({ ok: false, error: { code: 'REFUSED', message: 'refused' } });
    expect(log.join('\n')).toMatch(/untrusted sender for listRoots: https:\/\/evil\.example/);
  });

  it('hide unexpected failures (stacks, paths) behind "internal error"', async () => {
    const log: string[] = [];
    const reply = await replyTo(async () => {
      throw new Error('ENOENT: /home/someone/secret/library.db');
    }, (l) => log.push(l));
    expect(reply).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
    expect(log.join('\n')).toContain('/home/someone/secret');
  });

  it('unwrap in the preload to a result or an Error with the message written for people', async () => {
    expect(unwrapReply({ ok: true, result: { photos: 3 } })).toEqual({ photos: 3 });
    expect(() => unwrapReply({ ok: false, error: { code: 'BUSY', message: 'this folder is being scanned' } })).toThrow(/^this folder is being scanned$/);
    for (const junk of [null, undefined, 'x', {}, { ok: 'yes' }]) expect(() => unwrapReply(junk)).toThrow(/malformed/);
    const reply = await replyTo(async () => {
      throw new WinnowError('NO_SCANNER', 'this host cannot scan');
    }, () => {});
    expect(() => unwrapReply(reply)).toThrow('this host cannot scan');
  });
});
