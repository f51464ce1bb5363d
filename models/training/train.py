"""Train Winnow-WSP on an ImageNet MobileNet trunk: the recipe of record.

    python3 models/training/train.py --out /work/cache/v2            # fixed split, then export
    python3 models/training/train.py --out /work/cache/cv --folds 5   # 5-fold cross-validation

The trunk's prefix is frozen and its output cached once per input (feature_cache.py);
each step then trains the trunk's last blocks, the weighted spatial pooling and the
head on three kinds of batches:
  - CLIVE photos as the app feeds them (long side 512, sides cropped to multiples of
    32), random windows of their cached features, with MOS targets: distribution
    cross-entropy + (1 - PLCC) + pairwise ranking;
  - synthetic groups (one crop of a clean photo under one distortion recipe at four
    severities, emulating photos of 400-1200 px): ranking within each group;
  - native-resolution focus groups (focus_groups.py): ranking within each group, so
    the same network also ranks blur at 100 % view.
Training runs a fixed number of steps (not a time budget), so a result does not
depend on machine load, and nothing is selected on the validation photos: the
reported validation figures are of the final EMA weights. After training, the score
is calibrated on the TRAINING photos by matching the mean and spread of MOS.
"""
from __future__ import annotations

import argparse
import copy
import json
import math
import os
import sys
import time
from collections.abc import Sequence

import numpy as np
import torch
from numpy.typing import NDArray
from torch import Tensor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import datasets as DS  # noqa: E402
import feature_cache as FC  # noqa: E402
import focus_groups as FG  # noqa: E402
import losses as L  # noqa: E402
import metrics  # noqa: E402
import model as M  # noqa: E402

# Row indices into the CLIVE rows.
Indices = NDArray[np.int64]


class TrainArgs(argparse.Namespace):
    """The command line (main's parser), typed."""
    out: str
    config: str
    suffix_convs: int | None
    folds: int
    only_folds: list[int] | None
    seed: int
    threads: int
    steps: int
    batch: int
    windows: list[int]
    lr: float
    suffix_lr_mult: float
    wd: float
    ema: float
    min_std: float
    plcc_w: float
    rank_w: float
    crop: int
    synth_groups: int
    synth_cache: int
    synth_w: float
    synth_emphasis: list[str]
    focus_groups: int
    focus_cache: int
    focus_w: float
    max_clive: int | None
    synthetic_from: str
    log_every: int


def log(*a: object) -> None:
    print(time.strftime("%H:%M:%S"), *a, flush=True)


def cosine(step: int, total: int, warmup: float = 0.05, floor: float = 0.02) -> float:
    p = step / max(1, total)
    if p < warmup:
        return p / warmup
    return floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * (p - warmup) / (1 - warmup)))


class EMA:
    def __init__(self, model: M.WSPQualityModel, decay: float) -> None:
        self.model = copy.deepcopy(model).eval()
        self.decay = decay

    @torch.no_grad()
    def update(self, model: M.WSPQualityModel) -> None:
        for e, p in zip(self.model.parameters(), model.parameters()):
            e.mul_(self.decay).add_(p.detach(), alpha=1 - self.decay)
        for e, b in zip(self.model.buffers(), model.buffers()):
            e.copy_(b)


def folds_of(rows: Sequence[DS.CliveRow], k: int, seed: int = 20261130) -> list[list[str]]:
    """k disjoint validation folds over all rows (seeded, by name)."""
    names = sorted(r[0] for r in rows)
    perm = np.random.default_rng(seed).permutation(len(names))
    return [sorted(names[j] for j in perm[i::k]) for i in range(k)]


def random_window(feat: Tensor, s_h: int, s_w: int, rng: np.random.Generator) -> Tensor:
    h, w = feat.shape[-2:]
    y, x = int(rng.integers(0, h - s_h + 1)), int(rng.integers(0, w - s_w + 1))
    return feat[..., y:y + s_h, x:x + s_w]


def clive_batch(feats: Sequence[FC.ClivePair], rows: Sequence[DS.CliveRow], idx: Indices, rng: np.random.Generator,
                window: int) -> tuple[Tensor, Tensor, Tensor]:
    xs = []
    # A few CLIVE photos are not square: the window fits the smallest map of the batch.
    s_h = min([window] + [feats[i][0].shape[-2] for i in idx])
    s_w = min([window] + [feats[i][0].shape[-1] for i in idx])
    for i in idx:
        f = feats[i][int(rng.integers(2))].float()  # the photo or its mirror image
        xs.append(random_window(f, s_h, s_w, rng))
    mos = torch.tensor([rows[i][1] for i in idx], dtype=torch.float32)
    std = torch.tensor([rows[i][2] for i in idx], dtype=torch.float32)
    return torch.stack(xs), mos, std


def group_batch(feats: Tensor, labels: Tensor, n_groups: int, rng: np.random.Generator, k: int = 4
                ) -> tuple[Tensor, Tensor, Tensor]:
    g = rng.choice(len(labels) // k, n_groups, replace=False)
    idx = torch.from_numpy((g[:, None] * k + np.arange(k)[None, :]).reshape(-1))
    group = torch.arange(n_groups).repeat_interleave(k)
    return feats[idx].float(), labels[idx], group


@torch.no_grad()
def predict_cached(model: M.WSPQualityModel, feats: Sequence[FC.ClivePair], idx: Indices) -> NDArray[np.float64]:
    model.eval()
    return np.array([float(model.forward_from_prefix(feats[i][0][None].float())[0]) for i in idx])


def correlations(pred: NDArray[np.float64], mos: NDArray[np.float64]) -> dict[str, float]:
    return {"n": len(mos), "srocc": metrics.spearman(pred, mos),
            "plcc": metrics.pearson(pred, mos), "rmse": float(np.sqrt(np.mean((pred - mos) ** 2))),
            "pred_std": float(pred.std()), "mos_std": float(np.std(mos)),
            "std_ratio": float(pred.std() / np.std(mos))}


def calibrate(model: M.WSPQualityModel, feats: Sequence[FC.ClivePair], rows: Sequence[DS.CliveRow], idx: Indices
              ) -> dict[str, float]:
    """Match the mean and spread of the predictions to MOS on the training photos.

    A least-squares fit would shrink the spread by the correlation (to ~0.8 of MOS's);
    people use the whole scale, so the score should too."""
    pred = predict_cached(model, feats, idx)
    mos = np.array([rows[i][1] for i in idx])
    a = float(np.std(mos) / max(np.std(pred), 1e-6))
    b = float(np.mean(mos) - a * np.mean(pred))
    model.score_scale.fill_(a * float(model.score_scale))
    model.score_shift.fill_(a * float(model.score_shift) + b)
    return {"scale": float(model.score_scale), "shift": float(model.score_shift)}


def train_one(args: TrainArgs, rows: Sequence[DS.CliveRow], feats: Sequence[FC.ClivePair], synth: FC.SynthCache | None,
              focus: FC.FocusCache | None, train_idx: Indices, val_idx: Indices | None, seed: int
              ) -> tuple[M.WSPQualityModel, dict[str, dict[str, float]]]:
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = M.build_model(args.config, args.suffix_convs)
    new = list(model.pool.parameters()) + list(model.head.parameters())
    suffix = list(M.mobile_trunk(model).suffix.parameters())
    opt = torch.optim.AdamW([
        {"params": suffix, "lr_mult": args.suffix_lr_mult, "weight_decay": args.wd},
        {"params": [p for p in new if p.ndim > 1], "lr_mult": 1.0, "weight_decay": args.wd},
        {"params": [p for p in new if p.ndim <= 1], "lr_mult": 1.0, "weight_decay": 0.0},
    ], lr=args.lr)
    ema = EMA(model, args.ema)
    model.train()
    M.mobile_trunk(model).prefix.eval()
    run = {"clive": 0.0, "synth": 0.0, "focus": 0.0, "n": 0}
    t0 = time.time()
    for step in range(args.steps):
        for g in opt.param_groups:
            g["lr"] = args.lr * g["lr_mult"] * cosine(step, args.steps)
        idx = rng.choice(train_idx, args.batch, replace=False)
        x, mos, std = clive_batch(feats, rows, idx, rng, int(rng.choice(args.windows)))
        score, _, _, _, logits = model.forward_from_prefix(x, return_logits=True)
        clive = (L.soft_cross_entropy(logits, L.gaussian_target(mos, std.clamp(min=args.min_std)))
                 + args.plcc_w * L.plcc_loss(score, mos) + args.rank_w * L.batch_ranking(score, mos))
        loss = clive
        if args.synth_groups and synth is not None:
            sx, sy, sg = group_batch(synth[0], synth[1], args.synth_groups, rng)
            s_rank = L.group_ranking(model.forward_from_prefix(sx)[0], sy, sg)
            loss = loss + args.synth_w * s_rank
            run["synth"] += float(s_rank)
        if args.focus_groups and focus is not None:
            fx, fy, fg = group_batch(focus[0], focus[1], args.focus_groups, rng)
            f_rank = L.group_ranking(model.forward_from_prefix(fx)[0], fy, fg)
            loss = loss + args.focus_w * f_rank
            run["focus"] += float(f_rank)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        ema.update(model)
        run["clive"] += float(clive)
        run["n"] += 1
        if (step + 1) % args.log_every == 0 or step + 1 == args.steps:
            n = run["n"]
            rec = {"step": step + 1, "clive": round(run["clive"] / n, 4), "synth_rank": round(run["synth"] / n, 4),
                   "focus_rank": round(run["focus"] / n, 4), "lr": opt.param_groups[1]["lr"],
                   "elapsed_s": round(time.time() - t0)}
            if val_idx is not None and len(val_idx) and (step + 1) % (args.log_every * 4) == 0:
                pred = predict_cached(ema.model, feats, val_idx)
                rec["val"] = {k: round(v, 4) for k, v in correlations(pred, np.array([rows[i][1] for i in val_idx])).items()}
            log(json.dumps(rec))
            run = {"clive": 0.0, "synth": 0.0, "focus": 0.0, "n": 0}
    final = ema.model
    cal = calibrate(final, feats, rows, train_idx)
    result: dict[str, dict[str, float]] = {"calibration": cal}
    if val_idx is not None and len(val_idx):
        pred = predict_cached(final, feats, val_idx)
        result["val"] = correlations(pred, np.array([rows[i][1] for i in val_idx]))
    result["train"] = correlations(predict_cached(final, feats, train_idx[:300]),
                                   np.array([rows[i][1] for i in train_idx[:300]]))
    return final, result


def load_inputs(args: TrainArgs, probe_model: M.WSPQualityModel
                ) -> tuple[list[DS.CliveRow], list[FC.ClivePair], FC.SynthCache | None, FC.FocusCache | None]:
    rows = DS.read_clive()[:args.max_clive] if args.max_clive else DS.read_clive()
    cfg = M.mobile_config(args.config)
    tag = f"{cfg['backbone']}_s{args.suffix_convs or cfg['suffix_convs']}"
    feats = FC.clive_features(probe_model, rows, tag)
    synth: FC.SynthCache | None = None
    focus: FC.FocusCache | None = None
    if args.synthetic_from == "pristine":
        prow, files = DS.prepare_pristine()
        train_p, _ = DS.pristine_split(prow)
        images = DS.load_images(files, train_p)
        photos = FG.focus_photo_paths(prow, train_p, DS.original_path)
    else:  # offline smoke tests: a few CLIVE photos stand in for the pristine ones
        photos = [os.path.join(DS.CLIVE_DIR, "images", r[0]) for r in rows[:4]]
        images = [DS.load_clive_image(r[0]) for r in rows[:4]]
        tag += "_clive"
    if args.synth_groups:
        synth = FC.synthetic_features(probe_model, images, args.synth_cache, args.crop, 11, tag,
                                      parse_type_weights(args.synth_emphasis))
    if args.focus_groups:
        focus = FC.focus_features(probe_model, photos, args.focus_cache, args.crop, 12, tag)
    return rows, feats, synth, focus


def parse_type_weights(items: list[str] | None) -> dict[str, float]:
    """["sensor_noise=3", ...] -> {"sensor_noise": 3.0}; names must be distortions."""
    out: dict[str, float] = {}
    for item in items or []:
        name, _, w = item.partition("=")
        if name not in DS.D.NAMES or not w:
            raise SystemExit(f"--synth-emphasis: expected NAME=WEIGHT with NAME one of {DS.D.NAMES}, got {item!r}")
        out[name] = float(w)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--config", default="winnow-wsp", choices=[c for c in M.CONFIGS if "backbone" in M.CONFIGS[c]])
    ap.add_argument("--suffix-convs", type=int, default=None, help="trainable trunk convolutions (default: config's)")
    ap.add_argument("--folds", type=int, default=0, help="k-fold cross-validation over all 930 photos instead")
    ap.add_argument("--only-folds", type=int, nargs="*", default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=900)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--windows", type=int, nargs="+", default=[20, 24, 30],
                    help="feature-window sizes (stride-16 cells) drawn per CLIVE batch")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--suffix-lr-mult", type=float, default=0.3)
    ap.add_argument("--wd", type=float, default=0.02)
    ap.add_argument("--ema", type=float, default=0.99)
    ap.add_argument("--min-std", type=float, default=8.0)
    ap.add_argument("--plcc-w", type=float, default=0.5)
    ap.add_argument("--rank-w", type=float, default=0.5)
    ap.add_argument("--crop", type=int, default=256, help="synthetic and focus crop size")
    ap.add_argument("--synth-groups", type=int, default=5, help="synthetic groups per step (0: none)")
    ap.add_argument("--synth-cache", type=int, default=1200, help="synthetic groups generated and cached")
    ap.add_argument("--synth-w", type=float, default=1.0)
    ap.add_argument("--synth-emphasis", nargs="*", metavar="NAME=WEIGHT",
                    default=["sensor_noise=3", "jpeg=2", "overexposure=2", "saturation_up=2", "saturation_down=2"],
                    help="draw these distortion types more often (others weigh 1)")
    ap.add_argument("--focus-groups", type=int, default=2, help="native-resolution focus groups per step")
    ap.add_argument("--focus-cache", type=int, default=600)
    ap.add_argument("--focus-w", type=float, default=1.0)
    ap.add_argument("--max-clive", type=int, default=None, help="use only N CLIVE photos (smoke)")
    ap.add_argument("--synthetic-from", choices=["pristine", "clive"], default="pristine",
                    help="source of synthetic and focus groups; 'clive' only for offline smoke tests")
    ap.add_argument("--log-every", type=int, default=50)
    args = ap.parse_args(namespace=TrainArgs())

    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(args.threads)
    # Before anything draws: the synthetic and focus groups seed their crops from torch's initial
    # seed, which is random per process unless set, so the same command built different caches
    # (and models: CI's smoke model changed from run to run).
    torch.manual_seed(args.seed)
    log("args", json.dumps(vars(args)))
    probe = M.build_model(args.config, args.suffix_convs)
    rows, feats, synth, focus = load_inputs(args, probe)
    by_name = {r[0]: i for i, r in enumerate(rows)}
    t0 = time.time()

    if args.folds:
        results = []
        for k, val_names in enumerate(folds_of(rows, args.folds)):
            if args.only_folds is not None and k not in args.only_folds:
                continue
            val_idx = np.array([by_name[n] for n in val_names])
            train_idx = np.array([i for i in range(len(rows)) if i not in set(val_idx.tolist())])
            log(f"fold {k}: train {len(train_idx)} val {len(val_idx)}")
            _, res = train_one(args, rows, feats, synth, focus, train_idx, val_idx, args.seed + k)
            log(f"fold {k}", json.dumps(res["val"]))
            results.append({"fold": k, **res})
        s = np.array([r["val"]["srocc"] for r in results])
        p = np.array([r["val"]["plcc"] for r in results])
        summary = {"folds": args.folds, "srocc_mean": float(s.mean()), "srocc_std": float(s.std(ddof=1)) if len(s) > 1 else 0.0,
                   "plcc_mean": float(p.mean()), "plcc_std": float(p.std(ddof=1)) if len(p) > 1 else 0.0,
                   "std_ratio_mean": float(np.mean([r["val"]["std_ratio"] for r in results])),
                   "per_fold": results, "args": vars(args), "wall_minutes": round((time.time() - t0) / 60, 1)}
        with open(os.path.join(args.out, "cv.json"), "w") as f:
            json.dump(summary, f, indent=1)
        log("cross-validation", json.dumps({k: v for k, v in summary.items() if k not in ("per_fold", "args")}))
        return

    train_rows, val_rows = DS.clive_split(rows)
    train_idx = np.array([by_name[r[0]] for r in train_rows])
    val_idx = np.array([by_name[r[0]] for r in val_rows])
    model, res = train_one(args, rows, feats, synth, focus, train_idx, val_idx, args.seed)
    cfg = M.mobile_config(args.config)
    trained_convs = args.suffix_convs or cfg["suffix_convs"]
    training = {
        "summary": (f"ImageNet {cfg['backbone']} trunk (TFLite weights, Google, Apache-2.0), "
                    f"last {trained_convs} convolutions fine-tuned with weighted spatial "
                    f"pooling and head for {args.steps} steps on {len(train_idx)} LIVE In the Wild (CLIVE) photos, "
                    "synthetic distortion groups of the pristine photos and native-resolution focus groups; "
                    "final EMA weights, score calibrated to MOS mean and spread on the training photos."),
        "data": ["LIVE In the Wild Image Quality Challenge Database (CLIVE), Ghadiyaram & Bovik, IEEE TIP 2016",
                 "pristine.tsv photos from Debian packages (synthetic and focus groups)",
                 "ImageNet-trained MobileNet weights (google-coral/test_data, Apache-2.0)"],
        "validation": {"split": "models/training/clive_split.json (seeded 20%)", **res["val"]},
        "calibration": res["calibration"],
        "args": vars(args),
        "wall_minutes": round((time.time() - t0) / 60, 1),
    }
    torch.save({"config": args.config, "suffix_convs": args.suffix_convs, "state_dict": model.state_dict(),
                "training": training}, os.path.join(args.out, "best.pt"))
    log("done", json.dumps(training))


if __name__ == "__main__":
    main()
