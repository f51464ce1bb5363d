import fs from 'node:fs';
import path from 'node:path';
import { parseWindowState, type WindowState } from './window-state.js';

/** A missing, unreadable or malformed file is the same as no saved state: never a startup error. */
export function readWindowState(file: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}

/**
 * Written synchronously (it is a few bytes, saved while the window closes, when an async write
 * could be cut off by the quit) and atomically, so a crash never leaves half a file.
 */
export function writeWindowState(file: string, state: WindowState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(tmp, file);
}
