import { describe, expect, it } from 'vitest';
import { sidecarWarning } from './sidecar-warning';

describe('sidecar warning', () => {
  it('is silent when every sidecar was written', () => {
    expect(sidecarWarning([])).toBeNull();
  });

  it('names the first sidecar, its problem and how many more', () => {
    const text = sidecarWarning([
      { photoId: 1, sidecarPath: '/ro/IMG_1.JPG.xmp', message: 'permission denied' },
      { photoId: 2, sidecarPath: '/ro/IMG_2.JPG.xmp', message: 'permission denied' },
    ]);
    expect(text).toContain('2 sidecars could not be written: /ro/IMG_1.JPG.xmp: permission denied (and 1 more)');
  });
});
