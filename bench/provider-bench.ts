/**
 * Execution providers on real photos: for each provider that starts here, photos/s at the model's
 * working size and parity with the CPU on every output the model declares. Meant for machines
 * with a GPU (CUDA when onnxruntime's CUDA provider library is installed, WebGPU on a hardware
 * adapter); on a machine without one it measures whatever adapter the environment pins (SwiftShader
 * in CI: see README, "Execution providers").
 *
 *   node --import tsx bench/provider-bench.ts [--providers cuda,webgpu] [--photos N] [--folder DIR] [--model FILE]
 *
 * Prints progress on stderr and one JSON line on stdout.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { parseProviderList } from '../electron/core/inference/execution-providers.js';
import { modelInputSize } from '../electron/core/inference/input-tensor.js';
import { compareOutputs, type ModelOutputs } from '../electron/core/inference/output-parity.js';
import { PROVIDER_CHECK_TOLERANCE, QualityModel } from '../electron/core/inference/quality-model.js';
import { REPO_ROOT } from './bench-paths.js';

const { values } = parseArgs({
  options: {
    providers: { type: 'string' },
    photos: { type: 'string', default: '50' },
    folder: { type: 'string', default: path.resolve(REPO_ROOT, '../shared/data/clive/images') },
    model: { type: 'string', default: path.join(REPO_ROOT, 'models/winnow-wsp.json') },
  },
});
const log = (line: string) => process.stderr.write(`[providers] ${line}\n`);
/** What the CI parity test holds WebGPU on SwiftShader to, relative to each output's magnitude. */
const STRICT_TOLERANCE = 1e-4;

const offered = ort.listSupportedBackends().map((b) => b.name).filter((n) => n !== 'cpu');
const providers = values.providers ? parseProviderList(values.providers).filter((n) => n !== 'cpu') : offered;

interface Input {
  readonly name: string;
  readonly rgb: Uint8Array;
  readonly width: number;
  readonly height: number;
}

async function loadInputs(model: QualityModel): Promise<Input[]> {
  const names = fs.readdirSync(values.folder).filter((n) => /\.(jpe?g|png|webp)$/i.test(n)).sort().slice(0, Number(values.photos));
  const inputs: Input[] = [];
  for (const name of names) {
    const image = sharp(path.join(values.folder, name)).rotate();
    const meta = await image.metadata();
    const size = modelInputSize(meta.autoOrient?.width ?? meta.width ?? 1, meta.autoOrient?.height ?? meta.height ?? 1, model.metadata.input);
    const { data, info } = await image.resize(size.width, size.height, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    inputs.push({ name, rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height });
  }
  return inputs;
}

async function measure(model: QualityModel, inputs: readonly Input[]) {
  const t0 = performance.now();
  await model.predict(inputs[0]!.rgb, inputs[0]!.width, inputs[0]!.height);
  const firstRunMs = performance.now() - t0;
  const t1 = performance.now();
  for (const input of inputs) await model.predict(input.rgb, input.width, input.height);
  const seconds = (performance.now() - t1) / 1000;
  return { firstRunMs: Math.round(firstRunMs), photosPerSecond: Number((inputs.length / seconds).toFixed(2)), msPerPhoto: Number(((seconds * 1000) / inputs.length).toFixed(1)) };
}

const cpu = await QualityModel.load(values.model, { forceCpu: true });
const inputs = await loadInputs(cpu);
if (inputs.length === 0) throw new Error(`no photos in ${values.folder}`);
log(`${inputs.length} photos from ${values.folder}, model ${cpu.metadata.name} ${cpu.metadata.version}; providers offered: ${offered.join(', ')}`);
const reference: ModelOutputs[] = [];
for (const input of inputs) reference.push(await cpu.outputs(input.rgb, input.width, input.height));
const results: Record<string, unknown> = { cpu: { execution: cpu.executionDescription, ...(await measure(cpu, inputs)) } };
log(`cpu: ${JSON.stringify(results.cpu)}`);
await cpu.close();

for (const name of providers) {
  const fallbacks: string[] = [];
  const t0 = performance.now();
  const model = await QualityModel.load(values.model, { providers: [name], onProviderFallback: (p, reason) => fallbacks.push(`${p}: ${reason}`) });
  const loadMs = Math.round(performance.now() - t0);
  try {
    if (model.executionProvider !== name) {
      results[name] = { started: false, reasons: fallbacks };
      log(`${name}: did not start (${fallbacks.join('; ')})`);
      continue;
    }
    const speed = await measure(model, inputs);
    const worst: Record<string, { maxAbsDiff: number; relative: number }> = {};
    for (const [i, input] of inputs.entries()) {
      for (const d of compareOutputs(reference[i]!, await model.outputs(input.rgb, input.width, input.height), STRICT_TOLERANCE)) {
        const relative = d.maxAbsDiff / (d.scale || 1);
        if (!worst[d.output] || relative > worst[d.output]!.relative) worst[d.output] = { maxAbsDiff: d.maxAbsDiff, relative };
      }
    }
    const maxRelative = Math.max(...Object.values(worst).map((w) => w.relative));
    results[name] = {
      started: true,
      execution: model.executionDescription,
      loadMsWithCheck: loadMs,
      ...speed,
      parity: { perOutput: worst, maxRelative, withinCheckTolerance: maxRelative <= PROVIDER_CHECK_TOLERANCE, withinStrictTolerance: maxRelative <= STRICT_TOLERANCE },
    };
    log(`${name}: ${JSON.stringify(results[name])}`);
  } finally {
    await model.close();
  }
}
process.stdout.write(JSON.stringify({ model: values.model, photos: inputs.length, providers: results }) + '\n');
