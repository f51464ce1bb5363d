"""The losses push in the direction their names promise."""
import os
import sys
import unittest

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import losses as L  # noqa: E402


class LossTest(unittest.TestCase):
    def test_gaussian_target_is_a_distribution_peaking_at_the_mean(self) -> None:
        t = L.gaussian_target(torch.tensor([0.0, 50.0, 100.0]), torch.tensor([10.0, 10.0, 10.0]))
        self.assertTrue(torch.allclose(t.sum(dim=1), torch.ones(3)))
        self.assertEqual(t.argmax(dim=1).tolist(), [0, 2, 4])

    def test_soft_cross_entropy_prefers_the_target(self) -> None:
        target = L.gaussian_target(torch.tensor([75.0]), torch.tensor([8.0]))
        good = torch.log(target + 1e-6)
        bad = torch.flip(good, dims=[1])
        self.assertLess(float(L.soft_cross_entropy(good, target)), float(L.soft_cross_entropy(bad, target)))

    def test_group_ranking_is_zero_when_ordered_with_margin_and_positive_otherwise(self) -> None:
        y = torch.tensor([80.0, 60.0, 40.0, 20.0])
        group = torch.zeros(4, dtype=torch.long)
        self.assertEqual(float(L.group_ranking(torch.tensor([90.0, 70.0, 50.0, 30.0]), y, group)), 0.0)
        self.assertGreater(float(L.group_ranking(torch.tensor([30.0, 50.0, 70.0, 90.0]), y, group)), 0.0)

    def test_group_ranking_ignores_pairs_across_groups(self) -> None:
        y = torch.tensor([80.0, 20.0, 80.0, 20.0])
        group = torch.tensor([0, 0, 1, 1])
        # Within each group the order is right; across groups it is not, and must not count.
        self.assertEqual(float(L.group_ranking(torch.tensor([90.0, 70.0, 30.0, 10.0]), y, group)), 0.0)

    def test_plcc_loss(self) -> None:
        y = torch.tensor([10.0, 20.0, 30.0, 40.0])
        self.assertAlmostEqual(float(L.plcc_loss(y * 2 + 5, y)), 0.0, places=5)
        self.assertAlmostEqual(float(L.plcc_loss(-y, y)), 2.0, places=5)


if __name__ == "__main__":
    unittest.main()
