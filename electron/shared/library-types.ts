/**
 * The library's rows as every layer sees them: the store returns them, the API contract carries
 * them, the CLI prints them. No imports, so the renderer can share them.
 */

export interface Root {
  readonly id: number;
  readonly path: string;
  readonly addedAt: number;
  readonly lastScanAt: number | null;
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

export type PhotoSort = 'quality' | 'sharpness' | 'date' | 'name' | 'camera';
export const PHOTO_SORTS: readonly PhotoSort[] = ['quality', 'sharpness', 'date', 'name', 'camera'];

export interface ListQuery {
  readonly modelId?: number | null;
  readonly sort?: PhotoSort;
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

/** Files the scans saw but do not read, of one kind ("BMP", "video", "other"). */
export interface SkippedCount {
  readonly kind: string;
  readonly files: number;
}

/** Photos whose scores come from an older model than the one scans now use. */
export interface StaleScores {
  readonly photos: number;
  /** The model scans use now, "name version". */
  readonly current: string;
  readonly olderModels: readonly string[];
}

export interface LibraryCounts {
  readonly photos: number;
  readonly scored: number;
  readonly failed: number;
  readonly missing: number;
  /** What the last scan of each folder skipped, by kind, most first. */
  readonly skipped: readonly SkippedCount[];
  /** Set when the library knows which model scans use (a host with a model). */
  readonly stale?: StaleScores;
}
