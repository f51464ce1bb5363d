export interface Root {
  readonly id: number;
  readonly path: string;
  readonly addedAt: number;
  readonly lastScanAt: number | null;
}

/** What the scanner knows about a file before decoding it. */
export interface FileFacts {
  readonly path: string;
  readonly relPath: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** The camera facts Winnow sorts and filters by, as read from EXIF. */
export interface ExifFields {
  readonly takenAt: number | null;
  readonly camera: string | null;
  readonly lens: string | null;
  readonly iso: number | null;
  readonly exposureTime: number | null;
  readonly aperture: number | null;
  readonly focalLength: number | null;
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
 * metadata (damaged EXIF) and sidecar (unreadable XMP) problems are warnings beside a usable photo.
 */
export type ErrorStage = 'read' | 'metadata' | 'decode' | 'score' | 'sidecar';

export const FAILURE_STAGES: readonly ErrorStage[] = ['read', 'decode', 'score'];

export type SortKey = 'quality' | 'sharpness' | 'date' | 'name';

export interface ListQuery {
  readonly modelId?: number | null;
  readonly sort?: SortKey;
  readonly order?: 'asc' | 'desc';
  readonly minQuality?: number;
  readonly maxQuality?: number;
  readonly limit?: number;
  readonly offset?: number;
  readonly includeMissing?: boolean;
  readonly rootId?: number;
}

export interface PhotoRow {
  readonly id: number;
  readonly path: string;
  readonly name: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly takenAt: number | null;
  readonly camera: string | null;
  readonly quality: number | null;
  readonly sharpness: number | null;
  readonly exposureMean: number | null;
  readonly noise: number | null;
  readonly rating: number;
  readonly pick: -1 | 0 | 1;
  readonly colorLabel: string | null;
  readonly missing: boolean;
  readonly error: string | null;
}

export interface PhotoError {
  readonly path: string;
  readonly stage: ErrorStage;
  readonly code: string;
  readonly message: string;
}

export interface LibraryCounts {
  readonly photos: number;
  readonly scored: number;
  readonly failed: number;
  readonly missing: number;
}
