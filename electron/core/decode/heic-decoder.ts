import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HeicReply, HeicRequest } from './heic-worker.js';

/** A decoded HEIC primary image: packed 8-bit RGB, the file's irot/imir already applied. */
export interface HeicPixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Workers end after this long without work, giving back libheif's memory. */
const IDLE_MS = 20_000;

/**
 * Builds run the compiled heic-worker.js; source runs (tests, tsx) load the .ts through tsx,
 * registered inside the worker itself.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./heic-worker.js', import.meta.url));
  const url = new URL('./heic-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); })`;
  return new Worker(bootstrap, { eval: true });
}

interface Slot {
  readonly worker: Worker;
  busy: number;
  idleTimer: ReturnType<typeof setTimeout> | null;
}

const pending = new Map<number, { resolve: (p: HeicPixels) => void; reject: (e: Error) => void; slot: Slot }>();
const slots: Slot[] = [];
let nextId = 1;
// Two decoders at most: they share the cores with libvips, onnxruntime and the measures.
const maxWorkers = Math.max(1, Math.min(2, os.availableParallelism()));

function release(slot: Slot): void {
  slot.busy--;
  if (slot.busy > 0) return;
  // An idle decoder never keeps a process alive, and goes away after a while.
  slot.worker.unref();
  slot.idleTimer = setTimeout(() => {
    const i = slots.indexOf(slot);
    if (i >= 0 && slot.busy === 0) {
      slots.splice(i, 1);
      void slot.worker.terminate();
    }
  }, IDLE_MS);
  slot.idleTimer.unref();
}

function failAll(slot: Slot, err: Error): void {
  const i = slots.indexOf(slot);
  if (i >= 0) slots.splice(i, 1);
  for (const [id, p] of pending) {
    if (p.slot !== slot) continue;
    pending.delete(id);
    p.reject(err);
  }
}

function slotForWork(): Slot {
  const free = slots.find((s) => s.busy === 0);
  if (free) return free;
  if (slots.length < maxWorkers) {
    const worker = startWorker();
    const slot: Slot = { worker, busy: 0, idleTimer: null };
    worker.on('message', (r: HeicReply) => {
      const p = pending.get(r.id);
      if (!p) return;
      pending.delete(r.id);
      release(slot);
      if (r.ok) p.resolve({ data: r.data, width: r.width, height: r.height });
      else p.reject(new Error(r.message));
    });
    worker.on('error', (err) => failAll(slot, new Error(`HEIC decoder crashed: ${err.message}`)));
    worker.on('exit', (code) => failAll(slot, new Error(`HEIC decoder stopped (exit code ${code})`)));
    slots.push(slot);
    return slot;
  }
  return slots.reduce((a, b) => (b.busy < a.busy ? b : a));
}

/** Decodes a HEIC file's primary image off this thread. Rejects with libheif's message on bad input. */
export function decodeHeic(bytes: Uint8Array): Promise<HeicPixels> {
  return new Promise((resolve, reject) => {
    const slot = slotForWork();
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    slot.busy++;
    slot.worker.ref();
    const id = nextId++;
    pending.set(id, { resolve, reject, slot });
    // A copy the worker can own: the caller's buffer may be a view into a shared pool.
    const copy = new Uint8Array(bytes);
    slot.worker.postMessage({ id, bytes: copy } satisfies HeicRequest, [copy.buffer]);
  });
}
