import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QualityModel } from '../../electron/core/inference/quality-model.js';

/**
 * PyTorch and onnxruntime must agree: each parity file holds images (as 8-bit RGB) and the scores
 * and maps PyTorch computed for them. The committed fixtures are checked always; the CI smoke run
 * of the training pipeline adds freshly exported models through WINNOW_PARITY_DIRS.
 */
const TOLERANCE = 1e-3;

interface ParityCase {
  name: string;
  height: number;
  width: number;
  rgb: string;
  score: number;
  distribution: number[];
  quality_map: { shape: [number, number]; data: string };
  weight_map: { shape: [number, number]; data: string };
}

function parityFiles(): string[] {
  const root = path.resolve(import.meta.dirname, '../..');
  const dirs = [path.join(root, 'models'), path.join(root, 'test/fixtures/model')];
  for (const extra of (process.env.WINNOW_PARITY_DIRS ?? '').split(path.delimiter).filter(Boolean)) dirs.push(path.resolve(extra));
  return dirs.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith('.parity.json')).map((f) => path.join(d, f)) : []));
}

function floats(b64: string): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const files = parityFiles();

describe('ONNX / PyTorch parity', () => {
  it('has at least the committed fixture to check', () => {
    expect(files.some((f) => f.endsWith('tiny-wsp.parity.json'))).toBe(true);
  });

  for (const file of files) {
    it(`reproduces PyTorch within ${TOLERANCE} for ${path.relative(process.cwd(), file)}`, async () => {
      const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as { metadata: string; cases: ParityCase[] };
      const model = await QualityModel.load(path.resolve(path.dirname(file), spec.metadata));
      try {
        expect(spec.cases.length).toBeGreaterThanOrEqual(3);
        for (const c of spec.cases) {
          const rgb = Buffer.from(c.rgb, 'base64');
          const out = await model.predict(rgb, c.width, c.height);
          expect(Math.abs(out.score - c.score), `${c.name} score`).toBeLessThan(TOLERANCE);
          expect(maxAbsDiff(out.distribution, c.distribution), `${c.name} distribution`).toBeLessThan(TOLERANCE);
          expect([out.mapHeight, out.mapWidth]).toEqual(c.quality_map.shape);
          expect(maxAbsDiff(out.qualityMap, floats(c.quality_map.data)), `${c.name} quality map`).toBeLessThan(TOLERANCE);
          expect(maxAbsDiff(out.weightMap, floats(c.weight_map.data)), `${c.name} weight map`).toBeLessThan(TOLERANCE);
        }
      } finally {
        await model.close();
      }
    });
  }
});
