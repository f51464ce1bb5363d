import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { focusAdjustment, planFocusCrops } from '../../../electron/core/inference/focus-pass.js';
import { loadModelMetadata, type FocusSettings } from '../../../electron/core/inference/model-metadata.js';
import { FIXTURE_MODEL, tempDir } from '../../helpers/paths.js';

const settings: FocusSettings = { cropSize: 256, maxCrops: 2, minScale: 2, reference: 60, slope: 0.5, maxPenalty: 30, maxBonus: 5 };

describe('focus adjustment', () => {
  it('takes points off below the reference, up to the cap', () => {
    expect(focusAdjustment(50, settings)).toBe(-5);
    expect(focusAdjustment(0, settings)).toBe(-30);
  });

  it('gives a little above the reference, up to its own smaller cap', () => {
    expect(focusAdjustment(64, settings)).toBe(2);
    expect(focusAdjustment(100, settings)).toBe(5);
    expect(focusAdjustment(60, settings)).toBe(0);
  });

  it('never rewards sharpness where the metadata has no bonus', () => {
    expect(focusAdjustment(100, { ...settings, maxBonus: 0 })).toBe(0);
    expect(focusAdjustment(40, { ...settings, maxBonus: 0 })).toBe(-10);
  });

  it('orders a burst by its crops even when all of them pass the reference', () => {
    const global = 70; // the downscaled view cannot tell the frames apart
    const sharp = global + focusAdjustment(68, settings);
    const soft = global + focusAdjustment(62, settings);
    expect(sharp).toBeGreaterThan(soft);
  });
});

describe('focus settings in model metadata', () => {
  const withFocus = (focus: Record<string, unknown>): string => {
    const dir = tempDir();
    const source = JSON.parse(fs.readFileSync(FIXTURE_MODEL, 'utf8')) as Record<string, unknown>;
    const onnx = path.join(path.dirname(FIXTURE_MODEL), String(source.file ?? 'tiny-wsp.onnx'));
    fs.copyFileSync(onnx, path.join(dir, path.basename(onnx)));
    const file = path.join(dir, path.basename(FIXTURE_MODEL));
    fs.writeFileSync(file, JSON.stringify({ ...source, focus }));
    return file;
  };
  const { cropSize, maxCrops, minScale, reference, slope, maxPenalty } = settings;
  const older = { cropSize, maxCrops, minScale, reference, slope, maxPenalty };

  it('reads metadata written before the bonus as having none', () => {
    expect(loadModelMetadata(withFocus(older)).metadata.focus?.maxBonus).toBe(0);
  });

  it('refuses a bonus out of range', () => {
    expect(() => loadModelMetadata(withFocus({ ...older, maxBonus: -1 }))).toThrow(/focus\.maxBonus/);
  });
});

describe('focus crop placement', () => {
  const analysis = { width: 1536, height: 1024 };
  const native = { width: 6000, height: 4000 };
  const tile = (left: number, top: number) => ({ left, top, width: 128, height: 128 });

  it('skips photos the model input already sees at nearly their own scale', () => {
    expect(planFocusCrops([tile(0, 0)], { width: 900, height: 600 }, { width: 900, height: 600 }, 512, settings)).toBeNull();
  });

  it('centres native-resolution crops on the sharpest tiles, inside the photo', () => {
    const plan = planFocusCrops([tile(1280, 768), { left: 1504, top: 1000, width: 32, height: 24 }], analysis, native, 512, settings)!;
    const absolute = plan.crops.map((c) => ({ ...c, left: c.left + plan.region.left, top: c.top + plan.region.top }));
    const sx = native.width / analysis.width;
    const sy = native.height / analysis.height;
    expect(absolute[0]).toEqual({ left: Math.round(1344 * sx - 128), top: Math.round(832 * sy - 128), width: 256, height: 256 });
    // The second tile sits in the corner: its crop is pushed back inside the frame.
    expect(absolute[1]).toEqual({ left: 6000 - 256, top: 4000 - 256, width: 256, height: 256 });
  });

  it('keeps only the sharpest crop when two would make the decoded region huge', () => {
    const plan = planFocusCrops([tile(0, 0), tile(1408, 896)], analysis, native, 512, settings)!;
    expect(plan.crops).toHaveLength(1);
    const centre = Math.round(64 * (native.width / analysis.width) - 128);
    expect(plan.region).toEqual({ left: centre, top: Math.round(64 * (native.height / analysis.height) - 128), width: 256, height: 256 });
  });

  it('does not score the same place twice', () => {
    const plan = planFocusCrops([tile(640, 384), tile(650, 390), tile(740, 384)], analysis, native, 512, { ...settings, maxCrops: 2 })!;
    expect(plan.crops).toHaveLength(2);
    const [a, b] = plan.crops;
    expect(Math.abs(a!.left - b!.left) + Math.abs(a!.top - b!.top)).toBeGreaterThan(256);
  });
});
