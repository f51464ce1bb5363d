"""Cached outputs of the frozen prefix of the MobileNet trunk.

Training only updates the trunk's last blocks, the pooling and the head, so every
input (CLIVE photos, synthetic distortion groups, native-resolution focus groups)
goes through the frozen prefix exactly once. On two CPU cores this is what makes
an ImageNet backbone trainable in minutes instead of hours, and 5-fold
cross-validation affordable. Features are stored as float16.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np
import torch
from PIL import Image
from torch import Tensor

import datasets as DS
import distortions as D
import focus_groups as FG
import model as M

CACHE_VERSION = 3  # bump when what goes into a cache changes

# Per CLIVE photo: (features, features of its mirror image).
ClivePair = tuple[Tensor, Tensor]
# Synthetic groups: (features [G*4,...], target scores [G*4], recipe names [G]).
SynthCache = tuple[Tensor, Tensor, list[str]]
# Focus groups: (features [G*4,...], target scores [G*4]).
FocusCache = tuple[Tensor, Tensor]
T = TypeVar("T")


def cache_dir() -> str:
    d = os.path.join(DS.CACHE_ROOT, "features")
    os.makedirs(d, exist_ok=True)
    return d


@torch.no_grad()
def run_prefix(model: M.WSPQualityModel, tensors: list[Tensor], batch: int = 8) -> Tensor:
    """Prefix features (float16) for a list of equally shaped CHW tensors."""
    out = []
    prefix = M.mobile_trunk(model).prefix.eval()
    for i in range(0, len(tensors), batch):
        out.append(prefix(torch.stack(tensors[i:i + batch])).half())
    return torch.cat(out)


def _cached(name: str, build: Callable[[], T]) -> T:
    path = os.path.join(cache_dir(), f"{name}.v{CACHE_VERSION}.pt")
    if os.path.exists(path):
        return torch.load(path)
    data = build()
    torch.save(data, path + ".tmp")
    os.replace(path + ".tmp", path)
    return data


def clive_features(model: M.WSPQualityModel, rows: Sequence[DS.CliveRow], tag: str) -> list[ClivePair]:
    """Per photo: (features, flipped features), the photo as the app feeds it."""
    def build() -> list[ClivePair]:
        feats: list[ClivePair] = []
        for k, (name, _, _) in enumerate(rows):
            arr = DS.app_input(DS.load_clive_image(name))
            x = DS.to_tensor(arr.astype(np.float32) / 255.0, model.norm)
            xf = torch.flip(x, dims=[2])
            f = run_prefix(model, [x, xf])
            feats.append((f[0], f[1]))
            if k % 100 == 0:
                print(f"clive features {k}/{len(rows)}", flush=True)
        return feats
    return _cached(f"{tag}_clive_{len(rows)}", build)


def synthetic_features(model: M.WSPQualityModel, images: Sequence[DS.PhotoU8], n_groups: int, crop: int, seed: int,
                       tag: str, type_weights: dict[str, float] | None = None) -> SynthCache:
    """n_groups groups of 4 severities: (features [G*4,...], labels [G*4], recipe names [G])."""
    def build() -> SynthCache:
        ds = DS.SyntheticGroups(images, crop=crop, k=4, seed=seed, norm=model.norm, type_weights=type_weights)
        xs: list[Tensor] = []
        ys: list[Tensor] = []
        names: list[str] = []
        for g in range(n_groups):
            x, y = ds[g]
            xs.append(run_prefix(model, list(x), batch=4))
            ys.append(y)
            names.append(ds.last_recipe)
            if g % 200 == 0:
                print(f"synthetic groups {g}/{n_groups}", flush=True)
        return torch.cat(xs), torch.cat(ys), names
    weights = "".join(f"_{n}{w:g}" for n, w in sorted((type_weights or {}).items()))
    return _cached(f"{tag}_synth_{n_groups}_{crop}_{seed}{weights}", build)


def focus_features(model: M.WSPQualityModel, photos: Sequence[str], n_groups: int, crop: int, seed: int,
                   tag: str) -> FocusCache:
    """Native-resolution focus groups (sharp + 3 blurrier frames of one crop)."""
    def build() -> FocusCache:
        xs: list[Tensor] = []
        ys: list[Tensor] = []
        rng = np.random.default_rng(seed)
        for g in range(n_groups):
            frames, labels = FG.draw_group(photos, crop, rng)
            x = [DS.to_tensor(f, model.norm) for f in frames]
            xs.append(run_prefix(model, x, batch=4))
            ys.append(torch.tensor(labels, dtype=torch.float32))
            if g % 100 == 0:
                print(f"focus groups {g}/{n_groups}", flush=True)
        return torch.cat(xs), torch.cat(ys)
    return _cached(f"{tag}_focus_{n_groups}_{crop}_{seed}", build)


def load_native(path: str) -> DS.PhotoU8:
    return np.asarray(Image.open(path).convert("RGB"))


__all__ = ["clive_features", "synthetic_features", "focus_features", "run_prefix", "D"]
