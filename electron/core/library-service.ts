import fs from 'node:fs';
import path from 'node:path';
import type {
  DecisionChangeInput,
  DecisionResult,
  Facets,
  LibraryCounts,
  QualityHistogram,
  PhotoFilter,
  PhotoQuery,
  PhotoSort,
  PickFilter,
  RootSummary,
  ScanStatus,
  WinnowApi,
  WinnowEvent,
  TrashResult,
} from '../shared/api-contract.js';
import { IDLE_SCAN_STATUS, PHOTO_SORTS, PICK_FILTERS } from '../shared/api-contract.js';
import { redoNext, undoLast } from './culling/undo-redo.js';
import { trashRejects, type TrashItem } from './culling/trash-rejects.js';
import { DecisionService } from './decisions/decision-service.js';
import type { PhotoDecision } from './store/decision-store.js';
import type { SidecarProblem } from './xmp/sidecar-files.js';
import { isColorLabel, type DecisionChange, type PickFlag } from '../shared/decisions.js';
import { WinnowError } from './errors.js';
import { LibraryQueries } from './store/library-queries.js';
import { inThreadReads, type LibraryReads } from './reads/library-reads.js';
import { BurstStacks } from './bursts/burst-stacks.js';
import { rootOverlap } from './scan/root-overlap.js';
import type { LibraryStore } from './store/library-store.js';
import type { ListQuery } from '../shared/library-types.js';

const MAX_PAGE = 1000;
const MAX_IDS = 10_000;

function finiteOrUndefined(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function record(raw: unknown): Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
}

function shortText(v: unknown): string | undefined {
  return typeof v === 'string' && v.length <= 500 ? v : undefined;
}

function positiveId(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new WinnowError('BAD_REQUEST', `${what} must be a positive whole number`);
  return v;
}

const photoId = (v: unknown): number => positiveId(v, 'a photo id');
const rootIdOf = (v: unknown): number => positiveId(v, 'a library folder id');

/**
 * Queries arrive from a renderer, which is untrusted input: rebuild them field by field with
 * known values only, never pass an object through to SQL building.
 */
export function sanitiseListQuery(raw: unknown): ListQuery {
  const q = record(raw);
  const limit = finiteOrUndefined(q.limit);
  const offset = finiteOrUndefined(q.offset);
  const minQuality = finiteOrUndefined(q.minQuality);
  const maxQuality = finiteOrUndefined(q.maxQuality);
  const modelId = finiteOrUndefined(q.modelId);
  return {
    sort: PHOTO_SORTS.includes(q.sort as PhotoSort) ? (q.sort as PhotoSort) : 'quality',
    order: q.order === 'asc' ? 'asc' : 'desc',
    limit: Math.min(MAX_PAGE, Math.max(1, Math.trunc(limit ?? 200))),
    offset: Math.max(0, Math.trunc(offset ?? 0)),
    ...(minQuality === undefined ? {} : { minQuality }),
    ...(maxQuality === undefined ? {} : { maxQuality }),
    ...(modelId === undefined ? {} : { modelId: Math.trunc(modelId) }),
    includeMissing: q.includeMissing === true,
  };
}

export function sanitiseFilter(raw: unknown): PhotoFilter {
  const q = record(raw);
  const out: { -readonly [K in keyof PhotoFilter]: PhotoFilter[K] } = {};
  const minQuality = finiteOrUndefined(q.minQuality);
  const maxQuality = finiteOrUndefined(q.maxQuality);
  if (minQuality !== undefined) out.minQuality = minQuality;
  if (maxQuality !== undefined) out.maxQuality = maxQuality;
  const minRating = finiteOrUndefined(q.minRating);
  if (minRating !== undefined) out.minRating = Math.min(5, Math.max(0, Math.trunc(minRating)));
  if (PICK_FILTERS.includes(q.pick as PickFilter)) out.pick = q.pick as PickFilter;
  if (isColorLabel(q.colorLabel)) out.colorLabel = q.colorLabel;
  const rootId = finiteOrUndefined(q.rootId);
  if (rootId !== undefined && Number.isSafeInteger(rootId)) {
    out.rootId = rootId;
    const folder = shortText(q.folder);
    if (folder !== undefined) out.folder = folder;
  }
  const camera = shortText(q.camera);
  if (camera !== undefined) out.camera = camera;
  const lens = shortText(q.lens);
  if (lens !== undefined) out.lens = lens;
  const takenFrom = finiteOrUndefined(q.takenFrom);
  const takenTo = finiteOrUndefined(q.takenTo);
  if (takenFrom !== undefined) out.takenFrom = takenFrom;
  if (takenTo !== undefined) out.takenTo = takenTo;
  if (q.problemsOnly === true) out.problemsOnly = true;
  if (q.collapseStacks === true) {
    out.collapseStacks = true;
    if (Array.isArray(q.expandedStacks)) out.expandedStacks = q.expandedStacks.slice(0, MAX_IDS).filter((id): id is number => Number.isSafeInteger(id) && (id as number) > 0);
  }
  return out;
}

export function sanitisePhotoQuery(raw: unknown): PhotoQuery {
  const q = record(raw);
  const limit = finiteOrUndefined(q.limit);
  const offset = finiteOrUndefined(q.offset);
  return {
    ...sanitiseFilter(q),
    sort: PHOTO_SORTS.includes(q.sort as PhotoSort) ? (q.sort as PhotoSort) : 'quality',
    order: q.order === 'asc' ? 'asc' : 'desc',
    limit: Math.min(MAX_PAGE, Math.max(1, Math.trunc(limit ?? 200))),
    offset: Math.max(0, Math.min(Number.MAX_SAFE_INTEGER, Math.trunc(offset ?? 0))),
    withTotal: q.withTotal === true,
  };
}

export function sanitiseChange(raw: unknown): DecisionChange {
  const c = record(raw);
  const out: { rating?: number; pick?: PickFlag; colorLabel?: DecisionChange['colorLabel'] } = {};
  if (c.rating !== undefined) {
    if (typeof c.rating !== 'number' || !Number.isInteger(c.rating) || c.rating < 0 || c.rating > 5) throw new WinnowError('BAD_REQUEST', 'rating must be a whole number from 0 to 5');
    out.rating = c.rating;
  }
  if (c.pick !== undefined) {
    if (c.pick !== -1 && c.pick !== 0 && c.pick !== 1) throw new WinnowError('BAD_REQUEST', 'pick must be -1, 0 or 1');
    out.pick = c.pick;
  }
  if (c.colorLabel !== undefined) {
    if (c.colorLabel !== null && !isColorLabel(c.colorLabel)) throw new WinnowError('BAD_REQUEST', 'unknown colour label');
    out.colorLabel = c.colorLabel;
  }
  if (Object.keys(out).length === 0) throw new WinnowError('BAD_REQUEST', 'a decision must change rating, pick or colour label');
  return out;
}

export function sanitiseIds(raw: unknown): number[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_IDS) throw new WinnowError('BAD_REQUEST', `photo ids must be a list of 1 to ${MAX_IDS}`);
  return raw.map(photoId);
}

/** Starting, pausing and stopping scans: whichever runner the host provides (worker or in-process). */
export interface ScanControl {
  status(): ScanStatus;
  enqueue(rootPaths: string[]): ScanStatus;
  pause(): ScanStatus;
  resume(): ScanStatus;
  cancel(): ScanStatus;
}

export interface LibraryServiceOptions {
  /** The model's score range, for decoding stored maps; [0, 100] unless the model says otherwise. */
  readonly scoreRange?: readonly [number, number];
  /** The model scans use now: photos scored only by another are reported as stale. */
  readonly currentModel?: { readonly name: string; readonly version: string };
  readonly scans?: ScanControl;
  /** Mirror decisions into XMP sidecars (on unless turned off). */
  readonly writeSidecars?: boolean;
  /** Moves a file to the system trash (the desktop app passes Electron's shell.trashItem). */
  readonly trashItem?: TrashItem;
  /** Where browsing reads are answered (a read worker in the hosts); default: this thread. */
  readonly reads?: LibraryReads;
}

/** The WinnowApi over a library database: what every host (Electron, browser, tests) serves. */
export class LibraryService implements WinnowApi {
  readonly queries: LibraryQueries;
  private readonly reads: LibraryReads;
  private readonly decisions: DecisionService;
  private readonly listeners = new Set<(event: WinnowEvent) => void>();
  private modelId: number | null | undefined;
  // Whole-library answers that only a scan (or a decision, for histograms) can change: each is
  // a pass over every photo, so they are kept until the host says the library changed.
  private counts: LibraryCounts | null = null;
  private facetsCache: Facets | null = null;
  private readonly histograms = new Map<string, QualityHistogram>();
  /** Counts the invalidations, so an answer computed before one is not cached after it. */
  private generation = 0;
  private readonly stacks: BurstStacks;

  constructor(
    private readonly store: LibraryStore,
    private readonly options: LibraryServiceOptions = {},
  ) {
    this.queries = new LibraryQueries(store.db);
    this.stacks = new BurstStacks(store.db, this.queries);
    // In this thread, the reads share the service's stacks (worked out once per library change).
    this.reads = options.reads ?? inThreadReads(store, this.queries, this.stacks);
    this.decisions = new DecisionService(store.db, { writeSidecars: options.writeSidecars ?? true });
  }

  /** Host events (scan progress, library changes, decisions) for the transport to push. */
  onEvent(listener: (event: WinnowEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: WinnowEvent): void {
    if (event.name === 'library-changed') {
      this.modelId = undefined;
      this.counts = null;
      this.facetsCache = null;
      this.stacks.invalidate();
    }
    // Cached orders, stacked views and histograms may no longer hold: photos came or went, or a
    // flag a filter tests changed. Scan progress changes neither (the scan says library-changed
    // when it wrote).
    if (event.name !== 'scan') {
      this.generation++;
      this.stacks.invalidateViews();
      this.histograms.clear();
      this.queries.invalidate();
      this.reads.invalidate(event.name === 'library-changed' ? 'library' : 'decisions');
    }
    for (const l of this.listeners) l(event);
  }

  private currentModelId(): number {
    if (this.modelId === undefined) this.modelId = this.store.latestModelId();
    return this.modelId ?? -1;
  }

  private get scoreRange(): readonly [number, number] {
    return this.options.scoreRange ?? [0, 100];
  }

  private scans(): ScanControl {
    if (!this.options.scans) throw new WinnowError('NO_SCANNER', 'this host cannot scan (no quality model loaded)');
    return this.options.scans;
  }

  async listRoots(): Promise<RootSummary[]> {
    // A folder on a drive that is not mounted shows as missing rather than as empty.
    return (await this.reads.rootSummaries()).map((r) => ({ ...r, missing: !fs.existsSync(r.path) }));
  }

  async addRoot(folderPath: unknown): Promise<RootSummary> {
    if (typeof folderPath !== 'string' || folderPath.trim() === '' || folderPath.length > 4096 || folderPath.includes('\0')) {
      throw new WinnowError('BAD_REQUEST', 'a folder path is needed');
    }
    if (!path.isAbsolute(folderPath.trim())) throw new WinnowError('BAD_REQUEST', 'give the folder as an absolute path');
    const abs = path.resolve(folderPath.trim());
    const stat = fs.statSync(abs, { throwIfNoEntry: false });
    if (!stat) throw new WinnowError('NOT_FOUND', `there is no folder at ${abs}`);
    if (!stat.isDirectory()) throw new WinnowError('BAD_REQUEST', `${abs} is a file, not a folder`);
    const overlap = rootOverlap(abs, this.store.roots().map((r) => r.path));
    if (overlap?.kind === 'inside') throw new WinnowError('BAD_REQUEST', `${abs} is already in the library, inside the library folder ${overlap.root}`);
    if (overlap?.kind === 'contains') {
      throw new WinnowError('BAD_REQUEST', `${abs} contains the library folder ${overlap.root}: remove that folder from the library first (its decisions stay in its photos' sidecars), then add this one`);
    }
    const scans = this.scans();
    const root = this.store.addRoot(abs);
    scans.enqueue([abs]);
    this.emit({ name: 'library-changed', payload: null });
    return (await this.reads.rootSummaries()).find((r) => r.id === root.id)!;
  }

  async removeRoot(rootId: unknown): Promise<void> {
    const id = rootIdOf(rootId);
    const root = this.store.roots().find((r) => r.id === id);
    if (!root) throw new WinnowError('NOT_FOUND', 'no such library folder');
    const status = this.options.scans?.status();
    if (status && (status.active === root.path || status.queued.includes(root.path))) {
      throw new WinnowError('BUSY', 'this folder is being scanned: cancel the scan first');
    }
    this.queries.removeRoot(id);
    this.emit({ name: 'library-changed', payload: null });
  }

  async rescan(rootId?: unknown): Promise<ScanStatus> {
    const id = rootId === undefined || rootId === null ? null : rootIdOf(rootId);
    const roots = this.store.roots();
    const chosen = id === null ? roots : roots.filter((r) => r.id === id);
    if (chosen.length === 0) throw new WinnowError('NOT_FOUND', 'no library folder to scan');
    return this.scans().enqueue(chosen.map((r) => r.path));
  }

  async scanStatus(): Promise<ScanStatus> {
    return this.options.scans?.status() ?? IDLE_SCAN_STATUS;
  }

  async pauseScan(): Promise<ScanStatus> {
    return this.scans().pause();
  }

  async resumeScan(): Promise<ScanStatus> {
    return this.scans().resume();
  }

  async cancelScan(): Promise<ScanStatus> {
    return this.scans().cancel();
  }

  async listPhotos(query: ListQuery) {
    const q = sanitiseListQuery(query);
    return this.queries.listRows({ ...q, modelId: q.modelId ?? this.currentModelId() });
  }

  async libraryCounts() {
    if (this.counts) return this.counts;
    const generation = this.generation;
    const counts = await this.reads.counts(this.currentModelId(), this.options.currentModel);
    // An answer that an invalidation overtook is returned but not kept.
    if (generation === this.generation) this.counts = counts;
    return counts;
  }

  async queryPhotos(query: PhotoQuery) {
    return this.reads.page(sanitisePhotoQuery(query), this.currentModelId());
  }

  async countPhotos(filter: PhotoFilter) {
    return this.reads.count(sanitiseFilter(filter), this.currentModelId());
  }

  async photoPosition(query: PhotoQuery, id: unknown) {
    return this.reads.position(sanitisePhotoQuery(query), this.currentModelId(), photoId(id));
  }

  async stackFrames(stackId: unknown) {
    const modelId = this.currentModelId();
    const stack = this.stacks.stack(modelId, photoId(stackId));
    if (!stack) throw new WinnowError('NOT_FOUND', 'no such burst stack (the library may have changed)');
    return this.queries.photosByIds(stack.frames, modelId);
  }

  async keepBestOfStack(stackId: unknown): Promise<DecisionResult> {
    const modelId = this.currentModelId();
    const stack = this.stacks.stack(modelId, photoId(stackId));
    if (!stack) throw new WinnowError('NOT_FOUND', 'no such burst stack (the library may have changed)');
    // Picks as they are now: a frame the photographer picked by hand is never overruled.
    const rest = this.queries.photosByIds(stack.frames.slice(1), modelId).filter((p) => p.pick !== 1).map((p) => p.id);
    const outcome = await this.decisions.decideBatch(
      [
        { photoIds: [stack.id], change: { pick: 1 } },
        ...(rest.length ? [{ photoIds: rest, change: { pick: -1 as const } }] : []),
      ],
      `keep best of 1 burst, reject ${rest.length}`,
    );
    return this.result(outcome.action?.label ?? null, outcome.changed, outcome.sidecars.problems);
  }

  async qualityHistogram(filter: PhotoFilter) {
    const clean = sanitiseFilter(filter);
    const key = JSON.stringify(clean);
    const cached = this.histograms.get(key);
    if (cached) return cached;
    const generation = this.generation;
    const h = await this.reads.histogram(clean, this.currentModelId(), this.scoreRange);
    if (generation === this.generation) {
      if (this.histograms.size > 32) this.histograms.clear();
      this.histograms.set(key, h);
    }
    return h;
  }

  async facets() {
    if (this.facetsCache) return this.facetsCache;
    const generation = this.generation;
    const facets = await this.reads.facets();
    if (generation === this.generation) this.facetsCache = facets;
    return facets;
  }

  async photoDetail(id: unknown) {
    return this.reads.detail(photoId(id), this.currentModelId(), this.scoreRange);
  }

  async decide(photoIds: unknown, change: DecisionChangeInput): Promise<DecisionResult> {
    const outcome = await this.decisions.decide(sanitiseIds(photoIds), sanitiseChange(change));
    return this.result(outcome.action?.label ?? null, outcome.changed, outcome.sidecars.problems);
  }

  async undo(): Promise<DecisionResult> {
    return this.revert('undo');
  }

  async redo(): Promise<DecisionResult> {
    return this.revert('redo');
  }

  async trashRejects(): Promise<TrashResult> {
    if (!this.options.trashItem) {
      throw new WinnowError('TRASH_UNAVAILABLE', 'moving to the trash is available in the desktop app; from a terminal use "winnow rejects move <folder>"');
    }
    const report = await trashRejects(this.store, this.options.trashItem);
    this.emit({ name: 'library-changed', payload: null });
    return report;
  }

  /**
   * One undo stack for decisions and file moves alike: a move (rejects moved to a folder) is put
   * back as the command line would, and the library is told that paths changed.
   */
  private async revert(direction: 'undo' | 'redo'): Promise<DecisionResult> {
    const action = direction === 'undo' ? this.decisions.store.lastUndoable() : this.decisions.store.nextRedoable();
    if (!action) return this.result(null, []);
    if (action.kind === 'move') {
      const outcome = direction === 'undo' ? await undoLast(this.store, this.decisions) : await redoNext(this.store, this.decisions);
      this.emit({ name: 'library-changed', payload: null });
      if (outcome.problems.length > 0) {
        throw new WinnowError('MOVE_INCOMPLETE', `${direction} of "${action.label}" left ${outcome.problems.length} file(s) in place: ${outcome.problems[0]!.message}; try again to finish`);
      }
      return this.result(`${direction} ${action.label}`, []);
    }
    const outcome = direction === 'undo' ? await this.decisions.undoDecisions(action) : await this.decisions.redoDecisions(action);
    return this.result(`${direction} ${action.label}`, outcome.changed, outcome.sidecars.problems);
  }

  private result(label: string | null, changed: readonly PhotoDecision[], problems: readonly SidecarProblem[] = []): DecisionResult {
    const decided = changed.map((c) => ({ photoId: c.photoId, rating: c.decision.rating, pick: c.decision.pick, colorLabel: c.decision.colorLabel ?? null }));
    if (decided.length > 0) this.emit({ name: 'decisions', payload: decided });
    const idOf = new Map(changed.map((c) => [c.path, c.photoId]));
    return {
      label,
      changed: decided,
      canUndo: this.decisions.store.lastUndoable() !== null,
      canRedo: this.decisions.store.nextRedoable() !== null,
      sidecarProblems: problems.map((p) => ({ photoId: idOf.get(p.photoPath) ?? 0, sidecarPath: p.sidecarPath, message: p.message })),
    };
  }
}
