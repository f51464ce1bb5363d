import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import fs from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
/** Real sidecars written by Lightroom/ACR, darktable, digiKam, Apple Photos, Photoshop, ExifTool. */
export const samplesDir = path.resolve(repoRoot, '../shared/data/samples/xmp');

/** Copies a sample sidecar beside a (fake, never read) photo name and returns the sidecar's path. */
export function copySample(sample: string, dir: string, sidecarName: string): string {
  const target = path.join(dir, sidecarName);
  fs.copyFileSync(path.join(samplesDir, sample), target);
  // The shared samples are read-only and a copy keeps that mark, which Winnow honours; a
  // photographer's own sidecars are writable.
  fs.chmodSync(target, 0o644);
  return target;
}

const OWNED = new Set([
  'http://ns.adobe.com/xap/1.0/|Rating',
  'http://ns.adobe.com/xap/1.0/|Label',
  'http://ns.adobe.com/xap/1.0/|MetadataDate',
  'http://ns.adobe.com/xmp/1.0/DynamicMedia/|pick',
  'http://www.digikam.org/ns/1.0/|PickLabel',
  'http://www.digikam.org/ns/1.0/|ColorLabel',
  'http://ns.microsoft.com/photo/1.0/|Rating',
  'http://darktable.sf.net/|colorlabels',
]);

/**
 * Every fact in a packet as a line: element paths by namespace URI (prefixes may legitimately
 * change), attribute values, non-blank text and processing instructions. Properties Winnow owns
 * are left out, so "the lines before are all still there after" means nothing foreign was lost.
 */
export function foreignFacts(xml: string): string[] {
  const doc = new DOMParser().parseFromString(xml.replace(/^\uFEFF/, ''), 'text/xml');
  const facts: string[] = [];
  const walk = (node: Node, where: string): void => {
    for (let c = node.firstChild, i = 0; c; c = c.nextSibling, i++) {
      if (c.nodeType === 7) facts.push(`${where} ?${c.nodeName} ${c.nodeValue}`);
      if (c.nodeType === 3 && c.nodeValue!.trim()) facts.push(`${where} = ${c.nodeValue!.trim()}`);
      if (c.nodeType !== 1) continue;
      const el = c as Element;
      const key = `${el.namespaceURI}|${el.localName}`;
      if (OWNED.has(key)) continue;
      const here = `${where}/${key}[${elementIndex(el)}]`;
      for (let a = 0; a < el.attributes.length; a++) {
        const attr = el.attributes.item(a)!;
        if (attr.name.startsWith('xmlns') || OWNED.has(`${attr.namespaceURI}|${attr.localName}`)) continue;
        facts.push(`${here} @${attr.namespaceURI}|${attr.localName}=${attr.value}`);
      }
      walk(el, here);
    }
  };
  walk(doc, '');
  return facts.sort();
}

function elementIndex(el: Element): number {
  let n = 0;
  for (let s = el.previousSibling; s; s = s.previousSibling) if (s.nodeType === 1 && (s as Element).localName === el.localName) n++;
  return n;
}

/** The value of a property as another program would look it up: attribute or element form. */
export function propertyValues(xml: string, ns: string, local: string): string[] {
  const doc = new DOMParser().parseFromString(xml.replace(/^\uFEFF/, ''), 'text/xml');
  const out: string[] = [];
  const descs = doc.getElementsByTagNameNS('http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'Description');
  for (let i = 0; i < descs.length; i++) {
    const d = descs.item(i)!;
    if (d.hasAttributeNS(ns, local)) out.push(d.getAttributeNS(ns, local)!);
    const els = d.getElementsByTagNameNS(ns, local);
    for (let j = 0; j < els.length; j++) if (els.item(j)!.parentNode === d) out.push(els.item(j)!.textContent!.trim());
  }
  return out;
}
