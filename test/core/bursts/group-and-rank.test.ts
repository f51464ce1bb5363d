import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { rankBurst } from '../../../electron/core/bursts/best-frame.js';
import { dHash, dHashOfRgb, hammingDistance } from '../../../electron/core/bursts/dhash.js';
import { groupBursts } from '../../../electron/core/bursts/group-bursts.js';
import { realPhotos } from '../../helpers/paths.js';

const clive = path.resolve(import.meta.dirname, '../../../../shared/data/clive/images');

describe('dHash', () => {
  it('barely moves under blur, and separates different scenes', async () => {
    const scene = path.join(clive, '1004.JPG');
    const sharpHash = await dHash(scene);
    const blurred = await dHash(await sharp(scene).blur(4).jpeg().toBuffer());
    const other = await dHash(path.join(clive, '1005.JPG'));
    expect(sharpHash).toMatch(/^[0-9a-f]{16}$/);
    expect(hammingDistance(sharpHash, blurred)).toBeLessThanOrEqual(6);
    expect(hammingDistance(sharpHash, other)).toBeGreaterThan(12);
  });

  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
    expect(() => hammingDistance('00', '00')).toThrow(/16 hex digits/);
  });
});

const A = '0000000000000000';
const NEAR_A = '0000000000000007'; // 3 bits from A
const B = 'ffffffff00000000'; // 32 bits from A

function shot(name: string, seconds: number | null, dhash: string | null) {
  return { name, takenAt: seconds === null ? null : seconds * 1000, dhash };
}

describe('groupBursts', () => {
  it('groups frames within the gap that look alike, and nothing else', () => {
    const groups = groupBursts(
      [shot('a1', 0, A), shot('a2', 1, NEAR_A), shot('a3', 3.5, A), shot('b1', 4, B), shot('b2', 5, B), shot('late', 60, A), shot('untimed', null, A)],
      { gapSeconds: 3, maxDistance: 10 },
    );
    expect(groups.map((g) => g.map((s) => s.name))).toEqual([
      ['a1', 'a2', 'a3'],
      ['b1', 'b2'],
    ]);
  });

  it('honours tighter settings', () => {
    const photos = [shot('a1', 0, A), shot('a2', 2, NEAR_A)];
    expect(groupBursts(photos, { gapSeconds: 1, maxDistance: 10 })).toEqual([]);
    expect(groupBursts(photos, { gapSeconds: 3, maxDistance: 2 })).toEqual([]);
  });
});

describe('rankBurst', () => {
  const frame = (name: string, quality: number | null, sharpness: number | null) => ({ name, quality, sharpness });

  it('never picks a soft frame, whatever its quality', () => {
    const r = rankBurst([frame('soft-but-pretty', 80, 3), frame('sharp', 60, 10), frame('ok', 55, 8)]);
    expect(r.best.name).toBe('sharp');
    expect(r.ranked.map((f) => f.name)).toEqual(['sharp', 'ok', 'soft-but-pretty']);
    expect([...r.soft].map((f) => f.name)).toEqual(['soft-but-pretty']);
  });

  it('takes the higher quality among sharp frames, and sharpness when qualities tie', () => {
    expect(rankBurst([frame('a', 70, 9), frame('b', 60, 10)]).best.name).toBe('a');
    expect(rankBurst([frame('a', 70, 9), frame('b', 69, 10)]).best.name).toBe('b');
  });

  it('copes with frames lacking scores', () => {
    expect(rankBurst([frame('a', null, 5), frame('b', null, 9)]).best.name).toBe('b');
    expect(rankBurst([frame('a', 50, null), frame('b', 60, null)]).best.name).toBe('b');
  });
});

describe('dHashOfRgb', () => {
  it('agrees with hashing the file, for the scan to hash the image it already decoded', async () => {
    const file = path.join(clive, '1004.JPG');
    const { data, info } = await sharp(file).rotate().raw().toBuffer({ resolveWithObject: true });
    expect(hammingDistance(dHashOfRgb({ data, width: info.width, height: info.height }), await dHash(file))).toBeLessThanOrEqual(4); // JPEG shrink-on-load differs slightly from a full decode
  });

  it("agrees with hashing the photo's thumbnail, which is what libraries hashed after the scan use", async () => {
    const distances: number[] = [];
    for (const file of realPhotos(10)) {
      const { data, info } = await sharp(file).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const thumbnail = await sharp(data, { raw: info }).resize(320, 320, { fit: 'inside' }).webp({ quality: 78, effort: 0 }).toBuffer();
      distances.push(hammingDistance(dHashOfRgb({ data, width: info.width, height: info.height }), await dHash(thumbnail)));
    }
    // Bursts join frames within 10 bits; the two routes must land far closer than that.
    expect(Math.max(...distances)).toBeLessThanOrEqual(4);
  });
});
