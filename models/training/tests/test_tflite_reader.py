"""The TFLite reader gives back ImageNet classifiers that still classify: a wrong layout, padding
or scale gives flat or nonsense answers (see ../shared/models/imagenet/README.md)."""
import os
import sys
import unittest

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import tflite_reader as R  # noqa: E402

CHECK = os.path.join(R.IMAGENET_DIR, "check")
LABELS = os.path.join(R.IMAGENET_DIR, "imagenet_labels.txt")
EXPECT = {"bird": {"chickadee"}, "dragonfly": {"dragonfly"}, "cat": {"Egyptian cat", "tabby", "tiger cat"}}


def top1(net: R.TFLiteNet, photo: str, size: int) -> tuple[str, float]:
    im = Image.open(os.path.join(CHECK, f"{photo}.bmp")).convert("RGB").resize((size, size), Image.BILINEAR)
    x = torch.from_numpy(np.asarray(im, np.float32).transpose(2, 0, 1)[None] / 127.5 - 1.0)
    with torch.no_grad():
        p = net(x)[0]
    with open(LABELS) as f:
        labels = f.read().splitlines()
    i = int(p.argmax())
    return labels[i].split(",")[0], float(p[i])


class TFLiteReaderTest(unittest.TestCase):
    def check(self, backbone: str, size: int) -> None:
        net = R.load_backbone(backbone).eval()
        for photo, names in EXPECT.items():
            label, p = top1(net, photo, size)
            self.assertIn(label, names, f"{backbone} {photo}: {label} ({p:.2f})")
            self.assertGreater(p, 0.3, f"{backbone} {photo}: {label} ({p:.2f})")

    def test_mobilenet_v1_075(self) -> None:
        self.check("mobilenet_v1_0.75", 192)

    def test_mobilenet_v2_int8_per_channel(self) -> None:
        self.check("mobilenet_v2_1.0", 224)

    def test_shipped_backbone_trunk_splits_without_changing_its_output(self) -> None:
        trunk = R.trunk_of(R.load_backbone("mobilenet_v1_0.5"))
        prefix, suffix = R.split_trunk(trunk, 4)
        x = torch.randn(1, 3, 96, 128)
        with torch.no_grad():
            self.assertTrue(torch.equal(trunk(x), suffix(prefix(x))))
        self.assertEqual((prefix.stride, trunk.stride), (16, 32))

    def test_split_refuses_to_cut_a_residual_connection(self) -> None:
        trunk = R.trunk_of(R.load_backbone("mobilenet_v2_1.0"))
        with self.assertRaises(ValueError):
            R.split_trunk(trunk, 5)  # inside a residual stage of 160 channels


if __name__ == "__main__":
    unittest.main()
