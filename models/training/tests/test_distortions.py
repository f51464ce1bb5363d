"""Each graded distortion leaves s=0 untouched, stays in range, and changes the image more as s grows."""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import distortions as D  # noqa: E402


def textured(seed: int = 0, size: int = 64) -> D.Image01:
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    img = 0.5 + 0.25 * np.sin(xx / 3.0)[..., None] * np.cos(yy / 5.0)[..., None] + rng.normal(0, 0.05, (size, size, 3))
    img[:, :, 1] *= 0.8
    return np.clip(img, 0.05, 0.95).astype(np.float32)


class DistortionTest(unittest.TestCase):
    def test_zero_severity_is_identity(self) -> None:
        x = textured()
        params = D.draw_params(np.random.default_rng(1))
        for name in D.NAMES:
            self.assertTrue(np.array_equal(D.apply(x, {name: 1.0}, 0.0, params), x), name)

    def test_output_shape_and_range(self) -> None:
        x = textured()
        params = D.draw_params(np.random.default_rng(2))
        for name in D.NAMES:
            y = D.apply(x, {name: 1.0}, 0.7, params)
            self.assertEqual(y.shape, x.shape, name)
            self.assertGreaterEqual(float(y.min()), 0.0, name)
            self.assertLessEqual(float(y.max()), 1.0, name)

    def test_change_grows_with_severity(self) -> None:
        x = textured(3)
        params = D.draw_params(np.random.default_rng(3))
        for name in D.NAMES:
            diffs = [float(np.abs(D.apply(x, {name: 1.0}, s, params) - x).mean()) for s in (0.25, 0.5, 1.0)]
            self.assertLess(diffs[0], diffs[2], f"{name}: {diffs}")

    def test_quality_label_falls_with_severity(self) -> None:
        for name in D.NAMES:
            q = [D.quality({name: 1.0}, s) for s in (0.0, 0.5, 1.0)]
            self.assertEqual(q[0], 1.0)
            self.assertGreater(q[0], q[1])
            self.assertGreater(q[1], q[2])


if __name__ == "__main__":
    unittest.main()
