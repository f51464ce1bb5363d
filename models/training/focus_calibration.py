"""Fit the focus pass's penalty (metadata `focus`) on training photos, never the benchmark's.

The app scores crops of a large photo at its own pixel scale on its sharpest tiles and takes
the best crop's score as the photo's focus figure. A photo whose focus figure falls below what
sharp photos reach loses `slope` points per point below that `reference`, up to `maxPenalty`;
one above it gains as much, up to `maxBonus` (a small cap: the bonus only keeps bursts' sharpest
frames apart where every frame's crops pass the reference, it must not outweigh the global view).
Here the reference is the median sharp crop's score, so within a burst every blurred frame loses
more than the sharp one (a photo's own sharp frame need not reach the reference), and the slope
makes a Gaussian blur of sigma 1.5 native pixels cost the median photo TARGET_DROP points. A
lower reference (the 10th percentile was tried first) spares more sharp photos but leaves
sigma 0.7-1.0 unpenalised, so the sharp frame of a burst no longer reliably comes first.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import torch
from numpy.typing import NDArray

import datasets as DS
import distortions as D
import export_utils as xu
import focus_groups as FG
import model as M

GAUSSIAN = [0.7, 1.0, 1.5, 2.5]
MOTION = [5, 11, 21]
CROP = 256
TARGET_DROP = 12.0
REFERENCE_PERCENTILE = 50
MAX_PENALTY = 30.0
MAX_BONUS = 5.0
MIN_SCALE = 2.0


@torch.no_grad()
def crop_scores(model: M.WSPQualityModel, photos: Sequence[str], crops_per_photo: int = 4, seed: int = 5
                ) -> dict[str, NDArray[np.float64]]:
    """Scores of sharp crops and of the same crops blurred at the benchmark's levels."""
    rng = np.random.default_rng(seed)
    out: dict[str, list[float]] = {"sharp": [], **{f"gaussian_{s}": [] for s in GAUSSIAN}, **{f"motion_{m}": [] for m in MOTION}}
    model.eval()
    margin = 40
    for path in photos:
        img = FG._load(path)
        for _ in range(crops_per_photo):
            side = CROP + 2 * margin
            y, x = FG._sharpest_crop(img, side, rng)
            window = img[y:y + side, x:x + side]
            frames = {"sharp": window}
            for s in GAUSSIAN:
                frames[f"gaussian_{s}"] = D._convolve(window, D._gauss_kernel(s))
            angle = float(rng.uniform(0, np.pi))
            for m in MOTION:
                frames[f"motion_{m}"] = D.motion_blur(window, (m - 1.0) / 20.0, {"angle": angle})
            for k, f in frames.items():
                t = DS.to_tensor(f[margin:margin + CROP, margin:margin + CROP], model.norm)
                out[k].append(float(model(t[None])[0]))
    return {k: np.array(v) for k, v in out.items()}


def fit(scores: Mapping[str, NDArray[np.float64]]) -> xu.FocusSettings:
    reference = float(np.percentile(scores["sharp"], REFERENCE_PERCENTILE))
    gap = reference - float(np.median(scores["gaussian_1.5"]))
    slope = float(np.clip(TARGET_DROP / max(gap, 1.0), 0.3, 4.0))
    return {"cropSize": CROP, "maxCrops": 2, "minScale": MIN_SCALE, "reference": round(reference, 2),
            "slope": round(slope, 3), "maxPenalty": MAX_PENALTY, "maxBonus": MAX_BONUS}


def summary(scores: Mapping[str, NDArray[np.float64]]) -> dict[str, dict[str, float]]:
    return {k: {"median": round(float(np.median(v)), 2), "p10": round(float(np.percentile(v, 10)), 2)}
            for k, v in scores.items()}
