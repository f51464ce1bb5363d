"""Winnow-WSP: a CNN + weighted spatial pooling (Su & Korhonen, ICIP 2020).

The shipped configuration starts from an ImageNet-trained MobileNet read from
its TensorFlow Lite file (tflite_reader.py); `tiny-wsp` is a small from-scratch
network for the app's test fixture.

The network is fully convolutional, so it accepts any H, W >= 32 and keeps the
photo's aspect ratio. The head is linear, which means the pooled logits are the
W-weighted average of the per-location logits: the quality map and the pooled
score come from the same head and agree with each other.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

import tflite_reader as TR

NUM_BINS = 5
# Input normalisation of the from-scratch configurations: ImageNet statistics, a conventional
# choice they were trained with. The MobileNet configurations use their files' own [-1, 1]
# scaling (tflite_reader.MEAN/STD). Each checkpoint's config says which; the app reads it from
# the exported metadata, never from code.
MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)
SCALE = 1.0 / 255.0


def conv_bn(cin, cout, k=3, stride=1, groups=1, act=True):
    layers = [nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]
    if act:
        layers.append(nn.ReLU(inplace=True))
    return nn.Sequential(*layers)


class BasicBlock(nn.Module):
    """ResNet basic block; plain 3x3 convs train faster on CPU than depthwise ones."""

    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = conv_bn(cin, cout, 3, stride)
        self.conv2 = conv_bn(cout, cout, 3, 1, act=False)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = conv_bn(cin, cout, 1, stride, act=False)

    def forward(self, x):
        s = x if self.short is None else self.short(x)
        return F.relu(self.conv2(self.conv1(x)) + s)


class CompactBackbone(nn.Module):
    """Stride-32 ResNet-ish trunk sized for ~0.7 GMAC at 512x384.

    widths: channels of the stem and of each of the four stages (stride 4..32).
    Early stages are kept thin because they run at high resolution and dominate
    cost; capacity sits in the low-resolution stages.
    """

    def __init__(self, widths=(16, 32, 64, 128, 256), blocks=(1, 1, 2, 1)):
        super().__init__()
        w0 = widths[0]
        self.stem = conv_bn(3, w0, 3, 2)  # /2
        layers = []
        cin = w0
        for w, n in zip(widths[1:], blocks):
            for j in range(n):
                layers.append(BasicBlock(cin, w, 2 if j == 0 else 1))
                cin = w
        self.layers = nn.Sequential(*layers)
        self.out_channels = cin
        self.stride = 2 ** (1 + len(blocks))

    def forward(self, x):
        return self.layers(self.stem(x))


class WeightedSpatialPooling(nn.Module):
    """W = ReLU(BN(conv1x1(X))); pooled = sum(X*W) / (sum(W) + 1e-4) per channel."""

    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 1, bias=True)
        self.bn = nn.BatchNorm2d(channels)

    def forward(self, x):
        w = F.relu(self.bn(self.conv(x)))
        pooled = (x * w).sum(dim=(2, 3)) / (w.sum(dim=(2, 3)) + 1e-4)
        return pooled, w


class WSPQualityModel(nn.Module):
    """Returns (score [N], distribution [N,5], quality_map [N,h,w], weight_map [N,h,w]).

    score_scale/score_shift calibrate the 0-100 scale (fitted after training so the
    predictions spread as human opinions do); they apply to the score and, identically,
    to every location of the quality map, which therefore is in the score's units.
    """

    def __init__(self, backbone, channels, dropout=0.0):
        super().__init__()
        self.backbone = backbone
        self.pool = WeightedSpatialPooling(channels)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(channels, NUM_BINS)
        self.register_buffer("bin_scores", torch.linspace(0.0, 100.0, NUM_BINS))
        self.register_buffer("score_scale", torch.tensor(1.0))
        self.register_buffer("score_shift", torch.tensor(0.0))

    def _calibrate(self, s):
        return (s * self.score_scale + self.score_shift).clamp(0.0, 100.0)

    def forward(self, x, return_logits=False):
        return self.forward_features(self.backbone(x), return_logits)

    def forward_features(self, feat, return_logits=False):
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

    def forward_from_prefix(self, cached, return_logits=False):
        """From the frozen prefix's output (what training caches) onwards."""
        return self.forward_features(self.backbone.suffix(cached), return_logits)


class MobileTrunk(nn.Module):
    """An ImageNet MobileNet trunk cut into a frozen prefix and a trainable suffix."""

    def __init__(self, backbone_name, suffix_convs):
        super().__init__()
        trunk = TR.trunk_of(TR.load_backbone(backbone_name))
        self.prefix, self.suffix = TR.split_trunk(trunk, suffix_convs)
        for p in self.prefix.parameters():
            p.requires_grad_(False)
        self.out_channels = trunk.out_channels
        self.stride = trunk.stride

    def forward(self, x):
        return self.suffix(self.prefix(x))


# Named configurations; the checkpoint stores the name so evaluate/export rebuild it.
CONFIGS = {
    # MobileNetV1 width 0.5 (ImageNet, TFLite): the shipped model's backbone. The last two
    # depthwise-separable blocks (stride 32) are fine-tuned; everything before is frozen.
    "winnow-wsp": dict(backbone="mobilenet_v1_0.5", suffix_convs=4, dropout=0.2),
    "wsp-mnv1-0.75": dict(backbone="mobilenet_v1_0.75", suffix_convs=4, dropout=0.2),
    "wsp-mnv2": dict(backbone="mobilenet_v2_1.0", suffix_convs=13, dropout=0.2),
    # The 1.0.0 model's from-scratch trunk, kept for reference and comparison.
    "scratch-wsp": dict(widths=(16, 24, 48, 96, 192), blocks=(1, 1, 2, 2), dropout=0.2),
    "tiny-wsp": dict(widths=(8, 8, 16, 16, 32), blocks=(1, 1, 1, 1), dropout=0.0),
}


def normalisation(config):
    """(mean, std, scale) the model expects, written to the exported metadata."""
    if "backbone" in CONFIGS[config]:
        return TR.MEAN, TR.STD, TR.SCALE
    return MEAN, STD, SCALE


def build_model(config="winnow-wsp", suffix_convs=None):
    cfg = CONFIGS[config]
    if "backbone" in cfg:
        bb = MobileTrunk(cfg["backbone"], suffix_convs or cfg["suffix_convs"])
    else:
        bb = CompactBackbone(cfg["widths"], cfg["blocks"])
    m = WSPQualityModel(bb, bb.out_channels, cfg["dropout"])
    m.config_name = config
    m.map_stride = bb.stride
    m.norm = normalisation(config)
    return m


def count_macs(model, h=384, w=512):
    """Multiply-accumulates of conv/linear layers for one image (what dominates runtime)."""
    macs = [0]

    def conv_hook(mod, inp, out):
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
