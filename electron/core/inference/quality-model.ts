import * as ort from 'onnxruntime-node';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defaultInferenceThreads, describeProvider, hostProviderContext, planProviders } from './execution-providers.js';
import { WinnowError, errorMessage } from '../errors.js';
import { rgbToTensorData } from './input-tensor.js';
import { loadModelMetadata, type ModelMetadata } from './model-metadata.js';

export interface QualityModelOptions {
  /** Threads for one inference; by default half the cores, leaving the rest to decoding and the UI. */
  readonly intraOpThreads?: number;
  /** Never use a GPU provider. */
  readonly forceCpu?: boolean;
  /** Providers to try instead of the platform's plan (CPU always ends the list). */
  readonly providers?: readonly string[];
  /** Told about every provider that was skipped or failed, with the reason. */
  readonly onProviderFallback?: (provider: string, reason: string, kind: 'skipped' | 'failed') => void;
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
}

/** A loaded quality model: one onnxruntime session and the metadata that explains it. */
export class QualityModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly metadata: ModelMetadata,
    readonly onnxPath: string,
    readonly fileHash: string,
    readonly executionProvider: string,
    /** For people: what scoring runs on, e.g. "CPU, 2 threads". */
    readonly executionDescription: string,
  ) {}

  static async load(file: string, options: QualityModelOptions = {}): Promise<QualityModel> {
    const { metadata, onnxPath } = loadModelMetadata(file);
    const threads = options.intraOpThreads ?? defaultInferenceThreads();
    const plan = planProviders({
      ...hostProviderContext(ort.listSupportedBackends(), ortBindingDir()),
      forceCpu: options.forceCpu ?? false,
      ...(options.providers ? { requested: options.providers } : {}),
    });
    const fallback = options.onProviderFallback ?? (() => {});
    for (const s of plan.skipped) fallback(s.name, s.reason, 'skipped');

    let session: ort.InferenceSession | null = null;
    let provider = 'cpu';
    for (const name of plan.attempt) {
      try {
        session = await ort.InferenceSession.create(onnxPath, {
          executionProviders: [name],
          intraOpNumThreads: threads,
          interOpNumThreads: 1,
          graphOptimizationLevel: 'all',
          // A provider that fails to register is expected on most machines; the reason is
          // reported through onProviderFallback rather than onnxruntime's own error log.
          logSeverityLevel: name === 'cpu' ? 2 : 4,
        });
        provider = name;
        break;
      } catch (err) {
        if (name === 'cpu') throw new WinnowError('MODEL_LOAD_FAILED', `cannot load model ${onnxPath}: ${errorMessage(err)}`);
        fallback(name, errorMessage(err).split('\n')[0]!.slice(0, 300), 'failed');
      }
    }
    if (!session) throw new WinnowError('MODEL_LOAD_FAILED', `cannot load model ${onnxPath}: no execution provider worked`);
    const missing = [metadata.input.name].filter((n) => !session.inputNames.includes(n));
    const outputs = Object.values(metadata.outputs).filter((n) => !session.outputNames.includes(n));
    if (missing.length > 0 || outputs.length > 0) {
      await session.release();
      throw new WinnowError(
        'MODEL_INVALID',
        `model ${onnxPath} does not have the inputs/outputs its metadata names (missing: ${[...missing, ...outputs].join(', ')})`,
      );
    }
    const fileHash = createHash('sha256').update(fs.readFileSync(onnxPath)).digest('hex');
    return new QualityModel(session, metadata, onnxPath, fileHash, provider, describeProvider(provider, threads));
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
    let result: ort.InferenceSession.OnnxValueMapType;
    try {
      result = await this.session.run({ [input.name]: tensor });
    } catch (err) {
      throw new WinnowError('SCORE_FAILED', `model failed on this image: ${errorMessage(err)}`);
    }
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
    };
    for (const t of Object.values(result)) (t as ort.Tensor).dispose?.();
    tensor.dispose?.();
    return prediction;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
