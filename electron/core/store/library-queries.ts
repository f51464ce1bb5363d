import type { Database } from 'better-sqlite3';
import { preparedStatements, type PreparedStatements } from './prepared-statements.js';
import type {
  Facets,
  GridPhoto,
  PhotoDetail,
  PhotoFilter,
  PhotoPage,
  PhotoQuery,
  PhotoSort,
  QualityHistogram,
  RootSummary,
} from '../../shared/api-contract.js';
import { isColorLabel, type PickFlag } from '../../shared/decisions.js';
import type { ListQuery, PhotoRow } from '../../shared/library-types.js';
import { dequantiseMap } from './map-codec.js';
import { parseScanExecution } from './scan-execution.js';
import { writeTransaction } from './write-transaction.js';
import { PROBLEM_SQL } from '../measures/problem-flags.js';
import { PROBLEM } from '../../shared/api-contract.js';

// A photo that could not be read or decoded has a fingerprint (of its bytes) but no thumbnail or
// preview to ask for; a RAW whose only preview is too small to judge still has its thumbnail.
const UNREADABLE = `EXISTS (SELECT 1 FROM photo_errors e WHERE e.photo_id = p.id AND e.stage IN ('read', 'decode') AND e.code <> 'NO_USABLE_PREVIEW')`;
const HAS_ERROR = `EXISTS (SELECT 1 FROM photo_errors e WHERE e.photo_id = p.id AND e.stage IN ('read', 'decode', 'score'))`;
const BLURRY = PROBLEM_SQL.blurry;
const UNDER = PROBLEM_SQL.underexposed;
const OVER = PROBLEM_SQL.overexposed;
const NOISY = PROBLEM_SQL.noisy;
const PROBLEM_BITS = `((CASE WHEN ${BLURRY} THEN ${PROBLEM.blurry} ELSE 0 END) | (CASE WHEN ${UNDER} THEN ${PROBLEM.underexposed} ELSE 0 END) |
  (CASE WHEN ${OVER} THEN ${PROBLEM.overexposed} ELSE 0 END) | (CASE WHEN ${HAS_ERROR} THEN ${PROBLEM.failed} ELSE 0 END) |
  (CASE WHEN ${NOISY} THEN ${PROBLEM.noisy} ELSE 0 END))`;

/**
 * Each sort has a column that can be NULL (unscored photos, no EXIF date or camera). Pages are read
 * in two segments, the photos with a value in index order, then the rest by id, so that the first
 * segment walks an index (scores_quality, scores_sharpness, photos_taken, photos_name) instead of
 * sorting the whole library for every page.
 */
const SORT_COLUMN: Record<PhotoSort, string> = {
  quality: 's.quality',
  sharpness: 's.sharpness',
  date: 'p.taken_at',
  name: 'p.name',
  camera: 'p.camera',
};
const SORT_ID: Record<PhotoSort, string> = {
  quality: 's.photo_id',
  sharpness: 's.photo_id',
  date: 'p.id',
  name: 'p.id',
  camera: 'p.id',
};

/** Beyond this offset an OFFSET walk costs more than reading the cached order. */
const DEEP_OFFSET = 1500;

interface Sql {
  readonly where: string[];
  readonly params: Record<string, unknown>;
  /** True when only scored photos can match (a quality range). */
  readonly scoredOnly: boolean;
  /** True when a condition reads the scores table (quality range, problems). */
  readonly usesScores: boolean;
  /** True when nothing but the not-missing condition applies. */
  readonly unfiltered: boolean;
}

/** A filter as the service hands it to SQL: with the frames that collapsed stacks hide. */
export interface StoreFilter extends PhotoFilter {
  readonly hiddenIds?: readonly number[];
}

function filterSql(filter: StoreFilter, modelId: number, withQuality = true): Sql {
  const where = ['p.missing = 0'];
  const params: Record<string, unknown> = { modelId };
  if (filter.hiddenIds !== undefined && filter.hiddenIds.length > 0) {
    where.push('p.id NOT IN (SELECT value FROM json_each(@hiddenIds))');
    params.hiddenIds = JSON.stringify(filter.hiddenIds);
  }
  let scoredOnly = false;
  if (withQuality && filter.minQuality !== undefined) {
    where.push('s.quality >= @minQuality');
    params.minQuality = filter.minQuality;
    scoredOnly = true;
  }
  if (withQuality && filter.maxQuality !== undefined) {
    where.push('s.quality <= @maxQuality');
    params.maxQuality = filter.maxQuality;
    scoredOnly = true;
  }
  if (filter.minRating !== undefined && filter.minRating > 0) {
    where.push('p.rating >= @minRating');
    params.minRating = filter.minRating;
  }
  switch (filter.pick) {
    case 'picked':
      where.push('p.pick = 1');
      break;
    case 'rejected':
      where.push('p.pick = -1');
      break;
    case 'undecided':
      where.push('p.pick = 0');
      break;
    case 'kept':
      where.push('p.pick >= 0');
      break;
    default:
      break;
  }
  if (filter.colorLabel !== undefined) {
    where.push('p.color_label = @colorLabel');
    params.colorLabel = filter.colorLabel;
  }
  if (filter.rootId !== undefined) {
    where.push('p.root_id = @rootId');
    params.rootId = filter.rootId;
    if (filter.folder !== undefined && filter.folder !== '') {
      // The folder and everything below it; compared as text ranges, so no LIKE escaping to get wrong.
      where.push(`(p.folder = @folder OR (p.folder >= @folderSlash AND p.folder < @folderEnd))`);
      params.folder = filter.folder;
      params.folderSlash = `${filter.folder}/`;
      params.folderEnd = `${filter.folder}0`; // '0' sorts right after '/'
    }
  }
  if (filter.camera !== undefined) {
    where.push('p.camera = @camera');
    params.camera = filter.camera;
  }
  if (filter.lens !== undefined) {
    where.push('p.lens = @lens');
    params.lens = filter.lens;
  }
  if (filter.takenFrom !== undefined) {
    where.push('p.taken_at >= @takenFrom');
    params.takenFrom = filter.takenFrom;
  }
  if (filter.takenTo !== undefined) {
    where.push('p.taken_at <= @takenTo');
    params.takenTo = filter.takenTo;
  }
  if (filter.problemsOnly) where.push(`(${BLURRY} OR ${UNDER} OR ${OVER} OR ${NOISY} OR ${HAS_ERROR})`);
  return { where, params, scoredOnly, usesScores: scoredOnly || filter.problemsOnly === true, unfiltered: where.length === 1 };
}

interface GridRow {
  id: number;
  name: string;
  quality: number | null;
  sharpness: number | null;
  taken_at: number | null;
  camera: string | null;
  rating: number;
  pick: PickFlag;
  color_label: string | null;
  problems: number;
  fingerprint: string | null;
  unreadable: number;
}

const GRID_COLUMNS = `p.id, p.name, s.quality, s.sharpness, p.taken_at, p.camera, p.rating, p.pick, p.color_label,
  p.fingerprint, ${PROBLEM_BITS} AS problems, ${UNREADABLE} AS unreadable`;

function toGrid(r: GridRow): GridPhoto {
  return {
    id: r.id,
    name: r.name,
    quality: r.quality,
    sharpness: r.sharpness,
    takenAt: r.taken_at,
    camera: r.camera,
    rating: r.rating,
    pick: r.pick,
    colorLabel: isColorLabel(r.color_label) ? r.color_label : null,
    problems: r.problems,
    hasThumbnail: r.fingerprint !== null && r.unreadable === 0,
  };
}

/** SQL over a library database for reading it: paged grid queries, histogram, facets, detail, full rows. */
export class LibraryQueries {
  private readonly stmt: PreparedStatements;
  private order: { key: string; ids: Int32Array } | null = null;

  constructor(
    private readonly db: Database,
    /** Pages from this offset on are cut from the cached order instead of an OFFSET walk. */
    private readonly deepOffset = DEEP_OFFSET,
  ) {
    this.stmt = preparedStatements(db);
  }

  /** FROM clause and conditions of one segment: with a sort value (index order) or without. */
  private segment(sort: PhotoSort, f: Sql, withValue: boolean): { from: string; where: string[] } {
    const col = SORT_COLUMN[sort];
    const scoreDriven = (sort === 'quality' || sort === 'sharpness') && withValue;
    const from = scoreDriven
      ? 'scores s JOIN photos p ON p.id = s.photo_id'
      : `photos p ${f.scoredOnly ? 'JOIN' : 'LEFT JOIN'} scores s ON s.photo_id = p.id AND s.model_id = @modelId`;
    const where = [...f.where, withValue ? `${col} IS NOT NULL` : `${col} IS NULL`];
    if (scoreDriven) where.unshift('s.model_id = @modelId');
    return { from, where };
  }

  count(filter: PhotoFilter, modelId: number): number {
    const f = filterSql(filter, modelId);
    // Counting reads every match: leave the scores table out unless a condition needs it.
    const from = !f.usesScores ? 'photos p' : `photos p ${f.scoredOnly ? 'JOIN' : 'LEFT JOIN'} scores s ON s.photo_id = p.id AND s.model_id = @modelId`;
    const row = this.stmt(`SELECT COUNT(*) AS n FROM ${from} WHERE ${f.where.join(' AND ')}`).get(f.params) as { n: number };
    return row.n;
  }

  private countSegment(sort: PhotoSort, f: Sql, withValue: boolean): number {
    const seg = this.segment(sort, f, withValue);
    return (this.stmt(`SELECT COUNT(*) AS n FROM ${seg.from} WHERE ${seg.where.join(' AND ')}`).get(f.params) as { n: number }).n;
  }

  private readSegment(sort: PhotoSort, order: 'ASC' | 'DESC', f: Sql, withValue: boolean, offset: number, limit: number): GridRow[] {
    const seg = this.segment(sort, f, withValue);
    const orderBy = withValue ? `${SORT_COLUMN[sort]} ${order}, ${SORT_ID[sort]} ${order}` : `p.id ${order}`;
    const sql = `SELECT ${GRID_COLUMNS} FROM ${seg.from} WHERE ${seg.where.join(' AND ')} ORDER BY ${orderBy} LIMIT @limit OFFSET @offset`;
    return this.stmt(sql).all({ ...f.params, limit, offset }) as GridRow[];
  }

  /** Forgets cached orders; the owner calls it when photos, scores or decisions change. */
  invalidate(): void {
    this.order = null;
  }

  /**
   * Every matching id in the query's order. Deep pages come from this list: an OFFSET of 80,000
   * would walk (and join) 80,000 rows for each page, while the list costs one walk per query.
   */
  private orderedIds(query: PhotoQuery, modelId: number): Int32Array {
    const { offset: _o, limit: _l, withTotal: _w, ...rest } = query;
    const key = JSON.stringify([rest, modelId]);
    if (this.order?.key === key) return this.order.ids;
    const sort = query.sort ?? 'quality';
    const order = query.order === 'asc' ? 'ASC' : 'DESC';
    const f = filterSql(query, modelId);
    const ids: number[] = [];
    for (const withValue of [true, false]) {
      if (!withValue && f.scoredOnly && (sort === 'quality' || sort === 'sharpness')) break;
      const seg = this.segment(sort, f, withValue);
      const orderBy = withValue ? `${SORT_COLUMN[sort]} ${order}, ${SORT_ID[sort]} ${order}` : `p.id ${order}`;
      const stmt = this.stmt(`SELECT p.id FROM ${seg.from} WHERE ${seg.where.join(' AND ')} ORDER BY ${orderBy}`).pluck();
      for (const id of stmt.iterate(f.params) as Iterable<number>) ids.push(id);
    }
    this.order = { key, ids: Int32Array.from(ids) };
    return this.order.ids;
  }

  /** Grid rows for these photos, in the order given (those that do not exist are left out). */
  photosByIds(ids: readonly number[], modelId: number): GridPhoto[] {
    return this.rowsByIds(ids, modelId).map(toGrid);
  }

  /** Which of these photos the filter lets through. */
  matching(filter: PhotoFilter, modelId: number, ids: readonly number[]): Set<number> {
    if (ids.length === 0) return new Set();
    const f = filterSql(filter, modelId);
    const from = !f.usesScores ? 'photos p' : `photos p ${f.scoredOnly ? 'JOIN' : 'LEFT JOIN'} scores s ON s.photo_id = p.id AND s.model_id = @modelId`;
    const sql = `SELECT p.id FROM ${from} WHERE ${[...f.where, 'p.id IN (SELECT value FROM json_each(@ids))'].join(' AND ')}`;
    return new Set(this.stmt(sql).pluck().all({ ...f.params, ids: JSON.stringify(ids) }) as number[]);
  }

  private rowsByIds(ids: ArrayLike<number>, modelId: number): GridRow[] {
    if (ids.length === 0) return [];
    const rows = this.stmt(
      `SELECT ${GRID_COLUMNS} FROM photos p LEFT JOIN scores s ON s.photo_id = p.id AND s.model_id = @modelId
        WHERE p.id IN (SELECT value FROM json_each(@ids))`,
    ).all({ modelId, ids: JSON.stringify(Array.from(ids)) }) as GridRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return Array.from(ids, (id) => byId.get(id)).filter((r): r is GridRow => r !== undefined);
  }

  page(query: PhotoQuery, modelId: number): PhotoPage {
    const sort = query.sort ?? 'quality';
    const order = query.order === 'asc' ? 'ASC' : 'DESC';
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 200;
    if (offset >= this.deepOffset) {
      const ids = this.orderedIds(query, modelId);
      return {
        offset,
        rows: this.rowsByIds(ids.subarray(offset, offset + limit), modelId).map(toGrid),
        ...(query.withTotal ? { total: ids.length } : {}),
      };
    }
    const f = filterSql(query, modelId);
    const rows = this.readSegment(sort, order, f, true, offset, limit);
    const noValueCanMatch = f.scoredOnly && (sort === 'quality' || sort === 'sharpness');
    if (rows.length < limit && !noValueCanMatch) {
      // Past the photos with a value: continue into those without, at the matching offset.
      const withValue = rows.length > 0 ? offset + rows.length : this.countSegment(sort, f, true);
      rows.push(...this.readSegment(sort, order, f, false, Math.max(0, offset + rows.length - withValue), limit - rows.length));
    }
    return {
      offset,
      rows: rows.map(toGrid),
      ...(query.withTotal ? { total: this.count(query, modelId) } : {}),
    };
  }

  /** The index of a photo in the query's order, or null when the filters hide it. */
  position(query: PhotoQuery, modelId: number, photoId: number): number | null {
    const sort = query.sort ?? 'quality';
    const desc = query.order !== 'asc';
    const f = filterSql(query, modelId);
    const from = `photos p ${f.scoredOnly ? 'JOIN' : 'LEFT JOIN'} scores s ON s.photo_id = p.id AND s.model_id = @modelId`;
    const col = SORT_COLUMN[sort];
    const me = this.stmt(`SELECT ${col} AS v FROM ${from} WHERE ${[...f.where, 'p.id = @photoId'].join(' AND ')}`).get({ ...f.params, photoId }) as
      | { v: number | string | null }
      | undefined;
    if (!me) return null;
    const cmp = desc ? '>' : '<';
    if (me.v !== null) {
      const before = `(${col} ${cmp} @v OR (${col} = @v AND p.id ${cmp} @photoId))`;
      const seg = this.segment(sort, f, true);
      return (this.stmt(`SELECT COUNT(*) AS n FROM ${seg.from} WHERE ${[...seg.where, before].join(' AND ')}`).get({ ...f.params, v: me.v, photoId }) as { n: number }).n;
    }
    const seg = this.segment(sort, f, false);
    const earlier = (this.stmt(`SELECT COUNT(*) AS n FROM ${seg.from} WHERE ${[...seg.where, `p.id ${cmp} @photoId`].join(' AND ')}`).get({ ...f.params, photoId }) as { n: number }).n;
    return this.countSegment(sort, f, true) + earlier;
  }

  /** Scores of the photos the other filters let through, binned over the range scores occupy. */
  histogram(filter: PhotoFilter, modelId: number, scoreRange: readonly [number, number], bins = 48): QualityHistogram {
    const range = this.stmt('SELECT MIN(quality) AS lo, MAX(quality) AS hi FROM scores WHERE model_id = ?').get(modelId) as { lo: number | null; hi: number | null };
    // Narrowed to the scores present (rounded out to whole points), so a library whose scores
    // cluster still gets a histogram worth brushing.
    let min = range.lo === null ? scoreRange[0] : Math.max(scoreRange[0], Math.floor(range.lo));
    let max = range.hi === null ? scoreRange[1] : Math.min(scoreRange[1], Math.ceil(range.hi));
    if (max <= min) {
      min = Math.max(scoreRange[0], min - 1);
      max = Math.min(scoreRange[1], max + 1);
    }
    const f = filterSql(filter, modelId, false);
    const counts = new Array<number>(bins).fill(0);
    const bin = `MIN(@bins - 1, MAX(0, CAST((s.quality - @min) * @bins / (@max - @min) AS INTEGER)))`;
    const params = { ...f.params, bins, min, max };
    if (f.unfiltered) {
      // The whole library: read the scores index alone (no join per photo), then take out the
      // few photos that went missing.
      for (const r of this.stmt(`SELECT ${bin} AS b, COUNT(*) AS n FROM scores s WHERE s.model_id = @modelId GROUP BY b`).all(params) as { b: number; n: number }[]) counts[r.b] = r.n;
      const gone = this.stmt(`SELECT ${bin} AS b, COUNT(*) AS n FROM photos p JOIN scores s ON s.photo_id = p.id AND s.model_id = @modelId WHERE p.missing = 1 GROUP BY b`).all(params) as { b: number; n: number }[];
      for (const r of gone) counts[r.b] = Math.max(0, counts[r.b]! - r.n);
      return { min, max, counts };
    }
    const rows = this.stmt(
      `SELECT ${bin} AS b, COUNT(*) AS n
         FROM scores s JOIN photos p ON p.id = s.photo_id
        WHERE s.model_id = @modelId AND ${f.where.join(' AND ')} GROUP BY b`,
    ).all(params) as { b: number; n: number }[];
    for (const r of rows) counts[r.b] = r.n;
    return { min, max, counts };
  }

  facets(): Facets {
    const cameras = this.stmt(`SELECT camera AS value, COUNT(*) AS count FROM photos WHERE missing = 0 AND camera IS NOT NULL GROUP BY camera ORDER BY count DESC, camera LIMIT 200`).all() as Facets['cameras'];
    const lenses = this.stmt(`SELECT lens AS value, COUNT(*) AS count FROM photos WHERE missing = 0 AND lens IS NOT NULL GROUP BY lens ORDER BY count DESC, lens LIMIT 200`).all() as Facets['lenses'];
    const folders = (this.stmt(`SELECT root_id, folder, COUNT(*) AS count FROM photos WHERE missing = 0 GROUP BY root_id, folder ORDER BY root_id, folder LIMIT 2000`).all() as {
      root_id: number;
      folder: string;
      count: number;
    }[]).map((r) => ({ rootId: r.root_id, folder: r.folder, count: r.count }));
    // Each end on its own reads one entry of photos_taken; asked together, SQLite scanned the index.
    const taken = this.stmt(
      'SELECT (SELECT MIN(taken_at) FROM photos WHERE taken_at IS NOT NULL) AS lo, (SELECT MAX(taken_at) FROM photos WHERE taken_at IS NOT NULL) AS hi',
    ).get() as { lo: number | null; hi: number | null };
    return { cameras, lenses, folders, takenMin: taken.lo, takenMax: taken.hi };
  }

  rootSummaries(): RootSummary[] {
    const rows = this.stmt(
      `SELECT r.id, r.path, r.added_at, r.last_scan_at, r.last_scan_execution, (SELECT COUNT(*) FROM photos p WHERE p.root_id = r.id AND p.missing = 0) AS photos
         FROM roots r ORDER BY r.path`,
    ).all() as { id: number; path: string; added_at: number; last_scan_at: number | null; last_scan_execution: string | null; photos: number }[];
    return rows.map((r) => ({
      id: r.id,
      path: r.path,
      addedAt: r.added_at,
      lastScanAt: r.last_scan_at,
      photos: r.photos,
      missing: false,
      lastScanExecution: parseScanExecution(r.last_scan_execution),
    }));
  }

  /** Forgets a root and its photos; scores, errors and history rows go with them (ON DELETE CASCADE). */
  removeRoot(rootId: number): boolean {
    return writeTransaction(this.db, () => {
      this.stmt('DELETE FROM photos WHERE root_id = ?').run(rootId);
      return this.stmt('DELETE FROM roots WHERE id = ?').run(rootId).changes > 0;
    });
  }

  detail(photoId: number, modelId: number, scoreRange: readonly [number, number]): PhotoDetail | null {
    const p = this.stmt(
      `SELECT p.id, p.name, p.path, p.folder, r.path AS root_path, p.size, p.format, p.width, p.height, p.taken_at, p.camera, p.lens,
              p.iso, p.exposure_time, p.aperture, p.focal_length, p.rating, p.pick, p.color_label, p.missing,
              s.quality, s.distribution, s.map_width, s.map_height, s.quality_map, s.weight_map, s.sharpness, s.exposure_mean,
              s.clipped_highlights, s.clipped_shadows, s.noise, s.focus, ${PROBLEM_BITS} AS problems, m.name AS model_name, m.version AS model_version
         FROM photos p JOIN roots r ON r.id = p.root_id
         LEFT JOIN scores s ON s.photo_id = p.id AND s.model_id = @modelId
         LEFT JOIN models m ON m.id = s.model_id
        WHERE p.id = @photoId`,
    ).get({ modelId, photoId }) as Record<string, unknown> | undefined;
    if (!p) return null;
    const errors = this.stmt('SELECT stage, message FROM photo_errors WHERE photo_id = ? ORDER BY stage').all(photoId) as { stage: string; message: string }[];
    const num = (k: string) => (p[k] === null || p[k] === undefined ? null : Number(p[k]));
    let score: PhotoDetail['score'] = null;
    if (p.quality !== null && p.quality !== undefined) {
      const [lo, hi] = scoreRange;
      const dist = p.distribution as Buffer | null;
      const qm = p.quality_map as Buffer;
      const wm = p.weight_map as Buffer;
      score = {
        model: `${String(p.model_name)} ${String(p.model_version)}`,
        quality: Number(p.quality),
        scoreRange: [lo, hi],
        distribution: dist ? Array.from(new Float32Array(dist.buffer.slice(dist.byteOffset, dist.byteOffset + dist.byteLength))) : [],
        sharpness: num('sharpness'),
        exposureMean: num('exposure_mean'),
        clippedHighlights: num('clipped_highlights'),
        clippedShadows: num('clipped_shadows'),
        noise: num('noise'),
        focus: num('focus'),
        map: {
          width: Number(p.map_width),
          height: Number(p.map_height),
          quality: Array.from(dequantiseMap(new Uint8Array(qm), lo, hi)),
          weight: Array.from(dequantiseMap(new Uint8Array(wm), 0, 1)),
        },
      };
    }
    return {
      id: Number(p.id),
      name: String(p.name),
      path: String(p.path),
      folder: String(p.folder),
      rootPath: String(p.root_path),
      size: Number(p.size),
      format: (p.format as string | null) ?? null,
      width: num('width'),
      height: num('height'),
      takenAt: num('taken_at'),
      camera: (p.camera as string | null) ?? null,
      lens: (p.lens as string | null) ?? null,
      iso: num('iso'),
      exposureTime: num('exposure_time'),
      aperture: num('aperture'),
      focalLength: num('focal_length'),
      rating: Number(p.rating),
      pick: Number(p.pick) as PickFlag,
      colorLabel: isColorLabel(p.color_label) ? p.color_label : null,
      missing: p.missing === 1,
      problems: Number(p.problems),
      errors,
      score,
    };
  }

/**
   * A page of full rows (path, scores, first error) for the command line and scripts. Sorting by
   * score walks the (model_id, quality) index, so a range filter and
   * a LIMIT touch only the rows of the page, not the whole library.
   */
  listRows(query: ListQuery = {}): PhotoRow[] {
    const sort = query.sort ?? 'quality';
    const order = query.order === 'asc' ? 'ASC' : 'DESC';
    const scoredOnly = sort === 'quality' || sort === 'sharpness' || query.minQuality !== undefined || query.maxQuality !== undefined;
    const conditions: string[] = [];
    if (!query.includeMissing) conditions.push('p.missing = 0');
    if (query.rootId !== undefined) conditions.push('p.root_id = @rootId');
    if (query.minQuality !== undefined) conditions.push('s.quality >= @minQuality');
    if (query.maxQuality !== undefined) conditions.push('s.quality <= @maxQuality');
    const orderBy = `${SORT_COLUMN[sort]} ${order} NULLS LAST, p.id ${order}`;
    // A deferred join: the page is found on ids alone, and only its rows are read in full.
    // SQLite computes every selected column of the rows an OFFSET skips, so paging 5,000 deep
    // with the full column list cost 4x as much.
    const sql = `
      SELECT p.id, p.path, p.name, p.width, p.height, p.taken_at, p.camera, p.rating, p.pick, p.color_label, p.missing,
             s.quality, s.sharpness, s.exposure_mean, s.noise,
             (SELECT e.message FROM photo_errors e WHERE e.photo_id = p.id AND e.stage IN ('read', 'decode', 'score') LIMIT 1) AS error
        FROM (SELECT p.id AS page_id
                FROM ${scoredOnly ? 'scores s JOIN photos p ON p.id = s.photo_id AND s.model_id = @modelId' : 'photos p LEFT JOIN scores s ON s.photo_id = p.id AND s.model_id = @modelId'}
               ${conditions.length ? 'WHERE ' + conditions.join(' AND ') : ''}
               ORDER BY ${orderBy}
               LIMIT @limit OFFSET @offset) page
        JOIN photos p ON p.id = page.page_id
        LEFT JOIN scores s ON s.photo_id = p.id AND s.model_id = @modelId
       ORDER BY ${orderBy}`;
    const rows = this.stmt(sql).all({
      modelId: query.modelId ?? -1,
      minQuality: query.minQuality,
      maxQuality: query.maxQuality,
      limit: query.limit ?? -1,
      offset: query.offset ?? 0,
      rootId: query.rootId,
    }) as {
      id: number;
      path: string;
      name: string;
      width: number | null;
      height: number | null;
      taken_at: number | null;
      camera: string | null;
      rating: number;
      pick: -1 | 0 | 1;
      color_label: string | null;
      missing: number;
      quality: number | null;
      sharpness: number | null;
      exposure_mean: number | null;
      noise: number | null;
      error: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      path: r.path,
      name: r.name,
      width: r.width,
      height: r.height,
      takenAt: r.taken_at,
      camera: r.camera,
      quality: r.quality,
      sharpness: r.sharpness,
      exposureMean: r.exposure_mean,
      noise: r.noise,
      rating: r.rating,
      pick: r.pick,
      colorLabel: r.color_label,
      missing: r.missing === 1,
      error: r.error,
    }));
  }
}

