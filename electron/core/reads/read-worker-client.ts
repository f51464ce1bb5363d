import type { Worker } from 'node:worker_threads';
import { WinnowError } from '../errors.js';
import { startWorker } from '../start-worker.js';
import type { LibraryReads, ReadMethod } from './library-reads.js';
import type { ReadJob, ReadRequest, ReadResponse } from './read-messages.js';

/** LibraryReads answered by the read worker: one thread, requests answered in the order sent. */
export class ReadWorkerClient implements LibraryReads {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private failure: WinnowError | null = null;

  constructor(job: ReadJob) {
    this.worker = startWorker(import.meta.url, 'read-worker', job);
    this.worker.on('message', (m: ReadResponse) => {
      if (m.id === null) return;
      const call = this.pending.get(m.id);
      if (!call) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) this.worker.unref();
      if (m.ok) call.resolve(m.result);
      else call.reject(new WinnowError(m.code, m.message));
    });
    const fail = (message: string) => {
      this.failure = new WinnowError('READ_WORKER_FAILED', message);
      for (const call of this.pending.values()) call.reject(this.failure);
      this.pending.clear();
    };
    this.worker.on('error', (err) => fail(`the read worker crashed: ${err.message}`));
    this.worker.on('exit', (code) => fail(`the read worker exited with code ${code}`));
    // An idle read worker must not keep a process alive; one with a request out must.
    this.worker.unref();
  }

  private call<M extends ReadMethod>(method: M, ...args: Parameters<LibraryReads[M]>): Promise<Awaited<ReturnType<LibraryReads[M]>>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ type: 'read', id, method, args } as ReadRequest);
    });
  }

  page(...args: Parameters<LibraryReads['page']>) {
    return this.call('page', ...args);
  }

  count(...args: Parameters<LibraryReads['count']>) {
    return this.call('count', ...args);
  }

  position(...args: Parameters<LibraryReads['position']>) {
    return this.call('position', ...args);
  }

  histogram(...args: Parameters<LibraryReads['histogram']>) {
    return this.call('histogram', ...args);
  }

  facets() {
    return this.call('facets');
  }

  counts(...args: Parameters<LibraryReads['counts']>) {
    return this.call('counts', ...args);
  }

  rootSummaries() {
    return this.call('rootSummaries');
  }

  detail(...args: Parameters<LibraryReads['detail']>) {
    return this.call('detail', ...args);
  }

  invalidate(what: 'library' | 'decisions'): void {
    if (!this.failure) this.worker.postMessage({ type: 'invalidate', what } satisfies ReadRequest);
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
