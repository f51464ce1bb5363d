import * as ort from 'onnxruntime-node';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defaultInferenceThreads, describeProvider, hostProviderContext, planProviders, providerLabel, shortProviderReason } from './execution-providers.js';
import { WinnowError, errorMessage } from '../errors.js';
import { rgbToTensorData } from './input-tensor.js';
import { loadModelMetadata, type ModelMetadata } from './model-metadata.js';
import { checkImage, compareOutputs, describeDifferences, type ModelOutputs, type OutputTensor } from './output-parity.js';
import { pinnedVulkanDriver } from './vulkan-adapter.js';

/** What the model needs of an onnxruntime session; a real InferenceSession is one. */
export interface ModelSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: ort.InferenceSession.FeedsType): Promise<ort.InferenceSession.ReturnType>;
  release(): Promise<void>;
}

/** Makes the session for one provider; onnxruntime's own unless a test brings one. */
export type SessionFactory = (onnxPath: string, provider: string, options: ort.InferenceSession.SessionOptions) => Promise<ModelSession>;

const createOrtSession: SessionFactory = (onnxPath, _provider, options) => ort.InferenceSession.create(onnxPath, options);

/**
 * How far a provider's answer on the check image may stray from the CPU's, relative to each
 * output's magnitude, before the provider counts as broken: 1% (half a point on a score near 50).
 * Correct float32 kernels differ from the CPU by about 1e-6 of that (summation order); TF32 or
 * half-precision paths by about 1e-3; a broken kernel, a NaN or a zeroed buffer by far more.
 */
export const PROVIDER_CHECK_TOLERANCE = 0.01;

export interface QualityModelOptions {
  /** Threads for one inference; by default half the cores, leaving the rest to decoding and the UI. */
  readonly intraOpThreads?: number;
  /** Never use a GPU provider. */
  readonly forceCpu?: boolean;
  /** Providers to try instead of the platform's plan (CPU always ends the list). */
  readonly providers?: readonly string[];
  /**
   * Told about every provider that was skipped or failed, with the reason: at load, and at most once
   * more if the chosen provider fails on its first photo (the model then goes on on the CPU).
   */
  readonly onProviderFallback?: (provider: string, reason: string, kind: 'skipped' | 'failed') => void;
  /** Session maker, for a test that needs a provider failing in a way no installed one does. */
  readonly createSession?: SessionFactory;
}

/** Where onnxruntime-node keeps its native binding and optional provider libraries. */
function ortBindingDir(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
    const bin = path.join(path.dirname(pkg), 'bin');
    for (const napi of fs.readdirSync(bin)) {
      const dir = path.join(bin, napi, process.platform, process.arch);
      if (fs.existsSync(dir)) return dir;
    }
  } catch {
    // a layout we do not know: optional providers count as not installed
  }
  return null;
}

export interface QualityPrediction {
  /** Pooled score in the metadata's scoreRange. */
  readonly score: number;
  readonly distribution: Float32Array;
  readonly mapWidth: number;
  readonly mapHeight: number;
  /** Per-location score, row-major, scoreRange units. */
  readonly qualityMap: Float32Array;
  /** Per-location pooling weight (how much each region counted), row-major. */
  readonly weightMap: Float32Array;
  /** The provider that computed this prediction, e.g. "WebGPU (SwiftShader)" or "CPU". */
  readonly provider: string;
}

function firstLine(err: unknown): string {
  return shortProviderReason(errorMessage(err));
}

function outputsOf(result: ort.InferenceSession.ReturnType): ModelOutputs {
  const out: Record<string, OutputTensor> = {};
  for (const [name, value] of Object.entries(result)) {
    const t = value as ort.Tensor;
    out[name] = { dims: t.dims.map(Number), data: Float32Array.from(t.data as Float32Array) };
    t.dispose?.();
  }
  return out;
}

/** A loaded quality model: one onnxruntime session and the metadata that explains it. */
export class QualityModel {
  /** True once the session has scored something: a provider's failures after that are per photo. */
  private proven: boolean;
  private switching: Promise<void> | null = null;
  /** Sessions given up mid-scan; released at close, since photos in flight may still use them. */
  private readonly retired: ModelSession[] = [];

  private constructor(
    private session: ModelSession,
    readonly metadata: ModelMetadata,
    readonly onnxPath: string,
    readonly fileHash: string,
    private provider: { name: string; label: string; description: string },
    private readonly cpuFallback: { threads: number; create: SessionFactory; report: NonNullable<QualityModelOptions['onProviderFallback']> },
  ) {
    this.proven = provider.name === 'cpu';
  }

  /** The onnxruntime provider scoring now: "cpu", "webgpu", "cuda"... */
  get executionProvider(): string {
    return this.provider.name;
  }

  /** For people: what scoring runs on, e.g. "CPU, 2 threads" or "WebGPU (SwiftShader)". */
  get executionDescription(): string {
    return this.provider.description;
  }

  static async load(file: string, options: QualityModelOptions = {}): Promise<QualityModel> {
    const { metadata, onnxPath } = loadModelMetadata(file);
    const threads = options.intraOpThreads ?? defaultInferenceThreads();
    const plan = planProviders({
      ...hostProviderContext(ort.listSupportedBackends(), ortBindingDir()),
      forceCpu: options.forceCpu ?? false,
      ...(options.providers ? { requested: options.providers } : {}),
    });
    const report = options.onProviderFallback ?? (() => {});
    for (const s of plan.skipped) report(s.name, s.reason, 'skipped');
    const create = options.createSession ?? createOrtSession;
    const fileHash = createHash('sha256').update(fs.readFileSync(onnxPath)).digest('hex');
    const build = (session: ModelSession, name: string) => {
      const adapter = name === 'webgpu' ? pinnedVulkanDriver() : null;
      const provider = { name, label: providerLabel(name, adapter), description: describeProvider(name, threads, adapter) };
      return new QualityModel(session, metadata, onnxPath, fileHash, provider, { threads, create, report });
    };

    // The CPU session is the reference every other provider must agree with, and the last resort.
    const held: { cpu: ModelSession | null } = { cpu: null };
    let reference: ModelOutputs | null = null;
    const check = checkImage(metadata.input);
    const runCheck = async (session: ModelSession) =>
      outputsOf(await session.run({ [metadata.input.name]: new ort.Tensor('float32', rgbToTensorData(check.rgb, check.width, check.height, metadata.input), [1, 3, check.height, check.width]) }));
    const cpuSession = async () => (held.cpu ??= await openCpuSession(create, onnxPath, metadata, threads));

    for (const name of plan.attempt) {
      if (name === 'cpu') break;
      let session: ModelSession;
      try {
        session = await create(onnxPath, name, sessionOptions(name, threads));
      } catch (err) {
        report(name, `session creation failed: ${firstLine(err)}`, 'failed');
        continue;
      }
      try {
        assertInterface(session, metadata, onnxPath);
      } catch (err) {
        await session.release();
        await held.cpu?.release();
        throw err;
      }
      // Once per scan, never per photo: the check image decides whether this provider scores at all.
      let why: string | null = null;
      try {
        const got = await runCheck(session);
        reference ??= await runCheck(await cpuSession());
        const diffs = compareOutputs(reference, got, PROVIDER_CHECK_TOLERANCE);
        if (diffs.some((d) => !d.ok)) why = `answers differ from the CPU on the check image: ${describeDifferences(diffs)}`;
      } catch (err) {
        if (err instanceof WinnowError) throw err;
        why = `first run failed: ${firstLine(err)}`;
      }
      if (why === null) {
        await held.cpu?.release();
        return build(session, name);
      }
      report(name, why, 'failed');
      await session.release();
    }
    return build(await cpuSession(), 'cpu');
  }

  get identity(): { name: string; version: string; fileHash: string } {
    return { name: this.metadata.name, version: this.metadata.version, fileHash: this.fileHash };
  }

  /** Scores an RGB image that is already at the model's input size. */
  async predict(rgb: Uint8Array, width: number, height: number): Promise<QualityPrediction> {
    const { input, outputs } = this.metadata;
    if (Math.min(width, height) < input.size.minSide) {
      throw new WinnowError('TOO_SMALL', `image is ${width}x${height} px, too small to judge (the model needs at least ${input.size.minSide} px a side)`);
    }
    const data = rgbToTensorData(rgb, width, height, input);
    const tensor = new ort.Tensor('float32', data, [1, 3, height, width]);
    const { result, provider } = await this.run({ [input.name]: tensor });
    const get = (name: string) => result[name] as ort.Tensor;
    const qualityMap = get(outputs.qualityMap);
    const dims = qualityMap.dims;
    const prediction: QualityPrediction = {
      score: (get(outputs.score).data as Float32Array)[0]!,
      distribution: Float32Array.from(get(outputs.distribution).data as Float32Array),
      mapHeight: Number(dims[dims.length - 2]),
      mapWidth: Number(dims[dims.length - 1]),
      qualityMap: Float32Array.from(qualityMap.data as Float32Array),
      weightMap: Float32Array.from(get(outputs.weightMap).data as Float32Array),
      provider,
    };
    for (const t of Object.values(result)) (t as ort.Tensor).dispose?.();
    tensor.dispose?.();
    return prediction;
  }

  /**
   * Every output the model declares, raw, for an RGB image already at the model's input size: what
   * parity checks compare, whatever outputs a future model adds.
   */
  async outputs(rgb: Uint8Array, width: number, height: number): Promise<ModelOutputs> {
    const { input } = this.metadata;
    const tensor = new ort.Tensor('float32', rgbToTensorData(rgb, width, height, input), [1, 3, height, width]);
    const { result } = await this.run({ [input.name]: tensor });
    tensor.dispose?.();
    return outputsOf(result);
  }

  /**
   * Runs the session. A provider that passed the check image but fails on its first photo is
   * given up once for the CPU (reported like a failure at load), and that photo is scored there;
   * after a first success, failures are the photo's own.
   */
  private async run(feeds: ort.InferenceSession.FeedsType): Promise<{ result: ort.InferenceSession.ReturnType; provider: string }> {
    const { session, provider } = this;
    try {
      const result = await session.run(feeds);
      if (session === this.session) this.proven = true;
      return { result, provider: provider.label };
    } catch (err) {
      if (this.proven && session === this.session) throw new WinnowError('SCORE_FAILED', `model failed on this image: ${errorMessage(err)}`);
      this.switching ??= this.switchToCpu(`first run on a photo failed: ${firstLine(err)}`);
      await this.switching;
      try {
        return { result: await this.session.run(feeds), provider: this.provider.label };
      } catch (cpuErr) {
        throw new WinnowError('SCORE_FAILED', `model failed on this image: ${errorMessage(cpuErr)}`);
      }
    }
  }

  private async switchToCpu(reason: string): Promise<void> {
    const { threads, create, report } = this.cpuFallback;
    const cpu = await openCpuSession(create, this.onnxPath, this.metadata, threads);
    report(this.provider.name, reason, 'failed');
    this.retired.push(this.session);
    this.session = cpu;
    this.provider = { name: 'cpu', label: providerLabel('cpu'), description: describeProvider('cpu', threads) };
    this.proven = true;
  }

  async close(): Promise<void> {
    await this.switching?.catch(() => {});
    for (const s of this.retired) await s.release();
    await this.session.release();
  }
}

function sessionOptions(name: string, threads: number): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [name],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    // A provider that fails to register is expected on most machines; the reason is reported
    // through onProviderFallback rather than onnxruntime's own error log.
    logSeverityLevel: name === 'cpu' ? 2 : 4,
  };
}

async function openCpuSession(create: SessionFactory, onnxPath: string, metadata: ModelMetadata, threads: number): Promise<ModelSession> {
  let session: ModelSession;
  try {
    session = await create(onnxPath, 'cpu', sessionOptions('cpu', threads));
  } catch (err) {
    throw new WinnowError('MODEL_LOAD_FAILED', `cannot load model ${onnxPath}: ${errorMessage(err)}`);
  }
  try {
    assertInterface(session, metadata, onnxPath);
  } catch (err) {
    await session.release();
    throw err;
  }
  return session;
}

function assertInterface(session: ModelSession, metadata: ModelMetadata, onnxPath: string): void {
  const missing = [metadata.input.name].filter((n) => !session.inputNames.includes(n));
  const outputs = Object.values(metadata.outputs).filter((n) => !session.outputNames.includes(n));
  if (missing.length > 0 || outputs.length > 0) {
    throw new WinnowError(
      'MODEL_INVALID',
      `model ${onnxPath} does not have the inputs/outputs its metadata names (missing: ${[...missing, ...outputs].join(', ')})`,
    );
  }
}
