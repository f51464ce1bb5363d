import fs from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../core/media/media-resolver.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export type StaticFile = { readonly file: string; readonly contentType: string } | null;

/**
 * Maps a URL path to a file of the built renderer, and only to one: no dot segments, no encoded
 * separators, and the real path must stay inside the folder (a link inside cannot lead out).
 */
export async function resolveStatic(rendererDir: string, urlPath: string): Promise<StaticFile> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\') || rel.split('/').some((seg) => seg === '..' || seg === '.')) return null;
  const type = TYPES[path.extname(rel).toLowerCase()];
  if (!type) return null;
  try {
    const [base, real] = await Promise.all([fs.realpath(rendererDir), fs.realpath(path.join(rendererDir, rel))]);
    if (!isInside(base, real)) return null;
    const stat = await fs.stat(real);
    return stat.isFile() ? { file: real, contentType: type } : null;
  } catch {
    return null;
  }
}
