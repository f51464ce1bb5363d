import type { Database } from 'better-sqlite3';
import { SidecarLocator } from '../xmp/sidecar-locator.js';
import { readSidecarFor, type SidecarProblem } from '../xmp/sidecar-files.js';
import { DecisionStore, type PhotoDecision } from '../store/decision-store.js';

export interface ImportSummary {
  /** Photos whose decision changed to what their sidecar says. */
  readonly imported: PhotoDecision[];
  readonly problems: SidecarProblem[];
}

/**
 * Brings decisions made in other tools into the library: for each photo, the sidecar's rating, pick
 * and label replace Winnow's (fields the sidecar is silent on are kept). This is the hook a scan
 * calls for the photos it finds; imports are not undoable actions, since they record what the
 * files already say. Unreadable or malformed sidecars are reported and left untouched.
 */
export async function importSidecarDecisions(
  db: Database,
  photos: readonly { readonly id: number; readonly path: string }[],
  locator = new SidecarLocator(),
): Promise<ImportSummary> {
  const store = new DecisionStore(db);
  const imported: PhotoDecision[] = [];
  const problems: SidecarProblem[] = [];
  for (const photo of photos) {
    const reading = await readSidecarFor(photo.path, locator);
    if (reading.kind === 'problem') problems.push(reading.problem);
    if (reading.kind !== 'read') continue;
    const changed = store.importDecision(photo.id, reading.change);
    if (changed) imported.push(changed);
  }
  return { imported, problems };
}
