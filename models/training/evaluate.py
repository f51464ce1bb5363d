"""Evaluate a checkpoint: SROCC/PLCC on the fixed CLIVE validation split and, per synthetic
distortion, Kendall tau between severity and score on the held-out pristine photos.

    python3 models/training/evaluate.py --checkpoint /work/cache/run1/best.pt [--json OUT]

Prints one JSON object. PLCC is the plain Pearson correlation of the raw 0-100
score with MOS (no fitted logistic mapping).
"""
import argparse
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence

import numpy as np
import torch
from numpy.typing import NDArray
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import datasets as DS  # noqa: E402
import distortions as D  # noqa: E402
import metrics  # noqa: E402
import model as M  # noqa: E402

LEVELS = [0.0, 0.25, 0.5, 0.75, 1.0]


@torch.no_grad()
def predict(model: M.WSPQualityModel, tensors: Iterable[torch.Tensor]) -> NDArray[np.float64]:
    model.eval()
    return np.array([float(model(t[None])[0]) for t in tensors])


def app_tensor(model: M.WSPQualityModel, arr: DS.PhotoU8) -> torch.Tensor:
    """A photo (uint8 HWC) as the app feeds it to this model."""
    return DS.to_tensor(DS.app_input(arr).astype(np.float32) / 255.0, getattr(model, "norm", None))


@torch.no_grad()
def clive_metrics(model: M.WSPQualityModel, rows: Sequence[DS.CliveRow], limit: int | None = None) -> dict[str, float]:
    rows = rows[:limit] if limit else rows
    pred = predict(model, (app_tensor(model, DS.load_clive_image(r[0])) for r in rows))
    mos = np.array([r[1] for r in rows])
    return {"n": len(rows), "srocc": metrics.spearman(pred, mos),
            "plcc": metrics.pearson(pred, mos),
            "rmse": float(np.sqrt(np.mean((pred - mos) ** 2))),
            "pred_mean": float(pred.mean()), "pred_std": float(pred.std())}


@torch.no_grad()
def monotonicity(model: M.WSPQualityModel, images: Sequence[DS.PhotoU8], names: Sequence[str] = D.NAMES,
                 levels: Sequence[float] = LEVELS, seed: int = 7) -> dict[str, dict[str, float]]:
    """Mean (and min) over photos of Kendall tau(severity, -score); 1.0 = strictly falling."""
    out: dict[str, dict[str, float]] = {}
    for name in names:
        taus, drops = [], []
        for pi, img in enumerate(images):
            x = np.asarray(img, np.float32) / 255.0
            params = D.draw_params(np.random.default_rng([seed, pi]))
            scores = predict(model, (app_tensor(model, np.clip(np.round(D.apply(x, {name: 1.0}, s, params) * 255), 0, 255)
                                                .astype(np.uint8)) for s in levels))
            taus.append(metrics.kendall(levels, -scores))
            drops.append(scores[0] - scores[-1])
        out[name] = {"tau_mean": float(np.mean(taus)), "tau_min": float(np.min(taus)),
                     "score_drop_mean": float(np.mean(drops))}
    return out


def heldout_pristine(long_side: int = 512, limit: int | None = None) -> list[DS.PhotoU8]:
    rows, files = DS.prepare_pristine()
    _, hold = DS.pristine_split(rows)
    hold = hold[:limit] if limit else hold
    return [np.asarray(DS.fit_long_side(Image.open(files[i]).convert("RGB"), long_side)) for i in hold]


def load_checkpoint(path: str) -> tuple[M.WSPQualityModel, dict[str, object]]:
    ckpt = torch.load(path, map_location="cpu")
    model = M.build_model(ckpt["config"], ckpt.get("suffix_convs"))
    model.load_state_dict(ckpt["state_dict"])
    return model.eval(), ckpt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--json", help="also write the result here (default: eval.json next to the checkpoint)")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    t0 = time.time()
    model, _ = load_checkpoint(args.checkpoint)
    _, val = DS.clive_split(DS.read_clive())
    res = {"checkpoint": os.path.abspath(args.checkpoint), "clive_val": clive_metrics(model, val)}
    mono = monotonicity(model, heldout_pristine())
    res["monotonicity"] = mono
    res["monotonicity_summary"] = {"mean_tau": float(np.mean([v["tau_mean"] for v in mono.values()])),
                                   "types_tau_ge_0.9": sum(v["tau_mean"] >= 0.9 for v in mono.values()),
                                   "types": len(mono)}
    res["seconds"] = round(time.time() - t0, 1)
    txt = json.dumps(res, indent=2)
    print(txt)
    with open(args.json or os.path.join(os.path.dirname(args.checkpoint), "eval.json"), "w") as f:
        f.write(txt + "\n")


if __name__ == "__main__":
    main()
