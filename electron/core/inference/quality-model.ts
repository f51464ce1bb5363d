import * as ort from 'onnxruntime-node';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { WinnowError, errorMessage } from '../errors.js';
import { rgbToTensorData } from './input-tensor.js';
import { loadModelMetadata, type ModelMetadata } from './model-metadata.js';

export interface QualityModelOptions {
  /** Threads for one inference; leave cores for decoding and the UI. */
  readonly intraOpThreads?: number;
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
  ) {}

  static async load(file: string, options: QualityModelOptions = {}): Promise<QualityModel> {
    const { metadata, onnxPath } = loadModelMetadata(file);
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(onnxPath, {
        executionProviders: ['cpu'],
        intraOpNumThreads: options.intraOpThreads ?? 1,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
      });
    } catch (err) {
      throw new WinnowError('MODEL_LOAD_FAILED', `cannot load model ${onnxPath}: ${errorMessage(err)}`);
    }
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
    return new QualityModel(session, metadata, onnxPath, fileHash, 'cpu');
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
