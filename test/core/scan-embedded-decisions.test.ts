import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { findXmpPacket } from '../../electron/core/xmp/embedded-packet.js';
import { scanWithFixture } from '../helpers/library.js';
import { FIXTURE_MODEL, REPO_ROOT, SAMPLES, realPhotos, tempDir } from '../helpers/paths.js';

function packet(properties: string, body = ''): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:MicrosoftPhoto="http://ns.microsoft.com/photo/1.0/"
 xmlns:acdsee="http://ns.acdsee.com/iptc/1.0/" xmlns:darktable="http://darktable.sf.net/" xmlns:digiKam="http://www.digikam.org/ns/1.0/" ${properties}>${body}</rdf:Description>
</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
}

async function jpegWith(file: string, xmp: string): Promise<void> {
  await sharp(realPhotos(1)[0]!).withXmp(xmp).jpeg().toFile(file);
}

function decisions(db: string): Record<string, { rating: number; pick: number; color_label: string | null }> {
  const store = LibraryStore.open(db, { readonly: true });
  try {
    const rows = store.db.prepare('SELECT name, rating, pick, color_label FROM photos').all() as { name: string; rating: number; pick: number; color_label: string | null }[];
    return Object.fromEntries(rows.map((r) => [r.name, { rating: r.rating, pick: r.pick, color_label: r.color_label }]));
  } finally {
    store.close();
  }
}

describe('decisions stored inside photos', () => {
  it('finds the XMP packet in the head of a file', async () => {
    const bytes = fs.readFileSync(path.join(SAMPLES, 'metadata', 'digikam.jpg'));
    expect(findXmpPacket(bytes)).toMatch(/^<x:xmpmeta[\s\S]*xmp:Rating="4"[\s\S]*<\/x:xmpmeta>$/);
    expect(findXmpPacket(Buffer.from('no packet here'))).toBeNull();
  });

  it('reads xmp:Rating, Windows and ACDSee ratings, labels, darktable labels and picks when a photo enters; the sidecar wins; nothing is written into photos', async () => {
    const lib = tempDir('winnow-embedded-');
    fs.copyFileSync(path.join(SAMPLES, 'metadata', 'digikam.jpg'), path.join(lib, 'digikam.jpg'));
    await jpegWith(path.join(lib, 'windows.jpg'), packet('MicrosoftPhoto:Rating="75"'));
    await jpegWith(path.join(lib, 'acdsee.jpg'), packet('acdsee:rating="2"'));
    await jpegWith(path.join(lib, 'lightroom.jpg'), packet('xmp:Rating="5" xmp:Label="Green"'));
    await jpegWith(path.join(lib, 'rejected.jpg'), packet('xmp:Rating="-1"'));
    await jpegWith(path.join(lib, 'darktable.jpg'), packet('', '<darktable:colorlabels><rdf:Seq><rdf:li>3</rdf:li><rdf:li>0</rdf:li></rdf:Seq></darktable:colorlabels>'));
    await jpegWith(path.join(lib, 'picked.jpg'), packet('digiKam:PickLabel="3" xmp:Rating="2"'));
    await jpegWith(path.join(lib, 'both.jpg'), packet('xmp:Rating="5" xmp:Label="Red"'));
    fs.writeFileSync(path.join(lib, 'both.jpg.xmp'), packet('xmp:Rating="1"'));
    await jpegWith(path.join(lib, 'broken.jpg'), '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>not closed</x:xmpmeta>');
    const before = new Map(fs.readdirSync(lib).map((n) => [n, fs.readFileSync(path.join(lib, n))]));

    const db = path.join(tempDir(), 'library.db');
    await scanWithFixture(lib, db);
    expect(decisions(db)).toMatchObject({
      'digikam.jpg': { rating: 4 },
      'windows.jpg': { rating: 4, pick: 0, color_label: null },
      'acdsee.jpg': { rating: 2 },
      'lightroom.jpg': { rating: 5, color_label: 'Green' },
      'rejected.jpg': { pick: -1 },
      'darktable.jpg': { color_label: 'Blue' },
      'picked.jpg': { rating: 2, pick: 1 },
      // Rating from the sidecar, the label the sidecar is silent on from inside the photo.
      'both.jpg': { rating: 1, color_label: 'Red' },
      'broken.jpg': { rating: 0 },
    });
    const store = LibraryStore.open(db, { readonly: true });
    expect(store.photoErrors().filter((e) => e.stage === 'sidecar').map((e) => [path.basename(e.path), e.code])).toEqual([['broken.jpg', 'SIDECAR_MALFORMED']]);
    store.close();
    for (const [name, bytes] of before) expect(fs.readFileSync(path.join(lib, name)).equals(bytes), name).toBe(true);

    // Read on first entry only: Winnow's later decisions are not overridden by a rescan.
    const rw = LibraryStore.open(db);
    rw.db.prepare("UPDATE photos SET rating = 1 WHERE name = 'lightroom.jpg'").run();
    rw.close();
    await scanWithFixture(lib, db);
    expect(decisions(db)['lightroom.jpg']!.rating).toBe(1);

    // And out through the CLI.
    const list = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron/cli/winnow.ts'), 'list', '--db', db, '--json', '--sort', 'name'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, WINNOW_MODEL: FIXTURE_MODEL },
    });
    const rows = JSON.parse(list.stdout) as { path: string; rating: number; pick: string; colorLabel: string | null }[];
    expect(rows.find((r) => r.path.endsWith('windows.jpg'))!.rating).toBe(4);
    expect(rows.find((r) => r.path.endsWith('darktable.jpg'))!.colorLabel).toBe('Blue');
  }, 120_000);
});
