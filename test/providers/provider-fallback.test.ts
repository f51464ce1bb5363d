import * as ort from 'onnxruntime-node';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QualityModel, type SessionFactory } from '../../electron/core/inference/quality-model.js';
import { loadModelMetadata } from '../../electron/core/inference/model-metadata.js';
import { scanLibrary } from '../../electron/core/pipeline/scan-library.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { FIXTURE_MODEL, REPO_ROOT, realPhotoFolder, tempDir } from '../helpers/paths.js';

/**
 * No installed provider fails only when it first runs, so these sessions are real onnxruntime CPU
 * sessions standing in for a GPU provider, with one change each: the first runs throw, or the
 * weights are another model's (same inputs and outputs, other answers).
 */
function standIn(options: { failingRuns: number; onnxPath?: string }): { factory: SessionFactory; created: string[] } {
  const created: string[] = [];
  const factory: SessionFactory = async (onnxPath, provider, sessionOptions) => {
    created.push(provider);
    if (provider === 'cpu') return ort.InferenceSession.create(onnxPath, sessionOptions);
    const session = await ort.InferenceSession.create(options.onnxPath ?? onnxPath, { ...sessionOptions, executionProviders: ['cpu'] });
    let runs = 0;
    return {
      inputNames: session.inputNames,
      outputNames: session.outputNames,
      release: () => session.release(),
      run: (feeds) => (++runs <= options.failingRuns ? Promise.reject(new Error(`device lost on run ${runs}`)) : session.run(feeds)),
    };
  };
  return { factory, created };
}

describe('a provider that fails on its first run', () => {
  it('is given up at load, once, with the reason, and the CPU scores', async () => {
    const { factory, created } = standIn({ failingRuns: Infinity });
    const reasons: string[] = [];
    const model = await QualityModel.load(FIXTURE_MODEL, { providers: ['webgpu'], intraOpThreads: 1, createSession: factory, onProviderFallback: (n, r, k) => reasons.push(`${k} ${n}: ${r}`) });
    try {
      expect(model.executionProvider).toBe('cpu');
      expect(reasons).toEqual(['failed webgpu: first run failed: device lost on run 1']);
      expect(created).toEqual(['webgpu', 'cpu']);
    } finally {
      await model.close();
    }
  });

  it('passing the check but failing on the first photo costs one fallback per scan, not a photo', async () => {
    // Run 1 is the check image; runs 2 to 4 are the three photos in flight at once.
    const { factory, created } = standIn({ failingRuns: 0 });
    let runs = 0;
    const failingFirstPhoto: SessionFactory = async (p, provider, o) => {
      const s = await factory(p, provider, o);
      if (provider === 'cpu') return s;
      return { ...s, inputNames: s.inputNames, outputNames: s.outputNames, release: () => s.release(), run: (feeds) => (++runs >= 2 ? Promise.reject(new Error('out of device memory')) : s.run(feeds)) };
    };
    const reasons: string[] = [];
    const model = await QualityModel.load(FIXTURE_MODEL, { providers: ['webgpu'], intraOpThreads: 1, createSession: failingFirstPhoto, onProviderFallback: (n, r, k) => reasons.push(`${k} ${n}: ${r}`) });
    const dir = tempDir('winnow-fallback-');
    const store = LibraryStore.open(path.join(dir, 'library.db'));
    try {
      expect(model.executionProvider).toBe('webgpu');
      const report = await scanLibrary(store, model, realPhotoFolder(6), { thumbnailsDir: path.join(dir, 'thumbs'), providerNotes: () => reasons });
      expect(report.scored).toBe(6);
      expect(report.failed).toBe(0);
      expect(reasons).toEqual(['failed webgpu: first run on a photo failed: out of device memory']);
      expect(created).toEqual(['webgpu', 'cpu', 'cpu']);
      expect(model.executionDescription).toBe('CPU, 1 thread');
      const modelId = store.modelId('tiny-wsp', '1.0.0')!;
      expect(store.scoresByProvider(modelId)).toEqual([{ provider: 'CPU', photos: 6 }]);
      expect(store.scanExecution(report.root.id)).toEqual({ execution: 'CPU, 1 thread', notes: reasons });
    } finally {
      store.close();
      await model.close();
    }
  });

  it('after a first success, a failure is the photo’s own: no fallback', async () => {
    const { factory } = standIn({ failingRuns: 0 });
    let runs = 0;
    const flaky: SessionFactory = async (p, provider, o) => {
      const s = await factory(p, provider, o);
      if (provider === 'cpu') return s;
      return { inputNames: s.inputNames, outputNames: s.outputNames, release: () => s.release(), run: (feeds) => (++runs === 3 ? Promise.reject(new Error('shader hiccup')) : s.run(feeds)) };
    };
    const reasons: string[] = [];
    const model = await QualityModel.load(FIXTURE_MODEL, { providers: ['webgpu'], intraOpThreads: 1, createSession: flaky, onProviderFallback: (n, r) => reasons.push(`${n}: ${r}`) });
    try {
      const rgb = new Uint8Array(64 * 48 * 3).fill(128);
      expect((await model.predict(rgb, 64, 48)).provider).toBe('WebGPU');
      await expect(model.predict(rgb, 64, 48)).rejects.toMatchObject({ code: 'SCORE_FAILED' });
      expect((await model.predict(rgb, 64, 48)).provider).toBe('WebGPU');
      expect(reasons).toEqual([]);
    } finally {
      await model.close();
    }
  });
});

describe('a provider that answers differently from the CPU', () => {
  it('is treated as failed on the check image', async () => {
    // The shipped model has the fixture's inputs and outputs but other weights: a provider whose
    // kernels compute something else looks exactly like this.
    const other = loadModelMetadata(path.join(REPO_ROOT, 'models/winnow-wsp.json')).onnxPath;
    const { factory } = standIn({ failingRuns: 0, onnxPath: other });
    const reasons: string[] = [];
    const model = await QualityModel.load(FIXTURE_MODEL, { providers: ['webgpu'], intraOpThreads: 1, createSession: factory, onProviderFallback: (n, r) => reasons.push(`${n}: ${r}`) });
    try {
      expect(model.executionProvider).toBe('cpu');
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatch(/^webgpu: answers differ from the CPU on the check image: .*score differs by [\d.e+-]+ \(allowed [\d.e+-]+\)/);
    } finally {
      await model.close();
    }
  });
});
