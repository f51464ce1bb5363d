import type { Database } from 'better-sqlite3';
import type { DecisionChange } from '../../shared/decisions.js';
import { SidecarLocator } from '../xmp/sidecar-locator.js';
import { readSidecarFor, type SidecarProblem } from '../xmp/sidecar-files.js';
import { readEmbeddedDecision } from '../xmp/embedded-packet.js';
import { DecisionStore, type PhotoDecision } from '../store/decision-store.js';

export interface ImportSummary {
  /** Photos whose decision changed to what their sidecar says. */
  readonly imported: PhotoDecision[];
  readonly problems: SidecarProblem[];
}

/**
 * Brings decisions made in other tools into the library: for each photo, the sidecar's rating, pick
 * and label (over those inside the photo, when asked) replace Winnow's (fields both are silent on
 * are kept). This is the hook a scan
 * calls for the photos it finds; imports are not undoable actions, since they record what the
 * files already say. Unreadable or malformed sidecars are reported and left untouched.
 */
export async function importSidecarDecisions(
  db: Database,
  photos: readonly { readonly id: number; readonly path: string }[],
  locator = new SidecarLocator(),
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const store = new DecisionStore(db);
  const imported: PhotoDecision[] = [];
  const problems: SidecarProblem[] = [];
  for (const photo of photos) {
    let change: DecisionChange = {};
    if (options.embedded) {
      const inside = await readEmbeddedDecision(photo.path);
      if (inside.kind === 'read') change = inside.change;
      if (inside.kind === 'problem') problems.push({ photoPath: photo.path, sidecarPath: photo.path, code: inside.code, message: `${photo.path}: ${inside.message}` });
    }
    const reading = await readSidecarFor(photo.path, locator);
    if (reading.kind === 'problem') problems.push(reading.problem);
    // The sidecar wins field by field: it is where tools record later decisions about the photo.
    if (reading.kind === 'read') change = { ...change, ...reading.change };
    if (Object.keys(change).length === 0) continue;
    const changed = store.importDecision(photo.id, change);
    if (changed) imported.push(changed);
  }
  return { imported, problems };
}

export interface ImportOptions {
  /**
   * Also read the decision inside the photo's own XMP packet, under the sidecar's. Only for photos
   * entering the library: afterwards Winnow's own decisions, mirrored in sidecars, are the record.
   */
  readonly embedded?: boolean;
}
