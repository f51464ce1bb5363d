import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../electron/shared/decisions.js';
import { readSidecarFor, writeSidecarsFor } from '../../../electron/core/xmp/sidecar-files.js';
import { SidecarLocator } from '../../../electron/core/xmp/sidecar-locator.js';
import { readDecision } from '../../../electron/core/xmp/xmp-decision.js';
import { XmpDocument } from '../../../electron/core/xmp/xmp-document.js';
import { NS } from '../../../electron/core/xmp/xmp-namespaces.js';
import { copySample, foreignFacts, propertyValues, samplesDir } from './xmp-fixtures.js';
import { tempDir } from '../../helpers/paths.js';

const SAMPLES = fs.readdirSync(samplesDir).filter((f) => f.endsWith('.xmp'));

async function writeAndRead(dir: string, photoName: string, decision: Decision) {
  const photo = path.join(dir, photoName);
  const report = await writeSidecarsFor(photo, decision, new SidecarLocator());
  expect(report.problems).toEqual([]);
  const reading = await readSidecarFor(photo, new SidecarLocator());
  return { report, reading };
}

describe('XMP sidecars written over real files from other tools', () => {
  it('finds the sample sidecars', () => {
    expect(SAMPLES).toEqual(expect.arrayContaining(['darktable-aurora.jpg.xmp', 'digikam-aurora.jpg.xmp', 'canon_eos_6d.xmp', 'photoshop.xmp', 'rating-rejected.xmp']));
  });

  it.each(SAMPLES)('%s keeps every foreign property and reads back what Winnow wrote', async (sample) => {
    const dir = tempDir();
    const sidecar = copySample(sample, dir, 'IMG_0001.JPG.xmp');
    const before = fs.readFileSync(sidecar, 'utf8');
    const decision: Decision = { rating: 3, pick: 1, colorLabel: 'Green' };
    const { report, reading } = await writeAndRead(dir, 'IMG_0001.JPG', decision);
    expect(report.written).toEqual([sidecar]);
    const after = fs.readFileSync(sidecar, 'utf8');
    expect(foreignFacts(after)).toEqual(foreignFacts(before));
    expect(reading).toMatchObject({ kind: 'read', change: decision });
    // No temporary files are left behind by the atomic write.
    expect(fs.readdirSync(dir)).toEqual(['IMG_0001.JPG.xmp']);
  });

  it('keeps darktable history, masks, tags and attribute form when rating', async () => {
    const dir = tempDir();
    const sidecar = copySample('darktable-aurora.jpg.xmp', dir, 'aurora.jpg.xmp');
    await writeAndRead(dir, 'aurora.jpg', { rating: 4, pick: 0, colorLabel: null });
    const xml = fs.readFileSync(sidecar, 'utf8');
    // darktable wrote xmp:Rating as an attribute; it is updated in place, not duplicated.
    expect(propertyValues(xml, NS.xmp, 'Rating')).toEqual(['4']);
    expect(xml).toMatch(/xmp:Rating="4"/);
    expect(propertyValues(xml, NS.darktable, 'history_end')).toEqual(['4']);
    expect(xml).toContain('darktable:operation="flip"');
    expect(xml).toContain('darktable|format|jpg');
    expect(xml).toContain('acdsee:notes="This is notes"');
  });

  it('writes a reject the way darktable means it: xmp:Rating -1, and keeps the stars in the library only', async () => {
    const dir = tempDir();
    const sidecar = copySample('darktable-aurora.jpg.xmp', dir, 'aurora.jpg.xmp');
    await writeAndRead(dir, 'aurora.jpg', { rating: 2, pick: -1, colorLabel: null });
    const xml = fs.readFileSync(sidecar, 'utf8');
    expect(propertyValues(xml, NS.xmp, 'Rating')).toEqual(['-1']);
    expect(propertyValues(xml, NS.xmpDM, 'pick')).toEqual(['-1']);
    // Un-rejecting brings the stars back into the file.
    await writeAndRead(dir, 'aurora.jpg', { rating: 2, pick: 0, colorLabel: null });
    expect(propertyValues(fs.readFileSync(sidecar, 'utf8'), NS.xmp, 'Rating')).toEqual(['2']);
  });

  it("writes digiKam's own pick and colour labels next to the Lightroom ones", async () => {
    const dir = tempDir();
    const sidecar = copySample('digikam-aurora.jpg.xmp', dir, 'aurora.jpg.xmp');
    await writeAndRead(dir, 'aurora.jpg', { rating: 5, pick: 1, colorLabel: 'Red' });
    let xml = fs.readFileSync(sidecar, 'utf8');
    expect(propertyValues(xml, NS.digiKam, 'PickLabel')).toEqual(['3']); // accepted
    expect(propertyValues(xml, NS.digiKam, 'ColorLabel')).toEqual(['1']); // red
    expect(propertyValues(xml, NS.xmp, 'Label')).toEqual(['Red']);
    expect(propertyValues(xml, NS.xmp, 'Rating')).toEqual(['5']);
    expect(xml).toContain('<rdf:li>Iceland</rdf:li>');

    await writeAndRead(dir, 'aurora.jpg', { rating: 5, pick: -1, colorLabel: 'Purple' });
    xml = fs.readFileSync(sidecar, 'utf8');
    expect(propertyValues(xml, NS.digiKam, 'PickLabel')).toEqual(['1']); // rejected
    expect(propertyValues(xml, NS.digiKam, 'ColorLabel')).toEqual(['6']); // digiKam calls it magenta
  });

  it("leaves a label Winnow cannot show (digiKam's NoColor) alone when clearing the label", async () => {
    const dir = tempDir();
    const sidecar = copySample('digikam-aurora.jpg.xmp', dir, 'aurora.jpg.xmp');
    await writeAndRead(dir, 'aurora.jpg', { rating: 1, pick: 0, colorLabel: null });
    expect(propertyValues(fs.readFileSync(sidecar, 'utf8'), NS.xmp, 'Label')).toEqual(['NoColor']);
  });

  it('updates element-form properties in place (Photoshop) and reads the existing rating first', async () => {
    const dir = tempDir();
    const sidecar = copySample('photoshop.xmp', dir, 'desk.jpg.xmp');
    expect(readDecision(XmpDocument.parse(fs.readFileSync(sidecar, 'utf8')))).toEqual({ rating: 4 });
    await writeAndRead(dir, 'desk.jpg', { rating: 2, pick: 0, colorLabel: 'Blue' });
    const xml = fs.readFileSync(sidecar, 'utf8');
    expect(xml).toContain('<xmp:Rating>2</xmp:Rating>');
    expect(propertyValues(xml, NS.xmp, 'Rating')).toEqual(['2']);
  });

  it('reads a rejected sidecar as a reject', async () => {
    const dir = tempDir();
    copySample('rating-rejected.xmp', dir, 'x.jpg.xmp');
    const reading = await readSidecarFor(path.join(dir, 'x.jpg'), new SidecarLocator());
    expect(reading).toMatchObject({ kind: 'read', change: { pick: -1 } });
    expect(reading.kind === 'read' && 'rating' in reading.change).toBe(false);
  });

  it('adds properties to ExifTool-style sidecars with many rdf:Description blocks', async () => {
    const dir = tempDir();
    const sidecar = copySample('canon_eos_6d.xmp', dir, 'IMG_1.CR2.xmp');
    await writeAndRead(dir, 'IMG_1.CR2', { rating: 1, pick: -1, colorLabel: 'Yellow' });
    const xml = fs.readFileSync(sidecar, 'utf8');
    expect(propertyValues(xml, NS.xmp, 'Rating')).toEqual(['-1']);
    expect(propertyValues(xml, NS.xmp, 'Label')).toEqual(['Yellow']);
    expect(xml.startsWith("<?xpacket begin='\uFEFF'")).toBe(true);
  });
});

describe('sidecars Winnow creates', () => {
  it('creates a valid packet that plain XML readers understand', async () => {
    const dir = tempDir();
    const { reading } = await writeAndRead(dir, 'new.jpg', { rating: 5, pick: 1, colorLabel: 'Purple' });
    const xml = fs.readFileSync(path.join(dir, 'new.jpg.xmp'), 'utf8');
    expect(xml).toMatch(/^<\?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"\?>/);
    expect(xml.trimEnd().endsWith('<?xpacket end="w"?>')).toBe(true);
    expect(propertyValues(xml, NS.xmp, 'Rating')).toEqual(['5']);
    expect(propertyValues(xml, NS.xmpDM, 'pick')).toEqual(['1']);
    expect(propertyValues(xml, NS.digiKam, 'PickLabel')).toEqual(['3']);
    expect(propertyValues(xml, NS.xmp, 'Label')).toEqual(['Purple']);
    expect(reading).toMatchObject({ kind: 'read', change: { rating: 5, pick: 1, colorLabel: 'Purple' } });
  });

  it('uses another prefix when the file binds "xmp" to something else', async () => {
    const dir = tempDir();
    const sidecar = path.join(dir, 'odd.jpg.xmp');
    fs.writeFileSync(
      sidecar,
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
        '<rdf:Description rdf:about="" xmlns:xmp="urn:example:not-xmp" xmp:Rating="keep-me"/></rdf:RDF></x:xmpmeta>',
    );
    await writeAndRead(dir, 'odd.jpg', { rating: 3, pick: 0, colorLabel: null });
    const xml = fs.readFileSync(sidecar, 'utf8');
    expect(propertyValues(xml, 'urn:example:not-xmp', 'Rating')).toEqual(['keep-me']);
    expect(propertyValues(xml, NS.xmp, 'Rating')).toEqual(['3']);
  });

  it('round-trips a generated sidecar in element form with foreign content', async () => {
    const dir = tempDir();
    const sidecar = path.join(dir, 'gen.jpg.xmp');
    const original =
      '<?xml version="1.0" encoding="UTF-8"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">\n <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n' +
      '  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:crs="http://ns.adobe.com/camera-raw-settings/1.0/" xmlns:foo="urn:foo">\n' +
      '   <xmp:Rating>2</xmp:Rating>\n   <xmp:Label>Red</xmp:Label>\n   <crs:Exposure2012>+0.35</crs:Exposure2012>\n' +
      '   <foo:bag><rdf:Bag><rdf:li>a &amp; b</rdf:li><rdf:li>ü</rdf:li></rdf:Bag></foo:bag>\n   <!-- kept comment -->\n  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n';
    fs.writeFileSync(sidecar, original);
    const { reading } = await writeAndRead(dir, 'gen.jpg', { rating: 4, pick: 0, colorLabel: null });
    const xml = fs.readFileSync(sidecar, 'utf8');
    expect(foreignFacts(xml)).toEqual(foreignFacts(original));
    expect(xml).toContain('<!-- kept comment -->');
    expect(propertyValues(xml, NS.xmp, 'Label')).toEqual([]);
    expect(reading).toMatchObject({ kind: 'read', change: { rating: 4, pick: 0, colorLabel: null } });
  });
});

describe('fields other tools keep for the same decision', () => {
  it("keeps darktable's own colour labels and Windows' percent rating in step when present", async () => {
    const dir = tempDir();
    const sidecar = path.join(dir, 'dt.jpg.xmp');
    fs.writeFileSync(
      sidecar,
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
        '<rdf:Description rdf:about="" xmlns:darktable="http://darktable.sf.net/" xmlns:MicrosoftPhoto="http://ns.microsoft.com/photo/1.0/" MicrosoftPhoto:Rating="1">' +
        '<darktable:colorlabels><rdf:Seq><rdf:li>0</rdf:li><rdf:li>3</rdf:li></rdf:Seq></darktable:colorlabels>' +
        '</rdf:Description></rdf:RDF></x:xmpmeta>',
    );
    await writeAndRead(dir, 'dt.jpg', { rating: 4, pick: 0, colorLabel: 'Green' });
    let doc = XmpDocument.parse(fs.readFileSync(sidecar, 'utf8'));
    expect(doc.getList({ ns: NS.darktable, prefix: 'darktable', local: 'colorlabels' })).toEqual(['2']);
    expect(propertyValues(fs.readFileSync(sidecar, 'utf8'), NS.MicrosoftPhoto, 'Rating')).toEqual(['75']);
    await writeAndRead(dir, 'dt.jpg', { rating: 4, pick: 0, colorLabel: null });
    doc = XmpDocument.parse(fs.readFileSync(sidecar, 'utf8'));
    expect(doc.getList({ ns: NS.darktable, prefix: 'darktable', local: 'colorlabels' })).toEqual([]);
  });
});

describe('files Winnow must not change', () => {
  it('leaves a read-only sidecar alone and says so', async () => {
    const dir = tempDir();
    const sidecar = copySample('photoshop.xmp', dir, 'ro.jpg.xmp');
    fs.chmodSync(sidecar, 0o444);
    const before = fs.readFileSync(sidecar, 'utf8');
    const report = await writeSidecarsFor(path.join(dir, 'ro.jpg'), { rating: 1, pick: 0, colorLabel: null }, new SidecarLocator());
    expect(report.problems).toMatchObject([{ code: 'SIDECAR_READ_ONLY' }]);
    expect(fs.readFileSync(sidecar, 'utf8')).toBe(before);
  });

  it('writes through a symbolic link and keeps the link', async () => {
    const dir = tempDir();
    const real = copySample('darktable-aurora.jpg.xmp', dir, 'real.xmp');
    fs.symlinkSync(real, path.join(dir, 'l.jpg.xmp'));
    await writeAndRead(dir, 'l.jpg', { rating: 5, pick: 0, colorLabel: null });
    expect(fs.lstatSync(path.join(dir, 'l.jpg.xmp')).isSymbolicLink()).toBe(true);
    expect(propertyValues(fs.readFileSync(real, 'utf8'), NS.xmp, 'Rating')).toEqual(['5']);
  });
});

describe('malformed sidecars', () => {
  it.each([
    ['truncated', '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description'],
    ['not XMP', '<html><body>hello</body></html>'],
    ['empty', ''],
    ['mismatched tags', '<x:xmpmeta xmlns:x="adobe:ns:meta/"><a></b></x:xmpmeta>'],
  ])('%s: reported per file and never overwritten', async (_name, content) => {
    const dir = tempDir();
    const sidecar = path.join(dir, 'bad.jpg.xmp');
    fs.writeFileSync(sidecar, content);
    const photo = path.join(dir, 'bad.jpg');
    const report = await writeSidecarsFor(photo, { rating: 5, pick: 1, colorLabel: null }, new SidecarLocator());
    expect(report.written).toEqual([]);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ code: 'SIDECAR_MALFORMED', sidecarPath: sidecar });
    expect(report.problems[0]!.message).toContain(sidecar);
    expect(fs.readFileSync(sidecar, 'utf8')).toBe(content);
    expect(fs.readdirSync(dir)).toEqual(['bad.jpg.xmp']);
    const reading = await readSidecarFor(photo, new SidecarLocator());
    expect(reading).toMatchObject({ kind: 'problem', problem: { code: 'SIDECAR_MALFORMED' } });
  });
});
