import { QualityModel } from '../electron/core/inference/quality-model.js';

/** Median milliseconds for one inference at the model's working size (long side), on one thread. */
export async function modelLatency(modelPath: string, runs = 30): Promise<{ ms: number; width: number; height: number }> {
  const model = await QualityModel.load(modelPath, { intraOpThreads: 1, forceCpu: true });
  try {
    const width = model.metadata.input.size.longSide;
    const height = Math.round((width * 3) / 4);
    const rgb = new Uint8Array(width * height * 3);
    for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 2654435761) >>> 24;
    await model.predict(rgb, width, height); // warm-up: first run plans memory
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await model.predict(rgb, width, height);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return { ms: times[Math.floor(times.length / 2)]!, width, height };
  } finally {
    await model.close();
  }
}
