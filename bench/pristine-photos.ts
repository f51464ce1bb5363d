import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './bench-paths.js';

/**
 * The 66 clean photographs listed in ../shared/data/pristine.tsv live inside Debian packages.
 * Fetch each package once with apt-get download, unpack it with dpkg -x, and return the paths of
 * the photos; everything is cached, so later runs touch neither apt nor the network.
 */
export function pristinePhotos(cacheDir: string): string[] {
  const tsv = path.resolve(REPO_ROOT, '../shared/data/pristine.tsv');
  const rows = fs
    .readFileSync(tsv, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .map(([pkg, file]) => ({ pkg: pkg!, file: file! }));
  const debs = path.join(cacheDir, 'debs');
  const unpacked = path.join(cacheDir, 'unpacked');
  fs.mkdirSync(debs, { recursive: true });
  const out: string[] = [];
  for (const pkg of [...new Set(rows.map((r) => r.pkg))]) {
    const target = path.join(unpacked, pkg);
    if (!fs.existsSync(target)) {
      let deb = fs.readdirSync(debs).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
      if (!deb) {
        execFileSync('apt-get', ['download', pkg], { cwd: debs, stdio: 'ignore' });
        deb = fs.readdirSync(debs).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
        if (!deb) throw new Error(`apt-get download ${pkg} produced no .deb`);
      }
      fs.mkdirSync(`${target}.partial`, { recursive: true });
      execFileSync('dpkg', ['-x', path.join(debs, deb), `${target}.partial`], { stdio: 'ignore' });
      fs.renameSync(`${target}.partial`, target);
    }
    for (const r of rows.filter((row) => row.pkg === pkg)) {
      const photo = path.join(target, r.file);
      if (fs.existsSync(photo)) out.push(photo);
    }
  }
  if (out.length === 0) throw new Error('no pristine photos could be extracted');
  return out;
}
