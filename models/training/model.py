"""Winnow-WSP: a CNN + weighted spatial pooling (Su & Korhonen, ICIP 2020).

The shipped configuration starts from an ImageNet-trained MobileNet read from
its TensorFlow Lite file (tflite_reader.py); `tiny-wsp` is a small from-scratch
network for the app's test fixture.

The network is fully convolutional, so it accepts any H, W >= 32 and keeps the
photo's aspect ratio. The head is linear, which means the pooled logits are the
W-weighted average of the per-location logits: the quality map and the pooled
score come from the same head and agree with each other.
"""
from typing import Literal, TypedDict, overload

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

import tflite_reader as TR

NUM_BINS = 5
# Input normalisation of the from-scratch configurations: ImageNet statistics, a conventional
# choice they were trained with. The MobileNet configurations use their files' own [-1, 1]
# scaling (tflite_reader.MEAN/STD). Each checkpoint's config says which; the app reads it from
# the exported metadata, never from code.
MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)
SCALE = 1.0 / 255.0

# (mean, std, scale) of an input normalisation: x = (rgb * scale - mean) / std per channel.
Norm = tuple[tuple[float, float, float], tuple[float, float, float], float]
# The model's outputs: (score [N], distribution [N,5], quality_map [N,h,w], weight_map [N,h,w]),
# and with return_logits the head's logits [N,5] after them.
Outputs = tuple[Tensor, Tensor, Tensor, Tensor]
OutputsWithLogits = tuple[Tensor, Tensor, Tensor, Tensor, Tensor]


def conv_bn(cin: int, cout: int, k: int = 3, stride: int = 1, groups: int = 1, act: bool = True) -> nn.Sequential:
    layers: list[nn.Module] = [nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]
    if act:
        layers.append(nn.ReLU(inplace=True))
    return nn.Sequential(*layers)


class BasicBlock(nn.Module):
    """ResNet basic block; plain 3x3 convs train faster on CPU than depthwise ones."""

    def __init__(self, cin: int, cout: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = conv_bn(cin, cout, 3, stride)
        self.conv2 = conv_bn(cout, cout, 3, 1, act=False)
        self.short: nn.Sequential | None = None
        if stride != 1 or cin != cout:
            self.short = conv_bn(cin, cout, 1, stride, act=False)

    def forward(self, x: Tensor) -> Tensor:
        s = x if self.short is None else self.short(x)
        return F.relu(self.conv2(self.conv1(x)) + s)


class CompactBackbone(nn.Module):
    """Stride-32 ResNet-ish trunk sized for ~0.7 GMAC at 512x384.

    widths: channels of the stem and of each of the four stages (stride 4..32).
    Early stages are kept thin because they run at high resolution and dominate
    cost; capacity sits in the low-resolution stages.
    """

    def __init__(self, widths: tuple[int, ...] = (16, 32, 64, 128, 256), blocks: tuple[int, ...] = (1, 1, 2, 1)) -> None:
        super().__init__()
        w0 = widths[0]
        self.stem = conv_bn(3, w0, 3, 2)  # /2
        layers: list[nn.Module] = []
        cin = w0
        for w, n in zip(widths[1:], blocks):
            for j in range(n):
                layers.append(BasicBlock(cin, w, 2 if j == 0 else 1))
                cin = w
        self.layers = nn.Sequential(*layers)
        self.out_channels = cin
        self.stride = 2 ** (1 + len(blocks))

    def forward(self, x: Tensor) -> Tensor:
        return self.layers(self.stem(x))


class WeightedSpatialPooling(nn.Module):
    """W = ReLU(BN(conv1x1(X))); pooled = sum(X*W) / (sum(W) + 1e-4) per channel."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 1, bias=True)
        self.bn = nn.BatchNorm2d(channels)

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        w = F.relu(self.bn(self.conv(x)))
        pooled = (x * w).sum(dim=(2, 3)) / (w.sum(dim=(2, 3)) + 1e-4)
        return pooled, w


class WSPQualityModel(nn.Module):
    """Returns (score [N], distribution [N,5], quality_map [N,h,w], weight_map [N,h,w]).

    score_scale/score_shift calibrate the 0-100 scale (fitted after training so the
    predictions spread as human opinions do); they apply to the score and, identically,
    to every location of the quality map, which therefore is in the score's units.
    """

    # Set by build_model (and export_resnet101): what evaluate/export need to rebuild and describe it.
    config_name: str
    map_stride: int
    norm: Norm
    bin_scores: Tensor
    score_scale: Tensor
    score_shift: Tensor

    def __init__(self, backbone: nn.Module, channels: int, dropout: float = 0.0) -> None:
        super().__init__()
        self.backbone = backbone
        self.pool = WeightedSpatialPooling(channels)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(channels, NUM_BINS)
        self.register_buffer("bin_scores", torch.linspace(0.0, 100.0, NUM_BINS))
        self.register_buffer("score_scale", torch.tensor(1.0))
        self.register_buffer("score_shift", torch.tensor(0.0))

    def _calibrate(self, s: Tensor) -> Tensor:
        return (s * self.score_scale + self.score_shift).clamp(0.0, 100.0)

    @overload
    def forward(self, x: Tensor, return_logits: Literal[False] = False) -> Outputs: ...
    @overload
    def forward(self, x: Tensor, return_logits: Literal[True]) -> OutputsWithLogits: ...
    def forward(self, x: Tensor, return_logits: bool = False) -> tuple[Tensor, ...]:
        return self.forward_features(self.backbone(x), return_logits)

    @overload
    def forward_features(self, feat: Tensor, return_logits: Literal[False] = False) -> Outputs: ...
    @overload
    def forward_features(self, feat: Tensor, return_logits: Literal[True]) -> OutputsWithLogits: ...
    @overload
    def forward_features(self, feat: Tensor, return_logits: bool) -> tuple[Tensor, ...]: ...
    def forward_features(self, feat: Tensor, return_logits: bool = False) -> tuple[Tensor, ...]:
        pooled, w = self.pool(feat)
        logits = self.head(self.dropout(pooled))
        dist = F.softmax(logits, dim=1)
        score = self._calibrate((dist * self.bin_scores).sum(dim=1))
        # Head applied per location (1x1 conv with the same weights).
        loc_logits = F.conv2d(feat, self.head.weight[:, :, None, None], self.head.bias)
        loc_dist = F.softmax(loc_logits, dim=1)
        qmap = self._calibrate((loc_dist * self.bin_scores.view(1, -1, 1, 1)).sum(dim=1))
        wmap = w.mean(dim=1)
        if return_logits:
            return score, dist, qmap, wmap, logits
        return score, dist, qmap, wmap

    @overload
    def forward_from_prefix(self, cached: Tensor, return_logits: Literal[False] = False) -> Outputs: ...
    @overload
    def forward_from_prefix(self, cached: Tensor, return_logits: Literal[True]) -> OutputsWithLogits: ...
    def forward_from_prefix(self, cached: Tensor, return_logits: bool = False) -> tuple[Tensor, ...]:
        """From the frozen prefix's output (what training caches) onwards."""
        return self.forward_features(mobile_trunk(self).suffix(cached), return_logits)


class MobileTrunk(nn.Module):
    """An ImageNet MobileNet trunk cut into a frozen prefix and a trainable suffix."""

    def __init__(self, backbone_name: str, suffix_convs: int) -> None:
        super().__init__()
        trunk = TR.trunk_of(TR.load_backbone(backbone_name))
        self.prefix, self.suffix = TR.split_trunk(trunk, suffix_convs)
        for p in self.prefix.parameters():
            p.requires_grad_(False)
        self.out_channels = trunk.out_channels
        self.stride = trunk.stride

    def forward(self, x: Tensor) -> Tensor:
        return self.suffix(self.prefix(x))


class MobileConfig(TypedDict):
    """An ImageNet MobileNet trunk (TFLite) with its last `suffix_convs` convolutions fine-tuned."""
    backbone: str
    suffix_convs: int
    dropout: float


class ScratchConfig(TypedDict):
    """A from-scratch CompactBackbone."""
    widths: tuple[int, ...]
    blocks: tuple[int, ...]
    dropout: float


def mobile_trunk(model: WSPQualityModel) -> MobileTrunk:
    """The model's MobileNet trunk: training caches its frozen prefix and trains its suffix."""
    if not isinstance(model.backbone, MobileTrunk):
        raise TypeError(f"{type(model.backbone).__name__} is not a MobileNet trunk: it has no cached prefix")
    return model.backbone


# Named configurations; the checkpoint stores the name so evaluate/export rebuild it.
CONFIGS: dict[str, MobileConfig | ScratchConfig] = {
    # MobileNetV1 width 0.5 (ImageNet, TFLite): the shipped model's backbone. The last two
    # depthwise-separable blocks (stride 32) are fine-tuned; everything before is frozen.
    "winnow-wsp": MobileConfig(backbone="mobilenet_v1_0.5", suffix_convs=4, dropout=0.2),
    "wsp-mnv1-0.75": MobileConfig(backbone="mobilenet_v1_0.75", suffix_convs=4, dropout=0.2),
    "wsp-mnv2": MobileConfig(backbone="mobilenet_v2_1.0", suffix_convs=13, dropout=0.2),
    # The 1.0.0 model's from-scratch trunk, kept for reference and comparison.
    "scratch-wsp": ScratchConfig(widths=(16, 24, 48, 96, 192), blocks=(1, 1, 2, 2), dropout=0.2),
    "tiny-wsp": ScratchConfig(widths=(8, 8, 16, 16, 32), blocks=(1, 1, 1, 1), dropout=0.0),
}


def mobile_config(config: str) -> MobileConfig:
    """The named configuration, which must be a MobileNet one (training caches its prefix)."""
    cfg = CONFIGS[config]
    if "backbone" not in cfg:
        raise ValueError(f"{config} is a from-scratch configuration, not a MobileNet one")
    return cfg


def normalisation(config: str) -> Norm:
    """(mean, std, scale) the model expects, written to the exported metadata."""
    if "backbone" in CONFIGS[config]:
        return TR.MEAN, TR.STD, TR.SCALE
    return MEAN, STD, SCALE


def build_model(config: str = "winnow-wsp", suffix_convs: int | None = None) -> WSPQualityModel:
    cfg = CONFIGS[config]
    bb: MobileTrunk | CompactBackbone
    if "backbone" in cfg:
        bb = MobileTrunk(cfg["backbone"], suffix_convs or cfg["suffix_convs"])
    else:
        bb = CompactBackbone(cfg["widths"], cfg["blocks"])
    m = WSPQualityModel(bb, bb.out_channels, cfg["dropout"])
    m.config_name = config
    m.map_stride = bb.stride
    m.norm = normalisation(config)
    return m


def count_macs(model: WSPQualityModel, h: int = 384, w: int = 512) -> int:
    """Multiply-accumulates of conv/linear layers for one image (what dominates runtime)."""
    macs = [0]

    def conv_hook(mod: nn.Conv2d, inp: tuple[Tensor, ...], out: Tensor) -> None:
        k = mod.kernel_size[0] * mod.kernel_size[1] * mod.in_channels // mod.groups
        macs[0] += k * out.numel()

    hooks = [m.register_forward_hook(conv_hook) for m in model.modules() if isinstance(m, nn.Conv2d)]
    model.eval()
    with torch.no_grad():
        out = model(torch.zeros(1, 3, h, w))
    for hk in hooks:
        hk.remove()
    c = model.head.in_features
    macs[0] += out[2].numel() * c * NUM_BINS
    return macs[0]
