"""Rank and linear correlations as plain floats.

scipy builds its result types at run time, so their fields carry no static type: these
wrappers state what they hold.
"""
from typing import cast

from numpy.typing import ArrayLike
from scipy import stats


def spearman(a: ArrayLike, b: ArrayLike) -> float:
    """Spearman's rank correlation (SROCC)."""
    return float(cast(float, stats.spearmanr(a, b)[0]))


def pearson(a: ArrayLike, b: ArrayLike) -> float:
    """Pearson's linear correlation (PLCC)."""
    return float(cast(float, stats.pearsonr(a, b)[0]))


def kendall(a: ArrayLike, b: ArrayLike) -> float:
    """Kendall's tau."""
    return float(cast(float, stats.kendalltau(a, b)[0]))
