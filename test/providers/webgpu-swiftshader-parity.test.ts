import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QualityModel } from '../../electron/core/inference/quality-model.js';
import { compareOutputs, type OutputDifference } from '../../electron/core/inference/output-parity.js';
import { scanLibrary } from '../../electron/core/pipeline/scan-library.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { REPO_ROOT, realPhotos, tempDir } from '../helpers/paths.js';
import { SWIFTSHADER_ICD, vulkanEnv } from '../helpers/vulkan.js';

// Before any WebGPU session in this process: Dawn's Vulkan loader reads these once.
Object.assign(process.env, vulkanEnv(SWIFTSHADER_ICD));

/** The model users get; the comparison reads its declared outputs, so a new model needs no change here. */
const SHIPPED_MODEL = path.join(REPO_ROOT, 'models/winnow-wsp.json');

/**
 * How close WebGPU on SwiftShader must come to the CPU provider. Both compute in float32; they
 * differ only in summation order and fused multiply-adds, which leaves about 1e-7 of an output's
 * magnitude per layer. Measured here: at most about 2e-6 of each output's magnitude (about 1e-5 of
 * a point on a 0-100 score). 1e-4 of the magnitude leaves room for other SwiftShader builds while
 * still failing on anything real: a kernel reading one wrong element moves an output by percents,
 * and a half-precision path by about 1e-3.
 */
const RAW_TOLERANCE = 1e-4;
/** The score as stored (REAL, score units): the issue's bar, 1e-4 of a point. */
const SCORE_TOLERANCE = 1e-4;

// The software adapter compiles kernels on the CPU: about 20 s of CPU time for this file on 2 cores,
// more wall time when the machine is shared, hence the generous limits.
describe('WebGPU on SwiftShader scores like the CPU', { timeout: 180_000 }, () => {
  const dir = tempDir('winnow-webgpu-parity-');
  const lib = path.join(dir, 'photos');
  let cpu: QualityModel;
  let gpu: QualityModel;
  let model = SHIPPED_MODEL;
  const fallbacks: string[] = [];

  beforeAll(async () => {
    // A handful of real photos, small and of the check image's shape: SwiftShader compiles its
    // kernels per shape (seconds each on 2 cores), then runs one of these in under a second.
    fs.mkdirSync(lib);
    // The shipped model judges nothing under 256 px (a thumbnail's score means nothing to a
    // person), but parity needs only the network's numbers: the same model, ONNX file and
    // sha256, with that floor lowered to these 128 px photos.
    const meta = JSON.parse(fs.readFileSync(SHIPPED_MODEL, 'utf8')) as { onnx: string };
    model = path.join(dir, 'shipped-any-size.json');
    fs.writeFileSync(model, JSON.stringify({ ...meta, onnx: path.resolve(path.dirname(SHIPPED_MODEL), meta.onnx), minJudgedLongSide: 32 }));
    for (const p of realPhotos(3)) await sharp(p).resize({ width: 128, height: 96, fit: 'cover' }).jpeg({ quality: 92 }).toFile(path.join(lib, path.basename(p)));
    cpu = await QualityModel.load(model, { forceCpu: true, intraOpThreads: 1 });
    gpu = await QualityModel.load(model, { providers: ['webgpu'], intraOpThreads: 1, onProviderFallback: (n, r, k) => fallbacks.push(`${k} ${n}: ${r}`) });
  }, 180_000);

  afterAll(async () => {
    await cpu?.close();
    await gpu?.close();
  });

  it('starts on the software adapter, named, without falling back', () => {
    expect(fallbacks).toEqual([]);
    expect(gpu.executionProvider).toBe('webgpu');
    expect(gpu.executionDescription).toBe('WebGPU (SwiftShader)');
  });

  it('gives every output the model declares, on every photo, within tolerance', async () => {
    const worst = new Map<string, OutputDifference>();
    for (const name of fs.readdirSync(lib).sort()) {
      const { data, info } = await sharp(path.join(lib, name)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const rgb = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      const reference = await cpu.outputs(rgb, info.width, info.height);
      const diffs = compareOutputs(reference, await gpu.outputs(rgb, info.width, info.height), RAW_TOLERANCE);
      expect(diffs.map((d) => d.output).sort()).toEqual(Object.keys(reference).sort());
      for (const d of diffs) {
        expect(d.ok, `${name} ${d.output}: ${d.problem ?? `${d.maxAbsDiff} > ${d.allowed}`}`).toBe(true);
        if (d.maxAbsDiff / (d.scale || 1) > (worst.get(d.output)?.maxAbsDiff ?? 0) / (worst.get(d.output)?.scale || 1)) worst.set(d.output, d);
      }
    }
    for (const d of worst.values()) console.log(`[parity] ${d.output}: max |webgpu - cpu| ${d.maxAbsDiff.toExponential(2)} (${(d.maxAbsDiff / (d.scale || 1)).toExponential(2)} of its magnitude ${d.scale.toPrecision(3)})`);
  });

  it('stores the same scan results as the CPU, and which provider computed them', async () => {
    const stored: Record<string, unknown>[][] = [];
    for (const [label, model] of [['cpu', cpu], ['webgpu', gpu]] as const) {
      const dbPath = path.join(dir, `${label}.db`);
      const store = LibraryStore.open(dbPath);
      try {
        const report = await scanLibrary(store, model, lib, { thumbnailsDir: path.join(dir, `${label}-thumbs`) });
        expect(report.scored).toBe(3);
        expect(store.scanExecution(report.root.id)?.execution).toBe(label === 'cpu' ? 'CPU, 1 thread' : 'WebGPU (SwiftShader)');
      } finally {
        store.close();
      }
      const db = new Database(dbPath, { readonly: true });
      stored.push(db.prepare('SELECT p.rel_path, s.* FROM scores s JOIN photos p ON p.id = s.photo_id ORDER BY p.rel_path').all() as Record<string, unknown>[]);
      db.close();
    }
    const [onCpu, onGpu] = stored as [Record<string, unknown>[], Record<string, unknown>[]];
    expect(onGpu.map((r) => r.rel_path)).toEqual(onCpu.map((r) => r.rel_path));
    expect(onCpu.every((r) => r.provider === 'CPU')).toBe(true);
    expect(onGpu.every((r) => r.provider === 'WebGPU (SwiftShader)')).toBe(true);

    // Every column is compared by what it holds; a column this test does not know fails it, so a
    // new stored output cannot slip through unchecked.
    const float32 = (b: unknown) => new Float32Array(Uint8Array.from(b as Buffer).buffer);
    const same = new Set(['rel_path', 'photo_id', 'model_id', 'fingerprint', 'map_width', 'map_height', 'sharpness', 'exposure_mean', 'clipped_highlights', 'clipped_shadows', 'noise']);
    let mapSteps = 0;
    let mapCells = 0;
    let scoreDiff = 0;
    let distributionDiff = 0;
    for (const [i, a] of onCpu.entries()) {
      const b = onGpu[i]!;
      for (const column of Object.keys(a)) {
        if (column === 'scored_at' || column === 'provider') continue;
        if (same.has(column)) expect(b[column], column).toEqual(a[column]);
        else if (column === 'quality') scoreDiff = Math.max(scoreDiff, Math.abs((b.quality as number) - (a.quality as number)));
        else if (column === 'focus') {
          // The focus figure is a score too (of crops at 100 %), null where the photo needs no pass.
          expect(b.focus === null, column).toBe(a.focus === null);
          if (a.focus !== null) scoreDiff = Math.max(scoreDiff, Math.abs((b.focus as number) - (a.focus as number)));
        }
        else if (column === 'distribution') {
          const [x, y] = [float32(a.distribution), float32(b.distribution)];
          expect(y.length).toBe(x.length);
          x.forEach((v, k) => (distributionDiff = Math.max(distributionDiff, Math.abs(v - y[k]!))));
        } else if (column === 'quality_map' || column === 'weight_map') {
          // Stored as one byte per cell (1/255 of the range): a float difference of 1e-6 can still
          // tip a cell that lies on a rounding boundary by one step, never by two.
          const [x, y] = [a[column] as Buffer, b[column] as Buffer];
          expect(y.length).toBe(x.length);
          for (let k = 0; k < x.length; k++) {
            const step = Math.abs(x[k]! - y[k]!);
            expect(step, `${a.rel_path} ${column}[${k}]`).toBeLessThanOrEqual(1);
            mapSteps += step;
          }
          mapCells += x.length;
        } else throw new Error(`scores.${column} is stored but this parity test does not compare it`);
      }
    }
    expect(scoreDiff).toBeLessThanOrEqual(SCORE_TOLERANCE);
    expect(distributionDiff).toBeLessThanOrEqual(RAW_TOLERANCE);
    console.log(`[parity] stored: score max diff ${scoreDiff.toExponential(2)}, distribution ${distributionDiff.toExponential(2)}, map cells one step apart ${mapSteps} of ${mapCells}`);
  });
});
