"""CI smoke test: the TFLite reader, a few training steps on a few photos, both exports, parity files.

    python3 models/training/smoke.py --out DIR

Needs CLIVE under ../shared/data and the ImageNet TFLite files under ../shared/models/imagenet
relative to the repository root (or WINNOW_DATA / WINNOW_IMAGENET), and Debian's flatc; needs no
network: synthetic and focus groups use CLIVE photos instead of the Debian pristine photos, and
every cache goes under DIR. Exits non-zero on any failure.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import export as EX  # noqa: E402
import export_resnet101 as R101  # noqa: E402
import model as M  # noqa: E402


def run(cmd: list[str], env: dict[str, str] | None = None) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, env=env)


def check_parity_file(path: str) -> None:
    doc = json.load(open(path))
    d = os.path.dirname(path)
    assert os.path.exists(os.path.join(d, doc["model"])), "parity: model missing"
    meta = json.load(open(os.path.join(d, doc["metadata"])))
    assert meta["sha256"] == EX.xu.sha256_file(os.path.join(d, meta["onnx"])), "sha256 mismatch"
    assert len(doc["cases"]) == 3
    for c in doc["cases"]:
        assert 0.0 <= c["score"] <= 100.0, c["score"]
        assert abs(sum(c["distribution"]) - 1.0) < 1e-4
        stride = meta["mapStride"]
        want = [-(-c["height"] // stride), -(-c["width"] // stride)]
        assert c["quality_map"]["shape"] == want == c["weight_map"]["shape"], (c["quality_map"]["shape"], want)
    print("ok", path)


def check_key_mapping() -> None:
    """The authors' IQANet naming must map onto ours without missing or extra keys."""
    import torchvision
    r = torchvision.models.resnet101(weights=None)
    children = list(r.children())
    authors = {}
    for prefix, mods in (("resnet101_freeze", children[:7]), ("resnet101", children[7:8])):
        for k, v in torch.nn.Sequential(*mods).state_dict().items():
            authors[f"module.{prefix}.{k}"] = v
    wsp = M.WeightedSpatialPooling(2048)
    authors.update({f"module.wsp.{k}": v for k, v in wsp.state_dict().items()})
    authors.update({f"module.fc.{k}": v for k, v in torch.nn.Linear(2048, 5).state_dict().items()})
    model = R101.build("probabilities")
    missing, unexpected = model.load_state_dict(R101.map_state_dict(authors), strict=False)
    # Buffers the authors' checkpoint cannot hold: the bin scores and the (identity) calibration.
    own = {"bin_scores", "score_scale", "score_shift"}
    assert [k for k in missing if k not in own] == [] and unexpected == [], (missing, unexpected)
    print("ok authors' checkpoint key mapping")


def check_same_model(py: str, out: str, run_dir: str, train_args: list[str]) -> None:
    """The same command, with caches built afresh, trains the same weights: a result must not
    depend on the process (the caches once drew crops from torch's unset, random initial seed)."""
    again = os.path.join(out, "run-again")
    run([py, os.path.join(HERE, "train.py"), "--out", again, *train_args],
        env={**os.environ, "WINNOW_CACHE": os.path.join(out, "cache-again")})
    first = torch.load(os.path.join(run_dir, "best.pt"), map_location="cpu")["state_dict"]
    second = torch.load(os.path.join(again, "best.pt"), map_location="cpu")["state_dict"]
    differing = [k for k in first if not torch.equal(first[k], second[k])]
    assert differing == [], f"two runs of one command trained different weights: {differing[:5]}"
    print("ok same command, same model")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    t0 = time.time()
    out = os.path.abspath(args.out)
    run_dir = os.path.join(out, "run")
    py = sys.executable
    train_args = ["--synthetic-from", "clive", "--threads", "1", "--max-clive", "24", "--steps", "4", "--batch", "8",
                  "--synth-cache", "4", "--synth-groups", "2", "--focus-cache", "3", "--focus-groups", "1", "--crop", "128",
                  "--log-every", "2"]
    os.environ["WINNOW_CACHE"] = os.path.join(out, "cache")
    run([py, os.path.join(HERE, "train.py"), "--out", run_dir, *train_args])
    check_same_model(py, out, run_dir, train_args)
    run([py, os.path.join(HERE, "export.py"), "--checkpoint", os.path.join(run_dir, "best.pt"), "--out", out,
         "--name", "smoke-wsp", "--focus-from", "clive"])
    meta = json.load(open(os.path.join(out, "smoke-wsp.json")))
    assert meta["input"]["size"]["multipleOf"] == 32 and meta["focus"]["cropSize"] == 256, meta["input"]
    check_parity_file(os.path.join(out, "smoke-wsp.parity.json"))
    run([py, os.path.join(HERE, "export_resnet101.py"), "--out", out, "--export-size", "64", "96"])
    check_parity_file(os.path.join(out, "wsp-resnet101.parity.json"))
    check_key_mapping()
    print(f"smoke OK in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
