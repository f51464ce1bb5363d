import type { ExifFields } from '../../shared/library-types.js';

/** What the scanner knows about a file before decoding it. */
export interface FileFacts {
  readonly path: string;
  readonly relPath: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** What decoding the header tells about a photo. */
export interface PhotoMetadata extends ExifFields {
  readonly fingerprint: string;
  readonly format: string | null;
  readonly width: number | null;
  readonly height: number | null;
  readonly orientation: number | null;
}

export interface KnownPhoto {
  readonly id: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly fingerprint: string | null;
  readonly missing: boolean;
  /** Fingerprint of the content the given model last scored, if any. */
  readonly scoredFingerprint: string | null;
  readonly hasError: boolean;
}

export interface ModelIdentity {
  readonly name: string;
  readonly version: string;
  readonly fileHash: string;
}

export interface ScoreRecord {
  readonly photoId: number;
  readonly modelId: number;
  readonly fingerprint: string;
  readonly quality: number;
  readonly distribution: Float32Array;
  readonly mapWidth: number;
  readonly mapHeight: number;
  readonly qualityMap: Uint8Array;
  readonly weightMap: Uint8Array;
  readonly sharpness: number;
  readonly exposureMean: number;
  readonly clippedHighlights: number;
  readonly clippedShadows: number;
  readonly noise: number;
  /** The execution provider that computed the score, e.g. "WebGPU (SwiftShader)". */
  readonly provider?: string;
}

/** What a scan scored on, and why the providers before it were passed over ("webgpu: ..."). */
export interface ScanExecution {
  readonly execution: string;
  readonly notes: readonly string[];
}

/** How many of a model's scores each provider computed (provider null: scored before this was recorded). */
export interface ProviderCount {
  readonly provider: string | null;
  readonly photos: number;
}

/**
 * Where a photo's problem arose. read, decode and score failures mean the photo has no score;
 * metadata (damaged EXIF), thumbnail (cache not writable) and sidecar (unreadable XMP) problems are
 * warnings beside a usable photo.
 */
export type ErrorStage = 'read' | 'metadata' | 'decode' | 'score' | 'thumbnail' | 'sidecar';

export const FAILURE_STAGES: readonly ErrorStage[] = ['read', 'decode', 'score'];

export interface PhotoError {
  readonly path: string;
  readonly stage: ErrorStage;
  readonly code: string;
  readonly message: string;
}

