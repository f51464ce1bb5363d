"""Native-resolution focus groups: what a photo soft at 100 % view looks like.

A group is one crop of a clean photo at its own pixel scale (no resampling), sharp
and under three increasing amounts of Gaussian (defocus-like) or motion blur. The
network sees such crops in the app's focus pass (crops of the full-resolution
photo placed on its sharpest tiles), so it must rank them.

Photos of 8 MP and more are never used here: the focus-burst benchmark is built
from them (bench/focus-bursts), so it measures photos the focus training never saw.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from PIL import Image

import distortions as D

if TYPE_CHECKING:
    import datasets as DS

CLEAN = 85.0
MAX_TRAIN_MEGAPIXELS = 8.0


def focus_photo_paths(rows: Sequence[DS.PristineRow], indices: Sequence[int], original_path: Callable[[DS.PristineRow], str]
                      ) -> list[str]:
    """Training photos under 8 MP (and over 2 MP, so a crop is a small part of a photo)."""
    out: list[str] = []
    for i in indices:
        mp = int(rows[i]["width"]) * int(rows[i]["height"]) / 1e6
        if 2.0 <= mp < MAX_TRAIN_MEGAPIXELS:
            out.append(original_path(rows[i]))
    return out


@functools.lru_cache(maxsize=6)
def _load(path: str) -> D.Image01:
    return np.asarray(Image.open(path).convert("RGB"), dtype=np.float32) / 255.0


def gaussian_drop(sigma: float) -> float:
    """Opinion points lost to a Gaussian blur of `sigma` native pixels (used for ranking only)."""
    return 50.0 * (1.0 - np.exp(-sigma / 1.5))


def motion_drop(length: float) -> float:
    return 50.0 * (1.0 - np.exp(-length / 10.0))


def _texture(a: NDArray[np.float32]) -> float:
    g = a.mean(axis=2)
    return float(np.abs(np.diff(g, axis=0)).mean() + np.abs(np.diff(g, axis=1)).mean())


def _sharpest_crop(img: D.Image01, side: int, rng: np.random.Generator, candidates: int = 8) -> tuple[int, int]:
    """The most detailed of a few random crops: the app places its crops on the sharpest
    tiles too, and a flat crop cannot show blur."""
    h, w = img.shape[:2]
    best: tuple[int, int] | None = None
    best_t = -1.0
    for _ in range(candidates):
        y, x = int(rng.integers(0, h - side + 1)), int(rng.integers(0, w - side + 1))
        t = _texture(img[y:y + side:4, x:x + side:4])
        if t > best_t:
            best, best_t = (y, x), t
    if best is None:
        raise ValueError(f"no crop of {side} px with measurable texture in a {w}x{h} photo")
    return best


def draw_group(photos: Sequence[str], crop: int, rng: np.random.Generator) -> tuple[list[D.Image01], list[float]]:
    """-> (4 frames float32 HWC in [0, 1], 4 labels): sharp first, then increasing blur."""
    img = _load(photos[int(rng.integers(len(photos)))])
    margin = 40  # blur a larger window, then cut: no border effects inside the crop
    side = crop + 2 * margin
    y, x = _sharpest_crop(img, side, rng)
    window = img[y:y + side, x:x + side]
    if rng.random() < 0.5:
        window = window[:, ::-1]
    frames, labels = [window], [CLEAN]
    if rng.random() < 0.6:
        for sigma in _spread(rng, 0.5, 3.0, 0.3):
            frames.append(D._convolve(window, D._gauss_kernel(sigma)))
            labels.append(CLEAN - gaussian_drop(sigma))
    else:
        angle = float(rng.uniform(0, np.pi))
        for length in _spread(rng, 3.0, 25.0, 4.0):
            frames.append(D.motion_blur(window, (length - 1.0) / 20.0, {"angle": angle}))
            labels.append(CLEAN - motion_drop(length))
    frames = [np.ascontiguousarray(f[margin:margin + crop, margin:margin + crop]) for f in frames]
    return frames, labels


def _spread(rng: np.random.Generator, lo: float, hi: float, gap: float, n: int = 3) -> list[float]:
    for _ in range(50):
        v = np.sort(rng.uniform(lo, hi, n))
        if np.all(np.diff(v) >= gap):
            return [float(a) for a in v]
    return [float(a) for a in np.linspace(lo, hi, n)]
