"""Graded synthetic distortions for stage-1 pretraining and the monotonicity test.

Every distortion takes an RGB float32 image in [0, 1] (HWC) and a severity
s in [0, 1] (0 = untouched), plus a dict of random "nuisance" parameters
(blur angle, noise seed, ...) that is drawn once per group so the SAME
distortion at several severities yields images that differ only in severity;
that is what the ranking loss and the Kendall-tau test need.
Parameter curves are chosen so that equal steps in s look roughly like equal
steps in perceived quality.
"""
import io
from collections.abc import Callable
from typing import TypedDict

import numpy as np
from numpy.typing import NDArray
from PIL import Image
from scipy.signal import fftconvolve

# An RGB image, float32 HWC in [0, 1].
Image01 = NDArray[np.float32]
# Distortion name -> its share of the global severity (1.0 alone; 0.4..1.0 in a combination).
Recipe = dict[str, float]


class MotionParams(TypedDict):
    angle: float  # blur direction, radians


class DistortionParams(MotionParams):
    """The nuisance parameters of one group (draw_params): shared by all its severities."""
    seed: int  # sensor noise
    subsample: bool  # JPEG chroma subsampling
    interp: int  # resample's upscaling filter: bilinear, bicubic, nearest


Distortion = Callable[[Image01, float, DistortionParams], Image01]


def _to_pil(x: Image01) -> Image.Image:
    return Image.fromarray(np.clip(np.round(x * 255.0), 0, 255).astype(np.uint8))


def _from_pil(im: Image.Image) -> Image01:
    return np.asarray(im, dtype=np.float32) / 255.0


def _convolve(x: Image01, kernel: NDArray[np.float32]) -> Image01:
    kernel = kernel / kernel.sum()
    r0, r1 = kernel.shape[0] // 2, kernel.shape[1] // 2
    pad = np.pad(x, ((r0, r0), (r1, r1), (0, 0)), mode="reflect")
    out = fftconvolve(pad, kernel[:, :, None], mode="valid", axes=(0, 1))
    return np.clip(out[: x.shape[0], : x.shape[1]], 0.0, 1.0).astype(np.float32)


def _gauss_kernel(sigma: float) -> NDArray[np.float32]:
    r = max(1, int(np.ceil(3 * sigma)))
    ax = np.arange(-r, r + 1, dtype=np.float32)
    g = np.exp(-0.5 * (ax / sigma) ** 2)
    return np.outer(g, g)


def gaussian_blur(x: Image01, s: float, p: DistortionParams) -> Image01:
    if s <= 0:
        return x
    return _convolve(x, _gauss_kernel(0.4 + 3.6 * s))


def motion_blur(x: Image01, s: float, p: MotionParams) -> Image01:
    if s <= 0:
        return x
    length = 1.0 + 20.0 * s
    r = int(np.ceil(length / 2)) + 1
    k = np.zeros((2 * r + 1, 2 * r + 1), np.float32)
    ang = p["angle"]
    for t in np.linspace(-length / 2, length / 2, int(4 * length) + 2):
        yy, xx = r + t * np.sin(ang), r + t * np.cos(ang)
        y0, x0 = int(np.floor(yy)), int(np.floor(xx))
        fy, fx = yy - y0, xx - x0  # bilinear splat keeps short kernels smooth in s
        for dy, dx, wgt in ((0, 0, (1 - fy) * (1 - fx)), (1, 0, fy * (1 - fx)), (0, 1, (1 - fy) * fx), (1, 1, fy * fx)):
            if 0 <= y0 + dy < k.shape[0] and 0 <= x0 + dx < k.shape[1]:
                k[y0 + dy, x0 + dx] += wgt
    return _convolve(x, k)


def defocus_blur(x: Image01, s: float, p: DistortionParams) -> Image01:
    if s <= 0:
        return x
    radius = 0.7 + 6.0 * s
    r = int(np.ceil(radius)) + 1
    yy, xx = np.mgrid[-r:r + 1, -r:r + 1].astype(np.float32)
    # Anti-aliased disc: the edge weight ramps over one pixel.
    k = np.clip(radius + 0.5 - np.sqrt(yy ** 2 + xx ** 2), 0.0, 1.0)
    return _convolve(x, k)


def sensor_noise(x: Image01, s: float, p: DistortionParams) -> Image01:
    """Signal-dependent (shot) + read noise, partly chroma, in a gamma-ish domain."""
    if s <= 0:
        return x
    rng = np.random.default_rng(p["seed"])
    lum = rng.standard_normal(x.shape[:2] + (1,)).astype(np.float32)
    chroma = rng.standard_normal(x.shape).astype(np.float32)
    field = 0.7 * lum + 0.5 * chroma
    sigma = (0.005 + 0.16 * s ** 1.2) * np.sqrt(0.25 + x)  # brighter pixels -> more shot noise
    return np.clip(x + sigma * field, 0.0, 1.0)


def jpeg(x: Image01, s: float, p: DistortionParams) -> Image01:
    if s <= 0:
        return x
    q = int(round(4 + 88 * (1 - s) ** 1.6))
    buf = io.BytesIO()
    _to_pil(x).save(buf, format="JPEG", quality=q, subsampling=2 if p["subsample"] else 0)
    buf.seek(0)
    return _from_pil(Image.open(buf).convert("RGB"))


def overexposure(x: Image01, s: float, p: DistortionParams) -> Image01:
    if s <= 0:
        return x
    return np.clip(x * (1.0 + 2.2 * s) + 0.15 * s, 0.0, 1.0)


def underexposure(x: Image01, s: float, p: DistortionParams) -> Image01:
    if s <= 0:
        return x
    y = x * (1.0 - 0.88 * s) ** 1.3
    return np.round(y * 255.0) / 255.0  # 8-bit storage crushes shadows, as in real dark photos


def contrast_down(x: Image01, s: float, p: DistortionParams) -> Image01:
    if s <= 0:
        return x
    m = x.mean(axis=(0, 1), keepdims=True)
    return m + (x - m) * (1.0 - 0.85 * s)


def _luma(x: Image01) -> Image01:
    return (0.299 * x[..., 0] + 0.587 * x[..., 1] + 0.114 * x[..., 2])[..., None]


def saturation_down(x: Image01, s: float, p: DistortionParams) -> Image01:
    if s <= 0:
        return x
    g = _luma(x)
    return g + (x - g) * (1.0 - s)


def saturation_up(x: Image01, s: float, p: DistortionParams) -> Image01:
    if s <= 0:
        return x
    g = _luma(x)
    return np.clip(g + (x - g) * (1.0 + 3.0 * s), 0.0, 1.0)


def resample(x: Image01, s: float, p: DistortionParams) -> Image01:
    """Down-then-up resampling (what a low-resolution phone crop looks like)."""
    if s <= 0:
        return x
    f = 1.0 + 6.0 * s ** 1.2
    h, w = x.shape[:2]
    im = _to_pil(x)
    small = im.resize((max(8, int(round(w / f))), max(8, int(round(h / f)))), Image.BILINEAR)
    up = small.resize((w, h), [Image.BILINEAR, Image.BICUBIC, Image.NEAREST][p["interp"]])
    return _from_pil(up)


# name -> (function, how much the distortion at s=1 degrades quality in [0, 1])
DISTORTIONS: dict[str, tuple[Distortion, float]] = {
    "gaussian_blur": (gaussian_blur, 0.9),
    "motion_blur": (motion_blur, 0.9),
    "defocus_blur": (defocus_blur, 0.9),
    "sensor_noise": (sensor_noise, 0.85),
    "jpeg": (jpeg, 0.85),
    "overexposure": (overexposure, 0.8),
    "underexposure": (underexposure, 0.8),
    "contrast_down": (contrast_down, 0.7),
    "saturation_down": (saturation_down, 0.45),
    "saturation_up": (saturation_up, 0.6),
    "resample": (resample, 0.85),
}
NAMES = list(DISTORTIONS)
# Distortions that cannot show on a flat crop (see datasets.SyntheticGroups._crop).
NEEDS_TEXTURE = {"gaussian_blur", "motion_blur", "defocus_blur", "resample"}
# Physically ordered pipeline for combinations: optics/exposure, then sensor, then processing, then codec.
ORDER = ["defocus_blur", "gaussian_blur", "motion_blur", "overexposure", "underexposure", "sensor_noise",
         "contrast_down", "saturation_down", "saturation_up", "resample", "jpeg"]


def draw_params(rng: np.random.Generator) -> DistortionParams:
    return {"angle": float(rng.uniform(0, np.pi)), "seed": int(rng.integers(1 << 31)),
            "subsample": bool(rng.random() < 0.7), "interp": int(rng.integers(3))}


def apply(x: Image01, recipe: Recipe, s: float, params: DistortionParams) -> Image01:
    """recipe: distortion names and their shares; s: global severity scaling every component."""
    for name in ORDER:
        if name in recipe:
            x = DISTORTIONS[name][0](x, s * recipe[name], params)
    return x


def quality(recipe: Recipe, s: float) -> float:
    """Quality in [0, 1] after distortion: product of per-distortion retained quality."""
    q = 1.0
    for name, rel in recipe.items():
        q *= 1.0 - DISTORTIONS[name][1] * min(1.0, s * rel)
    return q
