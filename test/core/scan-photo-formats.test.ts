import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../electron/host/browser-host.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { FIXTURE_MODEL, REPO_ROOT, SAMPLES, realPhotos, tempDir } from '../helpers/paths.js';
import { rawWithPreview } from '../helpers/raw-samples.js';

/**
 * Every format through the real thing: the CLI scans a mixed library into SQLite, `winnow list`
 * reads it back, and the browser host serves the photos and their loupe previews.
 */

function winnow(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron/cli/winnow.ts'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, WINNOW_MODEL: FIXTURE_MODEL },
  });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

function get(port: number, p: string, token: string): Promise<{ status: number; body: Buffer; type: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, headers: { Host: `127.0.0.1:${port}`, 'X-Winnow-Token': token } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), type: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

let work: string;
let lib: string;
let db: string;
let host: BrowserHost;
let scanOutput: string;

const SCORED = [
  'a.jpg',
  'heic/iphone_7.heic',
  'heic/iphone_15_pro.heic',
  'heic/samsung.heic',
  'fox.avif',
  'raw/canon_eos_6d.dng',
  'raw/canon_r6.CR3',
  'raw/canon_350d.cr2',
  'raw/panasonic.rw2',
  'raw/minolta.mrw',
  'raw/canon_350d_dng.dng',
];

beforeAll(async () => {
  work = tempDir('winnow-formats-');
  lib = path.join(work, 'photos');
  for (const d of ['heic', 'raw']) fs.mkdirSync(path.join(lib, d), { recursive: true });
  fs.copyFileSync(realPhotos(1)[0]!, path.join(lib, 'a.jpg'));
  const formats = path.join(SAMPLES, 'formats');
  fs.copyFileSync(path.join(formats, 'iphone_7.heic'), path.join(lib, 'heic/iphone_7.heic'));
  fs.copyFileSync(path.join(formats, 'iphone_15_pro.heic'), path.join(lib, 'heic/iphone_15_pro.heic'));
  fs.copyFileSync(path.join(formats, 'immich_samsung-one-ui-6.heic'), path.join(lib, 'heic/samsung.heic'));
  fs.copyFileSync(path.join(formats, 'fox.profile0.8bpc.yuv420.avif'), path.join(lib, 'fox.avif'));
  fs.copyFileSync(path.join(formats, 'canon_eos_6d.dng'), path.join(lib, 'raw/canon_eos_6d.dng'));
  fs.copyFileSync(path.join(SAMPLES, 'raw/exiv2_Canon-R6-pruned.CR3'), path.join(lib, 'raw/canon_r6.CR3'));
  await rawWithPreview('exiftool_CanonRaw.cr2', 'PreviewImage', path.join(lib, 'raw/canon_350d.cr2'));
  await rawWithPreview('exiftool_Panasonic.rw2', 'JpgFromRaw', path.join(lib, 'raw/panasonic.rw2'));
  await rawWithPreview('exiftool_Minolta.mrw', 'PreviewImage', path.join(lib, 'raw/minolta.mrw'));
  await rawWithPreview('exiftool_DNG.dng', 'PreviewImage', path.join(lib, 'raw/canon_350d_dng.dng'));
  // Only a 160x120 thumbnail inside; and a DNG cut after its metadata, with no image at all.
  fs.copyFileSync(path.join(SAMPLES, 'raw/filetype_fixture-sony-zv-e10.arw'), path.join(lib, 'raw/sony_thumbnail_only.arw'));
  fs.copyFileSync(path.join(SAMPLES, 'raw/exiv2_IMG_1361.dng'), path.join(lib, 'raw/iphone_cut.dng'));
  fs.writeFileSync(path.join(lib, 'clip.mov'), 'not read');

  db = path.join(work, 'db', 'library.db');
  const scan = winnow(['scan', lib, '--db', db]);
  scanOutput = scan.stdout;
  expect(scan.code, scan.stderr + scan.stdout).toBe(0);

  const renderer = path.join(work, 'renderer');
  fs.mkdirSync(renderer);
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>test</title>');
  host = await startBrowserHost({ dbPath: db, rendererDir: renderer, modelPath: FIXTURE_MODEL, writeSidecars: false });
}, 600_000);

afterAll(async () => {
  await host?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('a library of JPEG, HEIC, AVIF and RAW files', () => {
  it('finds every photo, scores all but the RAWs without a usable preview, and says what it skipped', () => {
    expect(scanOutput).toMatch(/13 photos found, 11 scored, 2 failed/);
    expect(scanOutput).toMatch(/Skipped \(not photos Winnow reads\): 1 video/);
    const listed = JSON.parse(winnow(['list', '--db', db, '--json', '--limit', '100']).stdout) as { path: string; quality: number | null; camera: string | null; width: number; height: number }[];
    expect(listed.map((p) => path.relative(lib, p.path)).sort()).toEqual([...SCORED].sort());
    for (const p of listed) expect(p.quality, p.path).toBeTypeOf('number');
    const r6 = listed.find((p) => p.path.endsWith('canon_r6.CR3'))!;
    expect([r6.camera, r6.width, r6.height]).toEqual(['Canon EOS R6', 1620, 1080]);
    expect(listed.find((p) => p.path.endsWith('iphone_15_pro.heic'))!.camera).toBe('Apple iPhone 15 Pro');
  });

  it('lists RAWs without a usable preview as problems, the thumbnail-only one with its thumbnail', () => {
    const errors = winnow(['list', '--db', db, '--errors']).stdout;
    expect(errors).toMatch(/sony_thumbnail_only\.arw\tdecode\tNO_USABLE_PREVIEW\tno usable preview: the largest image inside this RAW is 160 px/);
    expect(errors).toMatch(/iphone_cut\.dng\tdecode\tNO_PREVIEW\t/);
    expect(errors).toMatch(/clip\.mov\tskipped\tSKIPPED/);
    const store = LibraryStore.open(db, { readonly: true });
    try {
      const row = store.db.prepare("SELECT fingerprint, camera, orientation FROM photos WHERE path LIKE '%sony_thumbnail_only.arw'").get() as { fingerprint: string; camera: string; orientation: number };
      expect([row.camera, row.orientation]).toEqual(['SONY ZV-E10', 6]);
      expect(fs.existsSync(path.join(work, 'db', 'thumbnails', row.fingerprint.slice(0, 2), `${row.fingerprint}.webp`))).toBe(true);
    } finally {
      store.close();
    }
  });

  it('serves every photo, HEIC and RAW included, to the browser with an upright JPEG preview', async () => {
    const page = await host.service.queryPhotos({ limit: 100, sort: 'name', order: 'asc' });
    const byName = new Map(page.rows.map((r) => [r.name, r]));
    expect(page.rows).toHaveLength(13);
    // Nothing silently missing: every file on disk is a photo or counted as skipped.
    const onDisk = fs.readdirSync(lib, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    const counts = await host.service.libraryCounts();
    expect(counts.photos + counts.skipped.reduce((n, k) => n + k.files, 0)).toBe(onDisk);
    expect(byName.get('sony_thumbnail_only.arw')!.hasThumbnail).toBe(true);
    const expectations: [string, number, number][] = [
      ['iphone_7.heic', 1920, 2560], // EXIF orientation 6, no irot
      ['iphone_15_pro.heic', 1920, 2560],
      ['canon_r6.CR3', 1620, 1080],
      ['panasonic.rw2', 1600, 1600],
    ];
    for (const [name, width, height] of expectations) {
      const preview = await get(host.port, `/media/${byName.get(name)!.id}/preview`, host.token);
      expect(preview.status, name).toBe(200);
      expect(preview.type).toBe('image/jpeg');
      const meta = await sharp(preview.body).metadata();
      expect([meta.width, meta.height], name).toEqual([width, height]);
    }
    const thumb = await get(host.port, `/media/${byName.get('sony_thumbnail_only.arw')!.id}/thumbnail`, host.token);
    expect(thumb.status).toBe(200);
    const t = await sharp(thumb.body).metadata();
    expect([t.width, t.height]).toEqual([120, 160]);
  });
});
