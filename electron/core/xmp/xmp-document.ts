import { DOMImplementation, DOMParser, XMLSerializer, type Document, type Element, type Node } from '@xmldom/xmldom';
import { WinnowError, errorMessage } from '../errors.js';
import { NS, type XmpName } from './xmp-namespaces.js';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** A sidecar that exists but cannot be understood; Winnow then leaves the file exactly as it is. */
export class XmpMalformedError extends WinnowError {
  constructor(message: string) {
    super('SIDECAR_MALFORMED', message);
  }
}

function childElements(node: Node): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === ELEMENT_NODE) out.push(c as Element);
  return out;
}

function isNamed(el: Element, ns: string, local: string): boolean {
  return el.namespaceURI === ns && el.localName === local;
}

/**
 * An XMP packet held as a DOM, so every node Winnow does not touch (other namespaces, darktable's
 * history, Lightroom's develop settings, comments, the xpacket wrapper) is serialised back as it was
 * read. Simple properties are found wherever they live: as an attribute of any top-level
 * rdf:Description (darktable, digiKam) or as a child element (Photoshop, ExifTool), since RDF allows
 * both and real files use both.
 */
export class XmpDocument {
  private constructor(
    private readonly doc: Document,
    private readonly rdf: Element,
  ) {}

  /** Throws XmpMalformedError for anything that is not well-formed XML holding an rdf:RDF. */
  static parse(text: string): XmpDocument {
    const source = text.replace(/^\uFEFF/, '');
    if (source.trim() === '') throw new XmpMalformedError('sidecar is empty');
    let doc: Document;
    try {
      doc = new DOMParser({
        onError: (level, message) => {
          // xmldom recovers from many errors; a sidecar it had to repair is not one to rewrite.
          if (level !== 'warning') throw new Error(message);
        },
      }).parseFromString(source, 'text/xml');
    } catch (err) {
      const first = errorMessage(err).split('\n')[0]!;
      throw new XmpMalformedError(`sidecar is not well-formed XML: ${/caused Error: (.*)$/.exec(first)?.[1] ?? first}`);
    }
    const root = doc.documentElement;
    if (root && isNamed(root, NS.rdf, 'RDF')) return new XmpDocument(doc, root);
    const rdf = doc.getElementsByTagNameNS(NS.rdf, 'RDF')[0];
    if (rdf) return new XmpDocument(doc, rdf);
    // An empty packet (x:xmpmeta with nothing inside) is valid XMP that simply holds no properties.
    if (root && root.namespaceURI === NS.x && childElements(root).length === 0) {
      return new XmpDocument(doc, root.appendChild(doc.createElementNS(NS.rdf, 'rdf:RDF')) as Element);
    }
    throw new XmpMalformedError('sidecar is XML but not XMP (no rdf:RDF element)');
  }

  /** A new, empty packet in the layout Adobe's XMP toolkit writes. */
  static create(): XmpDocument {
    const doc = new DOMImplementation().createDocument(NS.x, 'x:xmpmeta', null);
    const meta = doc.documentElement!;
    meta.setAttributeNS(NS.x, 'x:xmptk', 'Winnow');
    doc.insertBefore(doc.createProcessingInstruction('xpacket', 'begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"'), meta);
    doc.appendChild(doc.createProcessingInstruction('xpacket', 'end="w"'));
    const rdf = doc.createElementNS(NS.rdf, 'rdf:RDF');
    meta.appendChild(rdf);
    const xml = new XmpDocument(doc, rdf);
    xml.firstDescription();
    return xml;
  }

  serialize(): string {
    const text = new XMLSerializer().serializeToString(this.doc);
    return text.endsWith('\n') ? text : text + '\n';
  }

  private descriptions(): Element[] {
    return childElements(this.rdf).filter((el) => isNamed(el, NS.rdf, 'Description'));
  }

  private firstDescription(): Element {
    const existing = this.descriptions()[0];
    if (existing) return existing;
    const desc = this.doc.createElementNS(NS.rdf, `${this.rdf.prefix ?? 'rdf'}:Description`);
    desc.setAttributeNS(NS.rdf, `${this.rdf.prefix ?? 'rdf'}:about`, '');
    this.rdf.appendChild(desc);
    return desc;
  }

  /** Every place the property is written (a valid file has one; a sloppy one may have more). */
  private occurrences(name: XmpName): { desc: Element; element: Element | null }[] {
    const found: { desc: Element; element: Element | null }[] = [];
    for (const desc of this.descriptions()) {
      if (desc.hasAttributeNS(name.ns, name.local)) found.push({ desc, element: null });
      for (const el of childElements(desc)) if (isNamed(el, name.ns, name.local)) found.push({ desc, element: el });
    }
    return found;
  }

  has(name: XmpName): boolean {
    return this.occurrences(name).length > 0;
  }

  /** The text of a simple property, or null when absent. */
  get(name: XmpName): string | null {
    const first = this.occurrences(name)[0];
    if (!first) return null;
    return (first.element ? first.element.textContent : first.desc.getAttributeNS(name.ns, name.local))?.trim() ?? null;
  }

  /** Sets a simple property where it already is; a new one becomes an attribute of the first rdf:Description. */
  set(name: XmpName, value: string): void {
    const found = this.occurrences(name);
    for (const { desc, element } of found) {
      if (element) this.replaceContent(element, this.doc.createTextNode(value));
      else desc.getAttributeNodeNS(name.ns, name.local)!.value = value;
    }
    if (found.length > 0) return;
    const desc = this.firstDescription();
    const prefix = this.declare(desc, name);
    desc.setAttributeNS(name.ns, `${prefix}:${name.local}`, value);
  }

  remove(name: XmpName): void {
    for (const { desc, element } of this.occurrences(name)) {
      if (!element) {
        desc.removeAttributeNode(desc.getAttributeNodeNS(name.ns, name.local)!);
        continue;
      }
      const before = element.previousSibling;
      if (before && before.nodeType === TEXT_NODE && before.nodeValue?.trim() === '') desc.removeChild(before);
      desc.removeChild(element);
    }
  }

  /** The items of an rdf:Seq/Bag/Alt property (such as darktable:colorlabels), or null when absent. */
  getList(name: XmpName): string[] | null {
    const first = this.occurrences(name).find((o) => o.element);
    const container = first?.element && childElements(first.element)[0];
    if (!container) return null;
    return childElements(container)
      .filter((li) => isNamed(li, NS.rdf, 'li'))
      .map((li) => li.textContent?.trim() ?? '');
  }

  /** Replaces the items of an existing list property; does nothing when the file has none. */
  replaceListIfPresent(name: XmpName, items: readonly string[]): void {
    for (const { element } of this.occurrences(name)) {
      if (!element) continue;
      const kind = childElements(element)[0]?.localName ?? 'Seq';
      const prefix = this.rdf.prefix ?? 'rdf';
      const container = this.doc.createElementNS(NS.rdf, `${prefix}:${kind}`);
      for (const item of items) {
        const li = this.doc.createElementNS(NS.rdf, `${prefix}:li`);
        li.appendChild(this.doc.createTextNode(item));
        container.appendChild(li);
      }
      this.replaceContent(element, container);
    }
  }

  private replaceContent(element: Element, content: Node): void {
    while (element.firstChild) element.removeChild(element.firstChild);
    element.appendChild(content);
  }

  /** The prefix bound to the property's namespace at desc, declaring one there if none is. */
  private declare(desc: Element, name: XmpName): string {
    const bound = desc.lookupPrefix(name.ns);
    if (bound) return bound;
    let prefix = name.prefix;
    for (let n = 1; desc.lookupNamespaceURI(prefix) !== null; n++) prefix = `${name.prefix}${n}`;
    desc.setAttributeNS(NS.xmlns, `xmlns:${prefix}`, name.ns);
    return prefix;
  }
}
