import type { GridPhoto, PhotoDetail } from '../../../electron/shared/api-contract';

/** A grid row as the host sends it; tests override what they look at. */
export function gridPhoto(id: number, over: Partial<GridPhoto> = {}): GridPhoto {
  return { id, name: `IMG_${id}.jpg`, quality: 50 + (id % 40), sharpness: 10, takenAt: null, camera: null, rating: 0, pick: 0, colorLabel: null, problems: 0, hasThumbnail: true, ...over };
}

export function photoDetail(id: number, over: Partial<PhotoDetail> = {}): PhotoDetail {
  return {
    id,
    name: `IMG_${id}.jpg`,
    path: `/photos/IMG_${id}.jpg`,
    folder: '',
    rootPath: '/photos',
    size: 2_000_000,
    format: 'jpeg',
    width: 6000,
    height: 4000,
    rating: 0,
    pick: 0,
    colorLabel: null,
    missing: false,
    problems: 0,
    errors: [],
    score: null,
    camera: null,
    lens: null,
    takenAt: null,
    exposureTime: null,
    aperture: null,
    iso: null,
    focalLength: null,
    ...over,
  };
}

/** A promise the test resolves when it chooses, to play answers back in any order. */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
