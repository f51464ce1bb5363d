"""ONNX export, metadata and parity-file writers shared by every export script.

The output names, shapes and normalisation here are the contract with the
TypeScript app; change them only together with the app.
"""
import base64
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from typing import TypedDict

import numpy as np
import torch
from numpy.typing import NDArray
from torch import Tensor

INPUT_NAME = "image"
OUTPUT_NAMES = ["score", "distribution", "quality_map", "weight_map"]


class FocusSettings(TypedDict):
    """Metadata `focus`: the app's focus pass (fitted by focus_calibration.fit)."""
    cropSize: int
    maxCrops: int
    minScale: float
    reference: float
    slope: float
    maxPenalty: float
    maxBonus: float  # points a crop above the reference can gain (0 for older models)


class _ExportWrapper(torch.nn.Module):
    """Pins the forward signature to exactly the four contract outputs."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, image: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor]:
        score, dist, qmap, wmap = self.model(image)[:4]
        return score, dist, qmap, wmap


def export_onnx(model: torch.nn.Module, path: str, height: int = 128, width: int = 160, opset: int = 17) -> str:
    model = model.eval().float()
    dummy = torch.zeros(1, 3, height, width)
    dyn = {
        INPUT_NAME: {0: "N", 2: "H", 3: "W"},
        "score": {0: "N"},
        "distribution": {0: "N"},
        "quality_map": {0: "N", 1: "h", 2: "w"},
        "weight_map": {0: "N", 1: "h", 2: "w"},
    }
    with torch.no_grad():
        torch.onnx.export(_ExportWrapper(model), dummy, path, input_names=[INPUT_NAME],
                          output_names=OUTPUT_NAMES, dynamic_axes=dyn, opset_version=opset,
                          do_constant_folding=True)
    return path


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_metadata(path: str, name: str, onnx_file: str, mean: Sequence[float], std: Sequence[float], scale: float,
                   map_stride: int, description: str, architecture: str, training: Mapping[str, object],
                   version: str = "1.0.0", long_side: int = 512, multiple_of: int = 1,
                   min_judged_long_side: int | None = None, focus: FocusSettings | None = None) -> dict[str, object]:
    meta: dict[str, object] = {
        "name": name,
        "version": version,
        "onnx": os.path.basename(onnx_file),
        "sha256": sha256_file(onnx_file),
        "description": description,
        "architecture": architecture,
        "input": {
            "name": INPUT_NAME, "layout": "NCHW", "channels": "RGB", "scale": scale,
            "mean": list(mean), "std": list(std),
            "size": {"policy": "fit-long-side", "longSide": long_side, "minSide": 32, "upscale": False,
                     "multipleOf": multiple_of},
        },
        "minJudgedLongSide": min_judged_long_side or 32,
        "focus": focus,
        "outputs": {"score": "score", "distribution": "distribution",
                    "qualityMap": "quality_map", "weightMap": "weight_map"},
        "scoreRange": [0, 100],
        "distributionBins": 5,
        "mapStride": map_stride,
        "training": training,
    }
    with open(path, "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    return meta


def procedural_image(height: int, width: int, seed: int) -> NDArray[np.uint8]:
    """Deterministic synthetic RGB image (gradients, shapes, noise): nothing licensed."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    img = np.zeros((height, width, 3), np.float32)
    for c in range(3):
        a, b = rng.uniform(-1, 1, 2)
        img[..., c] = 128 + 90 * np.sin(a * xx / 17.0 + b * yy / 23.0 + c)
    for _ in range(4):  # rectangles and discs with random colours
        cy, cx = rng.uniform(0, height), rng.uniform(0, width)
        r = rng.uniform(6, min(height, width) / 3)
        colour = rng.uniform(0, 255, 3)
        if rng.random() < 0.5:
            mask = (np.abs(yy - cy) < r) & (np.abs(xx - cx) < r * 0.7)
        else:
            mask = (yy - cy) ** 2 + (xx - cx) ** 2 < r * r
        img[mask] = colour
    img += rng.normal(0, 12, img.shape)
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def normalise(rgb_uint8: NDArray[np.uint8], mean: Sequence[float], std: Sequence[float], scale: float) -> Tensor:
    """Exactly what the app does: x = (pixel * scale - mean[c]) / std[c], float32."""
    x = rgb_uint8.astype(np.float32) * np.float32(scale)
    x = (x - np.asarray(mean, np.float32)) / np.asarray(std, np.float32)
    return torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1)))[None]


def _b64_f32(a: NDArray[np.float32]) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode("ascii")


PARITY_SIZES = [("portrait_96x128", 128, 96), ("landscape_128x96", 96, 128), ("square_160", 160, 160)]


def write_parity(path: str, model: torch.nn.Module, onnx_file: str, meta_file: str, mean: Sequence[float],
                 std: Sequence[float], scale: float, sizes: list[tuple[str, int, int]] = PARITY_SIZES) -> dict[str, object]:
    """PyTorch (eval, float32) reference outputs for the app's onnxruntime parity test."""
    model = model.eval().float()
    cases: list[dict[str, object]] = []
    for i, (name, h, w) in enumerate(sizes):
        rgb = procedural_image(h, w, seed=1000 + i)
        with torch.no_grad():
            score, dist, qmap, wmap = model(normalise(rgb, mean, std, scale))[:4]
        cases.append({
            "name": name, "height": h, "width": w,
            "rgb": base64.b64encode(rgb.tobytes()).decode("ascii"),
            "score": float(score[0]),
            "distribution": [float(v) for v in dist[0]],
            "quality_map": {"shape": list(qmap.shape[1:]), "data": _b64_f32(qmap[0].numpy())},
            "weight_map": {"shape": list(wmap.shape[1:]), "data": _b64_f32(wmap[0].numpy())},
        })
    doc = {"model": os.path.basename(onnx_file), "metadata": os.path.basename(meta_file), "cases": cases}
    with open(path, "w") as f:
        json.dump(doc, f)
        f.write("\n")
    return doc
