import type { ColorLabel, PickFlag } from './decisions.js';
import { PHOTO_SORTS, type ExifFields, type LibraryCounts, type ListQuery, type PhotoRow, type PhotoSort, type Root } from './library-types.js';
import type { ScanProgress } from './scan-progress.js';

export type { ColorLabel, PickFlag, LibraryCounts, ListQuery, PhotoRow, Root, ScanProgress };

// ---- library browsing ----

export { PHOTO_SORTS, type PhotoSort };

/** Pick state filter: 'undecided' means unflagged, 'kept' means anything not rejected. */
export type PickFilter = 'any' | 'picked' | 'rejected' | 'undecided' | 'kept';
export const PICK_FILTERS: readonly PickFilter[] = ['any', 'picked', 'rejected', 'undecided', 'kept'];

/** Problem flags, as bits of GridPhoto.problems. */
export const PROBLEM = { blurry: 1, underexposed: 2, overexposed: 4, failed: 8, noisy: 16 } as const;
export type ProblemName = keyof typeof PROBLEM;

/** Every filter the library view offers. Absent fields do not filter. */
export interface PhotoFilter {
  readonly minQuality?: number;
  readonly maxQuality?: number;
  /** At least this many stars (1..5). */
  readonly minRating?: number;
  readonly pick?: PickFilter;
  readonly colorLabel?: ColorLabel;
  readonly rootId?: number;
  /** A folder relative to its root ('' for the root itself); with rootId, includes subfolders. */
  readonly folder?: string;
  readonly camera?: string;
  readonly lens?: string;
  /** Capture time range, epoch milliseconds, inclusive. */
  readonly takenFrom?: number;
  readonly takenTo?: number;
  /** Only photos that are blurry, under- or over-exposed, or failed to analyse. */
  readonly problemsOnly?: boolean;
  /**
   * Bursts show as stacks: of each burst only its best frame that the other filters let through
   * is listed (with GridPhoto.stack saying how many it stands for), except the stacks named here.
   */
  readonly collapseStacks?: boolean;
  /** Stacks (by BurstStackInfo.id) shown expanded, every frame listed, while collapseStacks is on. */
  readonly expandedStacks?: readonly number[];
}

export interface PhotoQuery extends PhotoFilter {
  readonly sort?: PhotoSort;
  readonly order?: 'asc' | 'desc';
  readonly offset?: number;
  readonly limit?: number;
  /** Also count every match (one extra query): the grid asks for it with the first page only. */
  readonly withTotal?: boolean;
}

/** What a grid tile needs, and nothing more: pages of these cross the transport while scrolling. */
export interface GridPhoto {
  readonly id: number;
  readonly name: string;
  readonly quality: number | null;
  readonly sharpness: number | null;
  readonly takenAt: number | null;
  readonly camera: string | null;
  readonly rating: number;
  readonly pick: PickFlag;
  readonly colorLabel: ColorLabel | null;
  /** Bits of PROBLEM. */
  readonly problems: number;
  readonly hasThumbnail: boolean;
  /** Present for a frame of a burst when the query asked for stacks. */
  readonly stack?: BurstStackInfo;
}

/** A photo's place in its burst stack, as the grid shows it. */
export interface BurstStackInfo {
  /** The stack's id: the id of the burst's best frame. */
  readonly id: number;
  /** Frames of the burst the filters let through. */
  readonly size: number;
  /** This frame stands for the stack when collapsed (the best frame the filters let through). */
  readonly top: boolean;
  /** The stack is open (PhotoFilter.expandedStacks): all its frames are listed, none stands for the others. */
  readonly open: boolean;
}

export interface PhotoPage {
  readonly offset: number;
  readonly rows: GridPhoto[];
  /** Photos matching the filters; present when the query asked withTotal. */
  readonly total?: number;
}

export interface QualityHistogram {
  /** The score domain the bins span, from the model's score range narrowed to the scores present. */
  readonly min: number;
  readonly max: number;
  readonly counts: number[];
}

export interface FolderFacet {
  readonly rootId: number;
  readonly folder: string;
  readonly count: number;
}

export interface Facets {
  readonly cameras: { readonly value: string; readonly count: number }[];
  readonly lenses: { readonly value: string; readonly count: number }[];
  readonly folders: FolderFacet[];
  readonly takenMin: number | null;
  readonly takenMax: number | null;
}

export interface RootSummary extends Root {
  readonly photos: number;
  readonly missing: boolean;
  /** What the last scan that scored photos here ran on ("WebGPU (SwiftShader)"), and why other providers were passed over. */
  readonly lastScanExecution: { readonly execution: string; readonly notes: readonly string[] } | null;
}

export interface SpatialMap {
  readonly width: number;
  readonly height: number;
  /** Per-cell quality in score units, row-major. */
  readonly quality: number[];
  /** Per-cell pooling weight, 0..1 relative to the most influential cell. */
  readonly weight: number[];
}

export interface PhotoDetail extends ExifFields {
  readonly id: number;
  readonly name: string;
  readonly path: string;
  readonly folder: string;
  readonly rootPath: string;
  readonly size: number;
  readonly format: string | null;
  readonly width: number | null;
  readonly height: number | null;
  readonly rating: number;
  readonly pick: PickFlag;
  readonly colorLabel: ColorLabel | null;
  readonly missing: boolean;
  readonly problems: number;
  readonly errors: { readonly stage: string; readonly message: string }[];
  readonly score: {
    readonly model: string;
    readonly quality: number;
    readonly scoreRange: readonly [number, number];
    readonly distribution: number[];
    readonly sharpness: number | null;
    readonly exposureMean: number | null;
    readonly clippedHighlights: number | null;
    readonly clippedShadows: number | null;
    readonly noise: number | null;
    /** The model's best score on crops at 100 % view (0-100); null for photos too small to need it. */
    readonly focus: number | null;
    readonly map: SpatialMap;
  } | null;
}

// ---- decisions ----

export interface DecisionChangeInput {
  readonly rating?: number;
  readonly pick?: PickFlag;
  readonly colorLabel?: ColorLabel | null;
}

export interface DecidedPhoto {
  readonly photoId: number;
  readonly rating: number;
  readonly pick: PickFlag;
  readonly colorLabel: ColorLabel | null;
}

export interface DecisionResult {
  /** What was done or undone, for the status line ("undo: reject on 1 photo"). */
  readonly label: string | null;
  readonly changed: DecidedPhoto[];
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  /** Sidecars that could not be brought in line; the decisions stand in the library regardless. */
  readonly sidecarProblems: readonly SidecarProblemInfo[];
}

/** A photo's XMP sidecar that a decision could not be written to, and why. */
export interface SidecarProblemInfo {
  readonly photoId: number;
  readonly sidecarPath: string;
  readonly message: string;
}

// ---- scanning ----

export interface ScanStatus {
  readonly state: 'idle' | 'scanning' | 'paused';
  /** The root being scanned (or paused), then those waiting. */
  readonly active: string | null;
  readonly queued: string[];
  readonly progress: ScanProgress | null;
  /** Why the last scan stopped, when it failed (a missing folder, a model that cannot load). */
  readonly lastError: string | null;
  /** What scoring runs on ("CPU, 2 threads", "WebGPU (SwiftShader)"); null before a scan has loaded the model. */
  readonly execution: string | null;
  /** Why the providers before it were passed over, one "name: reason" each. */
  readonly providerNotes: readonly string[];
}

/** The user's choice of execution providers (the desktop app's setting; --provider and --cpu on the command line). */
export interface ProviderSetting {
  /** Providers to try in order, e.g. ["webgpu"]; null for the platform's own plan. The CPU always ends the list. */
  readonly providers: readonly string[] | null;
  /** Never leave the CPU. */
  readonly cpuOnly: boolean;
}

export const IDLE_SCAN_STATUS: ScanStatus = { state: 'idle', active: null, queued: [], progress: null, lastError: null, execution: null, providerNotes: [] };

/**
 * The one API the renderer sees, whoever hosts it: the Electron preload (over IPC) and the browser
 * host (over HTTP) both implement exactly this, and the renderer codes against nothing else.
 * Every method takes plain, structured-cloneable data and returns a promise.
 */
export interface WinnowApi {
  listRoots(): Promise<RootSummary[]>;
  /** Adds a library folder and queues its first scan. */
  addRoot(folderPath: string): Promise<RootSummary>;
  /** Forgets a folder and its photos (the files and their sidecars are untouched). */
  removeRoot(rootId: number): Promise<void>;
  /** Queues a rescan of one root, or of every root when none is given. */
  rescan(rootId?: number): Promise<ScanStatus>;
  scanStatus(): Promise<ScanStatus>;
  pauseScan(): Promise<ScanStatus>;
  resumeScan(): Promise<ScanStatus>;
  cancelScan(): Promise<ScanStatus>;

  listPhotos(query: ListQuery): Promise<PhotoRow[]>;
  libraryCounts(): Promise<LibraryCounts>;
  queryPhotos(query: PhotoQuery): Promise<PhotoPage>;
  /** How many photos the filters let through: asked beside the first page, so the grid paints without waiting for it. */
  countPhotos(filter: PhotoFilter): Promise<number>;
  /** Where a photo sits in a query's order, so the grid can scroll to it; null when filtered out. */
  photoPosition(query: PhotoQuery, photoId: number): Promise<number | null>;
  qualityHistogram(filter: PhotoFilter): Promise<QualityHistogram>;
  facets(): Promise<Facets>;
  photoDetail(photoId: number): Promise<PhotoDetail | null>;

  decide(photoIds: number[], change: DecisionChangeInput): Promise<DecisionResult>;
  /** The frames of a burst stack, best first (for compare). */
  stackFrames(stackId: number): Promise<GridPhoto[]>;
  /** Picks a burst's best frame and rejects the rest (frames picked by hand stay picked): one undoable action. */
  keepBestOfStack(stackId: number): Promise<DecisionResult>;
  undo(): Promise<DecisionResult>;
  redo(): Promise<DecisionResult>;

  /**
   * Sends every rejected photo and its sidecars to the system trash (desktop app only; the browser
   * host answers TRASH_UNAVAILABLE). Rows and decisions stay, flagged missing; restoring from the
   * trash and rescanning brings a photo back as it was.
   */
  trashRejects(): Promise<TrashResult>;
}

export interface TrashResult {
  readonly trashed: number;
  readonly problems: readonly { readonly path: string; readonly message: string }[];
}

export type WinnowMethod = keyof WinnowApi;

/**
 * What a call's answer looks like on every transport (IPC replies, HTTP bodies): the result, or an
 * error code and a message written for people.
 */
export type ApiReply = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

/** The method names, for transports that must enumerate them (preload, HTTP routes). */
export const WINNOW_METHODS = [
  'listRoots',
  'addRoot',
  'removeRoot',
  'rescan',
  'scanStatus',
  'pauseScan',
  'resumeScan',
  'cancelScan',
  'listPhotos',
  'libraryCounts',
  'queryPhotos',
  'countPhotos',
  'photoPosition',
  'qualityHistogram',
  'facets',
  'photoDetail',
  'decide',
  'stackFrames',
  'keepBestOfStack',
  'undo',
  'redo',
  'trashRejects',
] as const satisfies readonly WinnowMethod[];

// A compile-time check that the list above names every method of the interface.
type Missing = Exclude<WinnowMethod, (typeof WINNOW_METHODS)[number]>;
const _everyMethodListed: Missing extends never ? true : Missing = true;
void _everyMethodListed;

export function ipcChannel(method: WinnowMethod): string {
  return `winnow:${method}`;
}

export function isWinnowMethod(name: unknown): name is WinnowMethod {
  return typeof name === 'string' && (WINNOW_METHODS as readonly string[]).includes(name);
}

// ---- events (host to renderer) ----

/** What each event carries. */
export interface WinnowEventPayloads {
  readonly scan: ScanStatus;
  /** Photos were added, scored, removed or went missing: counts, facets and pages are stale. */
  readonly 'library-changed': null;
  readonly decisions: DecidedPhoto[];
}

export type WinnowEventName = keyof WinnowEventPayloads;

export const WINNOW_EVENTS = ['scan', 'library-changed', 'decisions'] as const satisfies readonly WinnowEventName[];
type MissingEvent = Exclude<WinnowEventName, (typeof WINNOW_EVENTS)[number]>;
const _everyEventListed: MissingEvent extends never ? true : MissingEvent = true;
void _everyEventListed;

/**
 * The envelope every transport carries: the browser host's WebSocket sends it as JSON, Electron
 * sends it on EVENT_CHANNEL.
 */
export type WinnowEvent = { [N in WinnowEventName]: { readonly name: N; readonly payload: WinnowEventPayloads[N] } }[WinnowEventName];

export const EVENT_CHANNEL = 'winnow:event';

/** How the renderer listens: the preload exposes this (as window.winnowEvents); the browser client implements it. */
export interface WinnowEventSource {
  on<N extends WinnowEventName>(name: N, listener: (payload: WinnowEventPayloads[N]) => void): () => void;
}

/** Image renditions: the 320 px thumbnail, a display-size JPEG for the loupe, the file itself. */
export type MediaKind = 'thumbnail' | 'preview' | 'original';
