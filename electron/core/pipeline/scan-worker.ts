import { WinnowError, errorMessage } from '../errors.js';
import { userFacingError } from '../user-facing-error.js';
import { QualityModel } from '../inference/quality-model.js';
import { LibraryStore } from '../store/library-store.js';
import type { ControlMessage, ScanJob, ScanWorkerPlace, ToScanWorker, WorkerMessage } from './scan-messages.js';
import type { ScanProgress } from '../../shared/scan-progress.js';
import { scanLibrary } from './scan-library.js';
import { closeRawReader } from '../decode/raw-preview.js';
import { enterBackgroundPriority } from '../cpu-priority.js';
import { connectToParent } from './parent-link.js';

/**
 * Runs one scan away from the controlling thread, in a worker thread or a process of its own
 * (scan-runner.ts): decoding, measures, inference and SQLite writes all happen here, so the
 * thread that owns the UI only ever handles small progress messages.
 */
const parent = connectToParent<ToScanWorker, WorkerMessage>();
const post = (m: WorkerMessage) => parent.post(m);

const abort = new AbortController();
let resumeWaiters: (() => void)[] = [];
let paused = false;

const control = (m: ControlMessage) => {
  if (m.type === 'pause') paused = true;
  else if (m.type === 'resume' || m.type === 'cancel') {
    if (m.type === 'cancel') abort.abort();
    paused = false;
    const waiters = resumeWaiters;
    resumeWaiters = [];
    for (const w of waiters) w();
  }
};

let job: ScanJob | null = null;
parent.onMessage((m) => {
  if (m.type !== 'start') return control(m);
  if (job) return;
  job = m.job;
  void run(job);
});
// The controller's process ended without a word (killed, crashed): stop after the photos in flight
// and write their batch, as a cancel would, rather than scan on for no one.
parent.onGone(() => control({ type: 'cancel' }));
// A scan process shares the terminal's process group with the CLI that started it, so Ctrl+C
// reaches it too; the controller decides what that means (stop after the photos in flight).
if (parent.ownProcess) process.on('SIGINT', () => {});

/** The latest progress, and whether the throttle below has held it back. */
let latest: ScanProgress | null = null;
let unsent = false;
const postProgress = (progress: ScanProgress) => {
  latest = progress;
  unsent = false;
  post({ type: 'progress', progress });
};

const gate = (idle: boolean): Promise<void> => {
  if (!paused) return Promise.resolve();
  // Each photo in flight stops here as it finishes. The throttle may have held back its count, so
  // it goes out now, and the last photo to stop says the scan is held: a paused scan never shows
  // a stale count.
  if (idle) {
    unsent = false;
    post({ type: 'held', progress: latest });
  } else if (unsent && latest) postProgress(latest);
  return new Promise<void>((resolve) => resumeWaiters.push(resolve));
};

async function run(job: ScanJob): Promise<void> {
  // Before the model loads, so that onnxruntime's threads, like every later one, inherit it. Only a
  // process of its own: in a worker thread this would lower the host along with it.
  const runsIn: ScanWorkerPlace = { pid: process.pid, priority: job.background && parent.ownProcess ? enterBackgroundPriority() : 'as started' };
  const fallbacks: string[] = [];
  const skipped: string[] = [];
  let started = false;
  let store: LibraryStore | null = null;
  let model: QualityModel | null = null;
  try {
    store = LibraryStore.open(job.dbPath, job.nativeBinding ? { nativeBinding: job.nativeBinding } : {});
    model = await QualityModel.load(job.modelPath, {
      ...(job.intraOpThreads ? { intraOpThreads: job.intraOpThreads } : {}),
      forceCpu: job.forceCpu ?? false,
      ...(job.providers ? { providers: job.providers } : {}),
      onProviderFallback: (provider, reason, kind) => {
        (kind === 'failed' ? fallbacks : skipped).push(`${provider}: ${reason}`);
        // A provider given up on its first photo: say so now, not at the end of the scan.
        if (started && model) post({ type: 'started', execution: model.executionDescription, fallbacks, skipped, runsIn });
      },
    });
    started = true;
    post({ type: 'started', execution: model.executionDescription, fallbacks, skipped, runsIn });
    // Progress is throttled to a few messages a second: the UI needs a steady pulse, not a flood.
    let lastPost = 0;
    const report = await scanLibrary(store, model, job.rootPath, {
      thumbnailsDir: job.thumbnailsDir,
      signal: abort.signal,
      gate,
      providerNotes: () => [...fallbacks, ...skipped],
      ...(job.concurrency ? { concurrency: job.concurrency } : {}),
      ...(job.batchSize ? { batchSize: job.batchSize } : {}),
      onProgress: (progress) => {
        const now = Date.now();
        if (progress.phase !== 'scoring' || progress.done === progress.total || now - lastPost >= 200) {
          lastPost = now;
          postProgress(progress);
        } else {
          latest = progress;
          unsent = true;
        }
      },
    });
    post({ type: 'done', report });
  } catch (thrown) {
    const err = userFacingError(thrown);
    post({ type: 'failed', code: err instanceof WinnowError ? err.code : 'INTERNAL', message: errorMessage(err) });
  } finally {
    await model?.close();
    store?.close();
    // The ExifTool process (RAW previews) would outlive this thread otherwise.
    await closeRawReader();
    // Nothing is left to control: the worker ends by itself once its last messages are out (the
    // controller no longer terminates it, which cut the release of native libraries short).
    parent.release();
  }
}
