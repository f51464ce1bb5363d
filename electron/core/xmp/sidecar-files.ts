import fs from 'node:fs/promises';
import path from 'node:path';
import type { Decision, DecisionChange } from '../../shared/decisions.js';
import { readBoundedFile } from '../bounded-file-read.js';
import { errorMessage, WinnowError } from '../errors.js';
import { syncFolder, writeFileAtomic } from './atomic-write.js';
import { queuePerFile } from './per-file-queue.js';
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

/** Sidecars are small text files; darktable's with a long history reach a few hundred KiB. */
export const MAX_SIDECAR_BYTES = 16 * 1024 * 1024;

/**
 * Reads a sidecar as text, within a size cap and only if it is a regular file (see
 * readBoundedFile). The bytes are decoded as the XML declaration says, and the declaration is made
 * to say UTF-8, which is how Winnow writes the file back, so every character survives.
 */
export async function readSidecarText(file: string, maxBytes = MAX_SIDECAR_BYTES): Promise<string | null> {
  let bytes: Buffer;
  try {
    bytes = await readBoundedFile(file, maxBytes, {
      notAFile: () => new WinnowError('SIDECAR_NOT_A_FILE', 'the sidecar is not a regular file (a pipe, socket or device); not read'),
      tooLarge: (size) => new WinnowError('SIDECAR_TOO_LARGE', `the sidecar is ${Math.round(size / 2 ** 20)} MiB, beyond the ${maxBytes / 2 ** 20} MiB Winnow reads`),
    });
  } catch (err) {
    if (err instanceof WinnowError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new WinnowError('SIDECAR_UNREADABLE', `cannot read sidecar: ${errorMessage(err)}`);
  }
  return decodeXml(bytes);
}

const DECLARED_ENCODING = /^(\uFEFF?<\?xml[^?>]*?\bencoding\s*=\s*["'])([A-Za-z0-9._-]+)(["'])/;

function decodeXml(bytes: Buffer): string {
  const head = bytes.subarray(0, 200).toString('latin1');
  const declared = DECLARED_ENCODING.exec(head)?.[2];
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(declared ?? 'utf-8');
  } catch {
    throw new WinnowError('SIDECAR_MALFORMED', `the sidecar declares an unknown encoding "${declared}"`);
  }
  const text = decoder.decode(bytes);
  return declared ? text.replace(DECLARED_ENCODING, '$1UTF-8$3') : text;
}

/**
 * Merges the decision into one sidecar, creating it if needed. A file that cannot be parsed throws
 * before anything is written, so a malformed sidecar is never replaced.
 */
export async function writeDecisionToSidecar(sidecarPath: string, decision: Decision, deferFolderSync?: Set<string>): Promise<void> {
  const text = await readSidecarText(sidecarPath);
  const doc = text === null ? XmpDocument.create() : XmpDocument.parse(text);
  writeDecision(doc, decision);
  await writeFileAtomic(sidecarPath, doc.serialize(), deferFolderSync ? { deferFolderSync } : {});
}

/**
 * The decision to write, or how to read it at the moment of writing. Reading it then makes the
 * latest decision win whatever order writes finish in, even against another process (the CLI
 * beside the app) that changed the database meanwhile.
 */
export type DecisionSource = Decision | (() => Decision);

/**
 * A sidecar lives beside its photo. One that is a link to a file elsewhere (outside the library,
 * perhaps) is never written through: Winnow writes only inside the folders it was given.
 */
async function refuseLinkAway(photoPath: string, sidecarPath: string): Promise<void> {
  const real = await fs.realpath(sidecarPath).catch(() => null);
  if (real === null) return; // not there yet: it will be created beside the photo
  const photoFolder = await fs.realpath(path.dirname(photoPath));
  if (path.dirname(real) !== photoFolder) {
    throw new WinnowError('SIDECAR_LINK_AWAY', `the sidecar is a link to ${real}, outside the photo's folder; not written through (replace the link with the file itself)`);
  }
}

/**
 * Writes a photo's decision into each of its sidecars; a failure is reported, never thrown.
 * Writes to one sidecar are queued, never interleaved (see per-file-queue.ts).
 */
export async function writeSidecarsFor(photoPath: string, decision: DecisionSource, locator: SidecarLocator, deferFolderSync?: Set<string>): Promise<SidecarWriteReport> {
  const report: SidecarWriteReport = { written: [], problems: [] };
  const targets = await locator.forWriting(photoPath);
  for (const sidecarPath of targets) {
    try {
      await refuseLinkAway(photoPath, sidecarPath);
      await queuePerFile(sidecarPath, () => writeDecisionToSidecar(sidecarPath, typeof decision === 'function' ? decision() : decision, deferFolderSync));
      await locator.noteCreated(sidecarPath);
      report.written.push(sidecarPath);
    } catch (err) {
      report.problems.push(problem(photoPath, sidecarPath, err));
    }
  }
  return report;
}

/** Files written at once: fsync waits on the disk, so a few in flight overlap those waits. */
const BATCH_CONCURRENCY = 4;

/**
 * Writes the sidecars of many photos: a few at a time, each file flushed before its rename, and
 * each folder synced once at the end rather than after every file.
 */
export async function writeSidecarBatch(photos: readonly { path: string; decision: DecisionSource }[]): Promise<{ written: number; problems: SidecarProblem[] }> {
  const locator = new SidecarLocator();
  const folders = new Set<string>();
  const problems: SidecarProblem[] = [];
  let written = 0;
  let next = 0;
  const worker = async () => {
    while (next < photos.length) {
      const photo = photos[next++]!;
      const report = await writeSidecarsFor(photo.path, photo.decision, locator, folders);
      written += report.written.length;
      problems.push(...report.problems);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, photos.length) }, worker));
  await Promise.all([...folders].map(syncFolder));
  return { written, problems };
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
    const text = await readSidecarText(sidecarPath);
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
