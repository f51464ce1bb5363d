"""Export a trained Winnow-WSP checkpoint to ONNX + metadata JSON + parity JSON.

    python3 models/training/export.py --checkpoint /work/cache/run1/best.pt --out models/

--random-init (with --config) exports an untrained model, used for the tiny
app test fixture and the CI smoke test.
"""
import argparse
import json
import os
import sys
from collections.abc import Mapping

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import datasets as DS  # noqa: E402
import export_utils as xu  # noqa: E402
import focus_calibration as FC  # noqa: E402
import focus_groups as FG  # noqa: E402
import model as M  # noqa: E402

DESCRIPTION = ("Blind (no-reference) photo quality predictor: an ImageNet-trained MobileNet fine-tuned with "
               "weighted spatial pooling (Su & Korhonen, ICIP 2020). Predicts a 5-bin opinion "
               "distribution, a 0-100 score, a per-location quality map (same units) and the pooling weight map; "
               "the app also runs it on native-resolution crops for focus at 100 %.")
SCRATCH_DESCRIPTION = ("Blind (no-reference) photo quality predictor: compact CNN trained from scratch with "
                       "weighted spatial pooling (Su & Korhonen, ICIP 2020). Predicts a 5-bin opinion "
                       "distribution, a 0-100 score, a per-location quality map and the pooling weight map.")


def architecture_text(model: M.WSPQualityModel) -> str:
    bb = model.backbone
    if isinstance(bb, M.MobileTrunk):
        cfg = M.mobile_config(model.config_name)
        frozen = sum(p.numel() for p in bb.prefix.parameters())
        return (f"{model.config_name}: ImageNet {cfg['backbone']} trunk read from its TFLite file (stride {bb.stride}, "
                f"{bb.out_channels} output channels; {frozen / 1e6:.2f} M parameters kept as trained on ImageNet, "
                f"the last {len([p for p in bb.suffix.plan if p[0] == 'conv'])} convolutions fine-tuned), "
                f"{sum(p.numel() for p in model.parameters()) / 1e6:.2f} M params, "
                f"{M.count_macs(model) / 1e9:.2f} GMAC at 512x384 -> weighted spatial pooling "
                "W = ReLU(BN(conv1x1(X))), pooled = sum(X*W)/(sum(W)+1e-4) -> linear head -> softmax over 5 bins; "
                "score = calibrated 25*(E[bin]-1). quality_map = same head and calibration per location; "
                "weight_map = mean_c W.")
    return (f"{model.config_name}: from-scratch ResNet-style CNN (BasicBlocks, BatchNorm, stride {bb.stride}, "
            f"{bb.out_channels} output channels, {sum(p.numel() for p in model.parameters()) / 1e6:.2f} M params, "
            f"{M.count_macs(model) / 1e9:.2f} GMAC at 512x384) -> weighted spatial pooling "
            "W = ReLU(BN(conv1x1(X))), pooled = sum(X*W)/(sum(W)+1e-4) -> linear head -> softmax over 5 bins; "
            "score = 25*(E[bin]-1). quality_map = same head per location; weight_map = mean_c W.")


def calibrate_bn(model: M.WSPQualityModel, steps: int = 8, size: tuple[int, int] = (96, 128)) -> None:
    """Give an untrained model BN statistics of real-ish inputs so its outputs vary."""
    model.train()
    with torch.no_grad():
        for s in range(steps):
            rgb = xu.procedural_image(size[0], size[1], seed=50 + s)
            model(xu.normalise(rgb, *model.norm))
    model.eval()


def export_all(model: M.WSPQualityModel, out_dir: str, name: str, training: Mapping[str, object], version: str = "1.0.0",
               focus: xu.FocusSettings | None = None) -> tuple[str, str, str]:
    os.makedirs(out_dir, exist_ok=True)
    onnx_path = os.path.join(out_dir, f"{name}.onnx")
    meta_path = os.path.join(out_dir, f"{name}.json")
    parity_path = os.path.join(out_dir, f"{name}.parity.json")
    mean, std, scale = model.norm
    mobile = isinstance(model.backbone, M.MobileTrunk)
    xu.export_onnx(model, onnx_path)
    xu.write_metadata(meta_path, name, onnx_path, mean, std, scale, model.map_stride,
                      DESCRIPTION if mobile else SCRATCH_DESCRIPTION, architecture_text(model), training,
                      version=version, multiple_of=32 if mobile else 1,
                      min_judged_long_side=256 if mobile else None, focus=focus)
    xu.write_parity(parity_path, model, onnx_path, meta_path, mean, std, scale)
    return onnx_path, meta_path, parity_path


def focus_settings(model: M.WSPQualityModel, source: str
                   ) -> tuple[xu.FocusSettings, dict[str, dict[str, float]]] | tuple[None, None]:
    """Fit the focus pass on training photos: pristine (<8 MP, training split) or, for offline
    smoke tests, CLIVE photos standing in for them."""
    if source == "none":
        return None, None
    if source == "pristine":
        rows, _ = DS.prepare_pristine()
        train, _ = DS.pristine_split(rows)
        photos = FG.focus_photo_paths(rows, train, DS.original_path)
    else:
        photos = [os.path.join(DS.CLIVE_DIR, "images", r[0]) for r in DS.read_clive()[:4]]
    scores = FC.crop_scores(model, photos)
    return FC.fit(scores), FC.summary(scores)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", help="checkpoint written by train.py (best.pt)")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--name", default=None, help="model name (default: the checkpoint's config name)")
    ap.add_argument("--config", default="winnow-wsp", choices=sorted(M.CONFIGS))
    ap.add_argument("--random-init", action="store_true", help="export an untrained model")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--focus-from", choices=["pristine", "clive", "none"], default="pristine",
                    help="photos the focus penalty is fitted on (clive: offline smoke tests only)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--version", default="2.0.0",
                    help="model version; the app keys scores by name and version, so bump it for new weights")
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    if args.random_init:
        model = M.build_model(args.config)
        calibrate_bn(model)
        training: dict[str, object] = {"summary": "untrained (random init, BatchNorm calibrated on procedural images); "
                               "for app tests only, scores are meaningless"}
    elif args.checkpoint:
        ckpt = torch.load(args.checkpoint, map_location="cpu")
        model = M.build_model(ckpt["config"], ckpt.get("suffix_convs"))
        model.load_state_dict(ckpt["state_dict"])
        training = ckpt.get("training", {})
        eval_path = os.path.join(os.path.dirname(args.checkpoint), "eval.json")
        if os.path.exists(eval_path):  # measured by evaluate.py on the same checkpoint
            with open(eval_path) as f:
                training["evaluation"] = json.load(f)
    else:
        ap.error("give --checkpoint or --random-init")
    model.eval()
    focus = None
    if isinstance(model.backbone, M.MobileTrunk):
        focus, crops = focus_settings(model, args.focus_from)
        if crops is not None:
            training["focus_calibration"] = {"photos": args.focus_from, "crop_scores": crops, "settings": focus}
    paths = export_all(model, args.out, args.name or model.config_name, training, version=args.version, focus=focus)
    for p in paths:
        print(p, os.path.getsize(p), "bytes")


if __name__ == "__main__":
    main()
