import fs from 'node:fs/promises';
import type { Decision, DecisionChange } from '../decisions/decision-types.js';
import { errorMessage, WinnowError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { SidecarLocator } from './sidecar-locator.js';
import { readDecision, writeDecision } from './xmp-decision.js';
import { XmpDocument } from './xmp-document.js';

export interface SidecarProblem {
  readonly photoPath: string;
  readonly sidecarPath: string;
  readonly code: string;
  readonly message: string;
}

export interface SidecarWriteReport {
  readonly written: string[];
  readonly problems: SidecarProblem[];
}

async function readText(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new WinnowError('SIDECAR_UNREADABLE', `cannot read sidecar: ${errorMessage(err)}`);
  }
}

/**
 * Merges the decision into one sidecar, creating it if needed. A file that cannot be parsed throws
 * before anything is written, so a malformed sidecar is never replaced.
 */
export async function writeDecisionToSidecar(sidecarPath: string, decision: Decision): Promise<void> {
  const text = await readText(sidecarPath);
  const doc = text === null ? XmpDocument.create() : XmpDocument.parse(text);
  writeDecision(doc, decision);
  await writeFileAtomic(sidecarPath, doc.serialize());
}

/** Writes a photo's decision into each of its sidecars; a failure is reported, never thrown. */
export async function writeSidecarsFor(photoPath: string, decision: Decision, locator: SidecarLocator): Promise<SidecarWriteReport> {
  const report: SidecarWriteReport = { written: [], problems: [] };
  const targets = await locator.forWriting(photoPath);
  for (const sidecarPath of targets) {
    try {
      await writeDecisionToSidecar(sidecarPath, decision);
      await locator.noteCreated(sidecarPath);
      report.written.push(sidecarPath);
    } catch (err) {
      report.problems.push(problem(photoPath, sidecarPath, err));
    }
  }
  return report;
}

export type SidecarReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'read'; readonly sidecarPath: string; readonly change: DecisionChange }
  | { readonly kind: 'problem'; readonly problem: SidecarProblem };

/** Reads the decision another tool left in the photo's sidecar, for import. Never throws. */
export async function readSidecarFor(photoPath: string, locator: SidecarLocator): Promise<SidecarReading> {
  const sidecarPath = await locator.forReading(photoPath);
  if (!sidecarPath) return { kind: 'none' };
  try {
    const text = await readText(sidecarPath);
    if (text === null) return { kind: 'none' };
    return { kind: 'read', sidecarPath, change: readDecision(XmpDocument.parse(text)) };
  } catch (err) {
    return { kind: 'problem', problem: problem(photoPath, sidecarPath, err) };
  }
}

function problem(photoPath: string, sidecarPath: string, err: unknown): SidecarProblem {
  const code = err instanceof WinnowError ? err.code : 'SIDECAR_WRITE_FAILED';
  const suffix = code === 'SIDECAR_MALFORMED' ? ' (left unchanged; fix or remove it and write again)' : '';
  return { photoPath, sidecarPath, code, message: `${sidecarPath}: ${errorMessage(err)}${suffix}` };
}
