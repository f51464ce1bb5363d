import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDecision, writeDecision } from '../../electron/core/xmp/xmp-decision.js';
import { XmpDocument, XmpMalformedError } from '../../electron/core/xmp/xmp-document.js';
import { COLOR_LABELS, type Decision } from '../../electron/shared/decisions.js';
import { foreignFacts, samplesDir } from '../core/xmp/xmp-fixtures.js';
import { iterations, recordStress } from '../helpers/stress.js';

const samples = fs.readdirSync(samplesDir).filter((f) => f.endsWith('.xmp')).map((f) => fs.readFileSync(path.join(samplesDir, f), 'utf8'));

const decision: fc.Arbitrary<Decision> = fc.record({
  rating: fc.integer({ min: 0, max: 5 }),
  pick: fc.constantFrom(-1 as const, 0 as const, 1 as const),
  colorLabel: fc.option(fc.constantFrom(...COLOR_LABELS), { nil: null }),
});

/** Parses, or refuses with the one error type the callers handle; anything else is a bug. */
function parseOrRefuse(text: string): XmpDocument | null {
  try {
    return XmpDocument.parse(text);
  } catch (err) {
    expect(err).toBeInstanceOf(XmpMalformedError);
    return null;
  }
}

/** What a decision should read back as: a reject reads as rating -1, pick -1. */
function expectedReading(d: Decision) {
  return { pick: d.pick, colorLabel: d.colorLabel, ...(d.pick === -1 ? {} : { rating: d.rating }) };
}

describe('fuzz: the XMP reader and merger', () => {
  it('refuses malformed input cleanly, whatever the bytes', () => {
    const runs = iterations(2_000, 50_000);
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('', '<', '<x:xmpmeta>', '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>')), (text) => {
        parseOrRefuse(text);
      }),
      { numRuns: runs },
    );
    recordStress('fuzz XMP random input', { cases: runs, crashes: 0 });
  });

  it('on damaged real sidecars, either refuses or merges without losing foreign properties', () => {
    const runs = iterations(1_000, 20_000);
    let merged = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.nat(),
        fc.constantFrom('truncate', 'insert', 'delete', 'none'),
        fc.string({ maxLength: 8 }),
        decision,
        (sample, at, damage, junk, d) => {
          const pos = at % (sample.length + 1);
          const text =
            damage === 'truncate' ? sample.slice(0, pos) : damage === 'insert' ? sample.slice(0, pos) + junk + sample.slice(pos) : damage === 'delete' ? sample.slice(0, pos) + sample.slice(pos + junk.length + 1) : sample;
          const doc = parseOrRefuse(text);
          if (!doc) return;
          const before = foreignFacts(doc.serialize());
          writeDecision(doc, d);
          const out = doc.serialize();
          const again = XmpDocument.parse(out);
          expect(readDecision(again)).toMatchObject(expectedReading(d));
          // Everything the packet said besides Winnow's fields is still said (a damaged packet may
          // gain a fresh rdf:Description to hold them).
          const after = foreignFacts(out);
          expect(after).toEqual(expect.arrayContaining(before));
          for (const extra of after.filter((f) => !before.includes(f))) expect(extra).toMatch(/rdf-syntax-ns#\|Description\[\d+\] @http:\/\/www\.w3\.org\/1999\/02\/22-rdf-syntax-ns#\|about=$/);
          merged++;
        },
      ),
      { numRuns: runs },
    );
    expect(merged).toBeGreaterThan(0);
    recordStress('fuzz XMP damaged sidecars', { cases: runs, merged, refused: runs - merged, lostProperties: 0 });
  });

  it('survives any sequence of decisions written into the same sidecar', () => {
    const runs = iterations(300, 5_000);
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.array(decision, { minLength: 1, maxLength: 8 }), (sample, sequence) => {
        let text = sample;
        const foreign = foreignFacts(XmpDocument.parse(sample).serialize());
        for (const d of sequence) {
          const doc = XmpDocument.parse(text);
          writeDecision(doc, d);
          text = doc.serialize();
        }
        expect(readDecision(XmpDocument.parse(text))).toMatchObject(expectedReading(sequence[sequence.length - 1]!));
        expect(foreignFacts(text)).toEqual(foreign);
      }),
      { numRuns: runs },
    );
    recordStress('fuzz XMP decision sequences', { cases: runs, lostProperties: 0 });
  });
});
