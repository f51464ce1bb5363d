"""Export the paper's exact configuration (Su & Korhonen, ICIP 2020) under the app's contract.

    python3 models/training/export_resnet101.py [--checkpoint FILE] --out DIR

torchvision ResNet-101 trunk (conv1 .. layer4, stride 32, 2048 channels; in the
paper conv1 .. layer3 are frozen during training), the same weighted spatial
pooling head with 2048 channels, and a 2048 -> 5 linear layer.

Without --checkpoint the weights are random (used by CI to test the export
path). With the authors' checkpoint (github.com/yichengsu/ICIP2020-WSP-IQA,
`IQANet`, saved as {'state_dict': ...}) keys are mapped as follows:
    [module.]resnet101_freeze.{0,1,4,5,6}.*  -> backbone.{conv1,bn1,layer1,layer2,layer3}.*
    [module.]resnet101.0.*                   -> backbone.layer4.*
    [module.]wsp.{conv,bn}.*                 -> pool.{conv,bn}.*
    [module.]fc.*                            -> head.*
Keys already in this script's naming pass through unchanged. The authors' fc
regresses the 5 bin probabilities directly (Huber loss, no softmax), so for
their weights use --head probabilities (the default when a checkpoint is
given): outputs are clamped at 0 and renormalised to sum to 1, which keeps the
app's "distribution" a probability vector and leaves E[bin] unchanged when the
outputs already sum to 1. Their input normalisation is the ImageNet mean/std
on RGB in [0, 1], which is what the metadata declares. Check the result on a
few images against the authors' code: mapping a third-party checkpoint is a
best effort, not a guarantee.
"""
import argparse
import os
import re
import sys
from collections.abc import Mapping

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torch import Tensor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_utils as xu  # noqa: E402
import model as M  # noqa: E402

NAME = "wsp-resnet101"


class ResNet101Trunk(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        r = torchvision.models.resnet101(weights=None)
        self.conv1, self.bn1, self.relu, self.maxpool = r.conv1, r.bn1, r.relu, r.maxpool
        self.layer1, self.layer2, self.layer3, self.layer4 = r.layer1, r.layer2, r.layer3, r.layer4
        self.out_channels, self.stride = 2048, 32

    def frozen_modules(self) -> list[nn.Module]:
        """What the paper freezes (weights and BN statistics) when fine-tuning."""
        return [self.conv1, self.bn1, self.layer1, self.layer2, self.layer3]

    def forward(self, x: Tensor) -> Tensor:
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        return self.layer4(self.layer3(self.layer2(self.layer1(x))))


class ProbabilityHeadModel(M.WSPQualityModel):
    """Same outputs, but the linear head already predicts probabilities (authors' training)."""

    # The authors' head regresses probabilities: it has no logits to return, so this forward has
    # one signature where the base class's is overloaded on return_logits.
    def forward(self, x: Tensor, return_logits: bool = False) -> M.Outputs:  # pyright: ignore[reportIncompatibleMethodOverride]
        if return_logits:
            raise ValueError("the probability head has no logits")
        feat = self.backbone(x)
        pooled, w = self.pool(feat)
        raw = self.head(pooled)
        dist = _normalise(raw, dim=1)
        score = (dist * self.bin_scores).sum(dim=1)
        loc = _normalise(F.conv2d(feat, self.head.weight[:, :, None, None], self.head.bias), dim=1)
        qmap = (loc * self.bin_scores.view(1, -1, 1, 1)).sum(dim=1)
        return score, dist, qmap, w.mean(dim=1)


def _normalise(p: Tensor, dim: int) -> Tensor:
    p = F.relu(p)
    return p / (p.sum(dim=dim, keepdim=True) + 1e-6)


_RULES = [
    (r"^module\.", ""),
    (r"^resnet101_freeze\.0\.", "backbone.conv1."),
    (r"^resnet101_freeze\.1\.", "backbone.bn1."),
    (r"^resnet101_freeze\.4\.", "backbone.layer1."),
    (r"^resnet101_freeze\.5\.", "backbone.layer2."),
    (r"^resnet101_freeze\.6\.", "backbone.layer3."),
    (r"^resnet101\.0\.", "backbone.layer4."),
    (r"^wsp\.", "pool."),
    (r"^fc\.", "head."),
]


def map_state_dict(sd: Mapping[str, Tensor]) -> dict[str, Tensor]:
    out: dict[str, Tensor] = {}
    for k, v in sd.items():
        for pat, rep in _RULES:
            k = re.sub(pat, rep, k)
        out[k] = v
    return out


def build(head: str = "softmax") -> M.WSPQualityModel:
    cls = ProbabilityHeadModel if head == "probabilities" else M.WSPQualityModel
    m = cls(ResNet101Trunk(), 2048, dropout=0.0)
    m.config_name, m.map_stride = NAME, 32
    return m


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", help="authors' .pth.tar (or a state_dict in this script's naming)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--head", choices=["softmax", "probabilities"], default=None,
                    help="how fc outputs become the distribution (default: probabilities with a "
                         "checkpoint, softmax without)")
    ap.add_argument("--export-size", type=int, nargs=2, default=[64, 96], metavar=("H", "W"),
                    help="trace size (axes are dynamic anyway)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    head = args.head or ("probabilities" if args.checkpoint else "softmax")
    model = build(head)
    if args.checkpoint:
        ckpt = torch.load(args.checkpoint, map_location="cpu")
        sd = ckpt.get("state_dict", ckpt) if isinstance(ckpt, dict) else ckpt
        missing, unexpected = model.load_state_dict(map_state_dict(sd), strict=False)
        missing = [k for k in missing if k not in ("bin_scores", "score_scale", "score_shift")]
        if missing or unexpected:
            print("key mapping incomplete: missing", missing[:10], "unexpected", unexpected[:10], file=sys.stderr)
            sys.exit(2)
        training = {"summary": f"weights from {os.path.basename(args.checkpoint)} (authors' checkpoint), head={head}"}
    else:
        # Random BN statistics let activations explode through 33 blocks (making the
        # 1e-3 parity tolerance meaningless); calibrate them on procedural images.
        model.train()
        with torch.no_grad():
            model(torch.cat([xu.normalise(xu.procedural_image(128, 128, seed=s), M.MEAN, M.STD, M.SCALE)
                             for s in range(4)]))
        training = {"summary": "random init, BatchNorm calibrated on procedural images "
                               "(export-path test only; scores are meaningless)"}
    model.eval()

    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, f"{NAME}.onnx")
    meta_path = os.path.join(args.out, f"{NAME}.json")
    parity_path = os.path.join(args.out, f"{NAME}.parity.json")
    xu.export_onnx(model, onnx_path, height=args.export_size[0], width=args.export_size[1])
    arch = ("Su & Korhonen ICIP 2020: torchvision ResNet-101 conv1..layer4 (stride 32, 2048 ch; conv1..layer3 "
            "frozen in the paper's training) -> weighted spatial pooling W = ReLU(BN(conv1x1(X))) -> "
            f"linear 2048->5 -> {head}; score = 25*(E[bin]-1)")
    xu.write_metadata(meta_path, NAME, onnx_path, M.MEAN, M.STD, M.SCALE, 32,
                      "Paper-configuration WSP quality model (ResNet-101).", arch, training)
    xu.write_parity(parity_path, model, onnx_path, meta_path, M.MEAN, M.STD, M.SCALE)
    for p in (onnx_path, meta_path, parity_path):
        print(p, os.path.getsize(p), "bytes")


if __name__ == "__main__":
    main()
