"""Data: pristine photos from Debian packages (stage 1) and LIVE In the Wild / CLIVE (stage 2).

Paths are resolved relative to the repository root so a clean clone with
shared/ as a sibling (../shared/data) works without configuration.
"""
import csv
import json
import os
import subprocess
from collections.abc import Iterable, Sequence

import numpy as np
import torch
from numpy.typing import NDArray
from PIL import Image
from torch import Tensor
from torch.utils.data import Dataset

import distortions as D
import model as M

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DATA_ROOT = os.environ.get("WINNOW_DATA", os.path.join(REPO_ROOT, "..", "shared", "data"))
CLIVE_DIR = os.path.join(DATA_ROOT, "clive")
PRISTINE_TSV = os.path.join(DATA_ROOT, "pristine.tsv")
CACHE_ROOT = os.environ.get("WINNOW_CACHE", os.path.join(REPO_ROOT, "..", "cache"))
CLIVE_SPLIT = os.path.join(HERE, "clive_split.json")
PRISTINE_SPLIT = os.path.join(HERE, "pristine_split.json")
PRISTINE_LONG_SIDE = 1280  # cache size: enough for crops emulating 500-1200 px photos

_MEAN = np.asarray(M.MEAN, np.float32)
_STD = np.asarray(M.STD, np.float32)

# An 8-bit RGB photo, HWC.
PhotoU8 = NDArray[np.uint8]
# A row of pristine.tsv (package, path, width, height, mode, ...).
PristineRow = dict[str, str]
# A row of CLIVE's mos.csv: (image file name, MOS, standard deviation of the opinions).
CliveRow = tuple[str, float, float]


def to_tensor(x01: D.Image01, norm: M.Norm | None = None) -> Tensor:
    """float [0,1] HWC -> the app's normalisation (via 8-bit, as the app sees uint8 pixels).

    norm: (mean, std, scale) of the model; the from-scratch configurations' by default."""
    mean, std, scale = norm or (M.MEAN, M.STD, M.SCALE)
    u8 = np.clip(np.round(x01 * 255.0), 0, 255)
    x = (u8.astype(np.float32) * np.float32(scale) - np.asarray(mean, np.float32)) / np.asarray(std, np.float32)
    return torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1)))


WORKING_LONG_SIDE = 512
MULTIPLE_OF = 32


def app_input(arr: PhotoU8, long_side: int = WORKING_LONG_SIDE, multiple: int = MULTIPLE_OF) -> PhotoU8:
    """What the app feeds the model (metadata input.size): fit the long side (never enlarge),
    then centre-crop each side down to a multiple of the network's stride, so every
    stride-2 layer sees even sizes (TensorFlow SAME padding, exactly) and the quality map's
    cells tile the image. The crop loses at most 31 px a side; nothing is squashed."""
    im = fit_long_side(Image.fromarray(arr), long_side)
    a = np.asarray(im)
    h, w = a.shape[:2]
    th, tw = max(multiple, h - h % multiple), max(multiple, w - w % multiple)
    y, x = (h - th) // 2, (w - tw) // 2
    return a[y:y + th, x:x + tw]


def fit_long_side(im: Image.Image, long_side: int) -> Image.Image:
    w, h = im.size
    f = long_side / max(w, h)
    if f >= 1:
        return im
    return im.resize((max(1, round(w * f)), max(1, round(h * f))), Image.LANCZOS)


# ---------------------------------------------------------------- pristine photos
def read_pristine_list() -> list[PristineRow]:
    with open(PRISTINE_TSV) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return rows


def _pristine_key(row: PristineRow) -> str:
    return row["package"] + row["path"]


def prepare_pristine(cache_root: str = CACHE_ROOT) -> tuple[list[PristineRow], list[str]]:
    """Fetch the Debian packages (apt-get download + dpkg -x) once and cache RGB copies."""
    debs = os.path.join(cache_root, "pristine_debs")
    out = os.path.join(cache_root, "pristine")
    os.makedirs(out, exist_ok=True)
    rows = read_pristine_list()
    files = []
    for i, row in enumerate(rows):
        dst = os.path.join(out, f"{i:03d}.png")
        files.append(dst)
        if os.path.exists(dst):
            continue
        pkg = row["package"]
        src = os.path.join(debs, "ex", pkg) + row["path"]
        if not os.path.exists(src):
            os.makedirs(os.path.join(debs, "ex", pkg), exist_ok=True)
            if not any(n.startswith(pkg + "_") for n in os.listdir(debs)):
                subprocess.run(["apt-get", "download", pkg], cwd=debs, check=True)
            deb = sorted(n for n in os.listdir(debs) if n.startswith(pkg + "_") and n.endswith(".deb"))[0]
            subprocess.run(["dpkg", "-x", os.path.join(debs, deb), os.path.join(debs, "ex", pkg)], check=True)
        im = Image.open(src).convert("RGB")
        fit_long_side(im, PRISTINE_LONG_SIDE).save(dst)
    return rows, files


def pristine_split(rows: Sequence[PristineRow], n_holdout: int = 10, seed: int = 20261129) -> tuple[list[int], list[int]]:
    """Fixed held-out photos for the monotonicity test (colour photos only: a grey
    photo cannot show saturation changes)."""
    if os.path.exists(PRISTINE_SPLIT):
        with open(PRISTINE_SPLIT) as f:
            held = set(json.load(f)["holdout"])
    else:
        rng = np.random.default_rng(seed)
        colour = [_pristine_key(r) for r in rows if r["mode"] == "RGB"]
        held = set(rng.choice(colour, n_holdout, replace=False).tolist())
        with open(PRISTINE_SPLIT, "w") as f:
            json.dump({"seed": seed, "note": "package+path of pristine.tsv rows held out of training",
                       "holdout": sorted(held)}, f, indent=1)
            f.write("\n")
    train = [i for i, r in enumerate(rows) if _pristine_key(r) not in held]
    hold = [i for i, r in enumerate(rows) if _pristine_key(r) in held]
    return train, hold


def original_path(row: PristineRow, cache_root: str = CACHE_ROOT) -> str:
    """The full-resolution original of a pristine photo (prepare_pristine extracts it)."""
    return os.path.join(cache_root, "pristine_debs", "ex", row["package"]) + row["path"]


def load_images(files: Sequence[str], indices: Iterable[int]) -> list[PhotoU8]:
    return [np.asarray(Image.open(files[i]).convert("RGB")) for i in indices]


class SyntheticGroups(Dataset[tuple[Tensor, Tensor]]):
    """One item = K versions of one random crop under one distortion recipe at K
    increasing severities, with target scores from the distortion level.

    images: the clean photos (undistorted score CLEAN_SCORE). anchored: optional
    (image, score) pairs of photos with a human opinion (CLIVE training photos);
    a crop of one starts at its MOS and falls with the added distortion. These
    bring hundreds of real scenes (and real, already-imperfect starting points)
    into the ranking that 56 wallpapers alone cannot teach.
    """

    def __init__(self, images: Sequence[PhotoU8], crop: int = 224, k: int = 4, length: int = 10 ** 7, seed: int = 0,
                 anchored: Sequence[tuple[PhotoU8, float]] | None = None, anchored_frac: float = 0.0,
                 flat_crops: bool = False, norm: M.Norm | None = None,
                 type_weights: dict[str, float] | None = None) -> None:
        self.images, self.crop, self.k, self.length, self.seed = images, crop, k, length, seed
        # Relative draw weights per distortion name (missing names weigh 1): the types a
        # uniform draw left unordered (noise, JPEG, over-exposure, saturation) can be drawn more.
        self.type_probs: NDArray[np.float64] | None = None
        if type_weights:
            w = np.array([float(type_weights.get(n, 1.0)) for n in D.NAMES])
            self.type_probs = w / w.sum()
        self.norm = norm
        self.last_recipe = ""  # the recipe of the last group drawn, as "name+name"
        self.flat_crops = flat_crops
        self.anchored = anchored or []
        self.anchored_frac = anchored_frac if self.anchored else 0.0

    def __len__(self) -> int:
        return self.length

    def _crop(self, rng: np.random.Generator, pool: Sequence[PhotoU8], need_texture: bool) -> D.Image01:
        # Flat crops (sky, studio backdrops) hide blur and compression, so a label that says
        # "worse" would be noise: resample until the crop has some texture. With flat_crops,
        # only blur-like recipes insist on texture (noise and JPEG blocking show on skies too);
        # tried once (18 min of stage 1), it did not fix the noise ranking and blurred the others.
        arr = self._random_crop(rng, pool)
        for _ in range(7):
            if not need_texture or texture(arr) > 0.02:
                break
            arr = self._random_crop(rng, pool)
        return arr

    def _random_crop(self, rng: np.random.Generator, pool: Sequence[PhotoU8]) -> D.Image01:
        img = pool[rng.integers(len(pool))]
        h, w = img.shape[:2]
        # Emulate a photo whose long side is 400..1200 px (CLIVE-like to camera-like).
        scale = min(1.0, rng.uniform(400, 1200) / max(h, w))
        side = int(round(self.crop / scale))
        side = min(side, h, w)
        y, x = rng.integers(0, h - side + 1), rng.integers(0, w - side + 1)
        im = Image.fromarray(img[y:y + side, x:x + side])
        if side != self.crop:
            im = im.resize((self.crop, self.crop), Image.LANCZOS if side > self.crop else Image.BICUBIC)
        arr = np.asarray(im, dtype=np.float32) / 255.0
        if rng.random() < 0.5:
            arr = arr[:, ::-1]
        return np.ascontiguousarray(arr)

    def draw_recipe(self, rng: np.random.Generator) -> D.Recipe:
        n = 1 if rng.random() < 0.65 else 2
        names = rng.choice(D.NAMES, n, replace=False, p=self.type_probs)
        return {str(nm): (1.0 if n == 1 else float(rng.uniform(0.4, 1.0))) for nm in names}

    def _severities(self, rng: np.random.Generator) -> NDArray[np.float64]:
        for _ in range(20):
            s = np.sort(rng.uniform(0.05, 1.0, self.k))
            if rng.random() < 0.5:
                s[0] = 0.0
            if np.all(np.diff(s) > 0.12):
                return s
        return np.linspace(0.0, 1.0, self.k)

    def __getitem__(self, idx: int) -> tuple[Tensor, Tensor]:
        rng = np.random.default_rng([self.seed, idx, torch.initial_seed() % (1 << 31)])
        recipe = self.draw_recipe(rng)
        self.last_recipe = "+".join(sorted(recipe))
        need_texture = not self.flat_crops or all(name in D.NEEDS_TEXTURE for name in recipe)
        start = CLEAN_SCORE
        if self.anchored_frac and rng.random() < self.anchored_frac:
            img, start = self.anchored[rng.integers(len(self.anchored))]
            base = self._crop(rng, [img], need_texture)
        else:
            base = self._crop(rng, self.images, need_texture)
        params = D.draw_params(rng)
        sev = self._severities(rng)
        xs, ys = [], []
        for s in sev:
            img = D.apply(base, recipe, float(s), params)
            q = D.quality(recipe, float(s))
            if np.abs(img - base).mean() < 0.002:  # change too small to see: label it clean
                q = D.quality(recipe, 0.0)
            xs.append(to_tensor(img, self.norm))
            ys.append(synthetic_score(q, start))
        return torch.stack(xs), torch.tensor(ys, dtype=torch.float32)


def texture(x01: D.Image01) -> float:
    """Mean absolute luminance gradient: a cheap 'is there detail to damage' measure."""
    g = x01.mean(axis=2)
    return float(np.abs(np.diff(g, axis=0)).mean() + np.abs(np.diff(g, axis=1)).mean())


CLEAN_SCORE = 85.0
FLOOR_SCORE = 10.0


def synthetic_score(q: float, start: float = CLEAN_SCORE) -> float:
    """Map retained quality q in [0,1] to the 0-100 opinion scale: q = 1 keeps the
    starting score (a clean photo ~ 85, an anchored photo its MOS), q = 0 hits the floor."""
    return FLOOR_SCORE + (max(start, FLOOR_SCORE + 5.0) - FLOOR_SCORE) * q


def collate_groups(batch: Sequence[tuple[Tensor, Tensor]]) -> tuple[Tensor, Tensor, Tensor]:
    x = torch.cat([b[0] for b in batch])
    y = torch.cat([b[1] for b in batch])
    group = torch.arange(len(batch)).repeat_interleave(batch[0][0].shape[0])
    return x, y, group


# ---------------------------------------------------------------- CLIVE
def read_clive() -> list[CliveRow]:
    with open(os.path.join(CLIVE_DIR, "mos.csv")) as f:
        return [(r["image"], float(r["mos"]), float(r["std"])) for r in csv.DictReader(f)]


def clive_split(rows: Sequence[CliveRow], val_frac: float = 0.2, seed: int = 20261129) -> tuple[list[CliveRow], list[CliveRow]]:
    """Fixed, committed split; created once, then always read back."""
    if os.path.exists(CLIVE_SPLIT):
        with open(CLIVE_SPLIT) as f:
            sp = json.load(f)
    else:
        names = sorted(r[0] for r in rows)
        rng = np.random.default_rng(seed)
        perm = rng.permutation(len(names))
        n_val = int(round(val_frac * len(names)))
        sp = {"seed": seed, "val_fraction": val_frac,
              "val": sorted(names[i] for i in perm[:n_val]), "train": sorted(names[i] for i in perm[n_val:])}
        with open(CLIVE_SPLIT, "w") as f:
            json.dump(sp, f, indent=0)
            f.write("\n")
    by = {r[0]: r for r in rows}
    return [by[n] for n in sp["train"] if n in by], [by[n] for n in sp["val"] if n in by]


def load_clive_image(name: str, long_side: int = 512) -> PhotoU8:
    im = Image.open(os.path.join(CLIVE_DIR, "images", name)).convert("RGB")
    return np.asarray(fit_long_side(im, long_side))


class CliveTrain(Dataset[tuple[Tensor, Tensor, Tensor]]):
    """Random native-resolution crops (no rescale: keeps the real blur/noise scale) + flips."""

    def __init__(self, rows: Sequence[CliveRow], crop: int = 384, seed: int = 0) -> None:
        self.rows, self.crop, self.seed = rows, crop, seed
        self.images = [load_clive_image(r[0]) for r in rows]
        self.epoch = 0

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> tuple[Tensor, Tensor, Tensor]:
        rng = np.random.default_rng([self.seed, self.epoch, i, torch.initial_seed() % (1 << 31)])
        img = self.images[i]
        h, w = img.shape[:2]
        ch, cw = min(self.crop, h), min(self.crop, w)
        y, x = rng.integers(0, h - ch + 1), rng.integers(0, w - cw + 1)
        patch = img[y:y + ch, x:x + cw]
        if patch.shape[:2] != (self.crop, self.crop):  # rare non-500x500 photos: batches need one size
            patch = np.asarray(Image.fromarray(patch).resize((self.crop, self.crop), Image.BICUBIC))
        arr = patch.astype(np.float32) / 255.0
        if rng.random() < 0.5:
            arr = arr[:, ::-1]
        _, mos, std = self.rows[i]
        return to_tensor(arr), torch.tensor(mos), torch.tensor(std)


class CliveFull(Dataset[tuple[Tensor, Tensor, Tensor]]):
    """Whole images at the app's working resolution, for validation."""

    def __init__(self, rows: Sequence[CliveRow]) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> tuple[Tensor, Tensor, Tensor]:
        name, mos, std = self.rows[i]
        return to_tensor(load_clive_image(name).astype(np.float32) / 255.0), torch.tensor(mos), torch.tensor(std)
