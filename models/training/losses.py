"""Losses on the 0-100 score scale and the 5-bin opinion distribution."""
import torch
import torch.nn.functional as F
from torch import Tensor

BINS = torch.linspace(0.0, 100.0, 5)


def gaussian_target(mean: Tensor, std: Tensor) -> Tensor:
    """Discretised Gaussian over the 5 bin scores: a soft opinion distribution from MOS (+ std)."""
    d = (BINS.to(mean.device)[None, :] - mean[:, None]) / std[:, None]
    return F.softmax(-0.5 * d * d, dim=1)


def soft_cross_entropy(logits: Tensor, target: Tensor) -> Tensor:
    return -(target * F.log_softmax(logits, dim=1)).sum(dim=1).mean()


def pair_hinge(score: Tensor, y: Tensor, mask: Tensor, min_gap: float = 1.0, max_margin: float = 6.0) -> Tensor:
    """Margin ranking on all pairs (i, j) allowed by mask with y_i > y_j: s_i should exceed s_j
    by a margin that grows with the label gap (capped, so large gaps don't dominate)."""
    dy = y[:, None] - y[None, :]
    ds = score[:, None] - score[None, :]
    valid = mask & (dy > min_gap)
    if not valid.any():
        return score.sum() * 0.0
    margin = (0.3 * dy).clamp(1.0, max_margin)
    return (F.relu(margin - ds)[valid]).mean() / 10.0


def group_ranking(score: Tensor, y: Tensor, group: Tensor) -> Tensor:
    """Ranking only within a group (same crop, same distortion, different severities)."""
    return pair_hinge(score, y, group[:, None] == group[None, :])


def batch_ranking(score: Tensor, y: Tensor, min_gap: float = 5.0) -> Tensor:
    m = torch.ones(len(y), len(y), dtype=torch.bool, device=y.device)
    return pair_hinge(score, y, m, min_gap=min_gap)


def plcc_loss(score: Tensor, y: Tensor) -> Tensor:
    s = score - score.mean()
    t = y - y.mean()
    r = (s * t).sum() / (s.norm() * t.norm() + 1e-8)
    return 1.0 - r
