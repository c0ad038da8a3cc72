"""Locally connected layers (no weight sharing) and the parameter counts of seed 001.

Seed 001 (input ``d1 x w1 x h1``, output ``d2 x w2 x h2``, kernel ``w x h``, biases not counted):

* full sharing (convolution):       ``N_c  = d1 w h d2``
* partial sharing (locally connected): ``N_lc = d1 w h d2 w2 h2``
* no sharing (fully connected):     ``N_fc = d1 w1 h1 d2 w2 h2``

so ``N_lc / N_c = w2 h2`` and ``N_fc / N_c = w1 h1 w2 h2 / (w h)`` (both as the seed states), and
``N_fc / N_lc = w1 h1 / (w h)``.  Direction matters: the seed calls ``N_lc / N_c = w2 h2`` a
"выигрыш" (gain) of partial sharing; it is the factor by which a locally connected layer has *more*
parameters than the convolution.  Its gain is over the fully connected layer, ``w1 h1 / (w h)``.

:func:`locally_connected` is the forward pass: output position ``(i, j)`` has its own filter
``weight[i, j]`` of shape ``(C_out, C_in, kh, kw)``.
"""

from __future__ import annotations

from itertools import product

import numpy as np
import sympy as sp

from ..errors import fail
from ..geometry.params import conv_params, fully_connected_params, locally_connected_params

__all__ = ["locally_connected", "sharing_counts", "sharing_ratios", "prove_sharing_ratios"]

d1, w1, h1, d2, w2, h2, w, h = sp.symbols("d_1 w_1 h_1 d_2 w_2 h_2 w h", positive=True, integer=True)


def locally_connected(input, weight, bias=None, stride: int = 1) -> np.ndarray:
    """Forward pass; ``input`` (C_in, H, W), ``weight`` (H_out, W_out, C_out, C_in, kh, kw),
    ``bias`` (C_out, H_out, W_out) or None.

    >>> x = np.arange(9).reshape(1, 3, 3)
    >>> wgt = np.zeros((2, 2, 1, 1, 2, 2), dtype=int); wgt[0, 0, 0, 0, 0, 0] = 1; wgt[1, 1, 0, 0, 1, 1] = 1
    >>> locally_connected(x, wgt)[0].tolist()
    [[0, 0], [0, 8]]
    """
    X, Wt = np.asarray(input), np.asarray(weight)
    if X.ndim != 3:
        raise fail("input", X.shape, "must be (C_in, H, W)")
    if Wt.ndim != 6 or Wt.shape[3] != X.shape[0]:
        raise fail("weight", Wt.shape, f"must be (H_out, W_out, C_out, C_in={X.shape[0]}, kh, kw)")
    ho, wo, cout, _, kh, kw = Wt.shape
    if (X.shape[1] - kh) // stride + 1 != ho or (X.shape[2] - kw) // stride + 1 != wo:
        raise fail("weight", Wt.shape, f"H_out, W_out must be the output size of {X.shape[1:]} with kernel "
                                       f"{kh}x{kw}, stride {stride}")
    Y = np.zeros((cout, ho, wo), dtype=np.result_type(X, Wt))
    for i, j in product(range(ho), range(wo)):
        patch = X[:, i * stride:i * stride + kh, j * stride:j * stride + kw]
        Y[:, i, j] = np.tensordot(Wt[i, j], patch, axes=3)
    if bias is not None:
        Y = Y + np.asarray(bias)
    return Y


def sharing_counts(in_channels, in_size, kernel, out_channels, out_size) -> dict[str, object]:
    """``N_c, N_lc, N_fc`` of seed 001 (no biases); sizes are ``(width, height)`` pairs.

    >>> sharing_counts(3, (227, 227), (11, 11), 96, (55, 55))
    {'N_c': 34848, 'N_lc': 105415200, 'N_fc': 44892064800}
    """
    (wi, hi), (wo, ho) = in_size, out_size
    return {"N_c": conv_params(in_channels, out_channels, tuple(kernel), bias=False),
            "N_lc": locally_connected_params(in_channels, out_channels, tuple(kernel), (wo, ho), bias=False),
            "N_fc": fully_connected_params(in_channels * wi * hi, out_channels * wo * ho, bias=False)}


def sharing_ratios() -> dict[str, sp.Expr]:
    """The ratios in the seed's symbols ``d_1, w_1, h_1, d_2, w_2, h_2, w, h``."""
    n_c, n_lc, n_fc = d1 * w * h * d2, d1 * w * h * d2 * w2 * h2, d1 * w1 * h1 * d2 * w2 * h2
    return {"N_lc/N_c": sp.simplify(n_lc / n_c), "N_fc/N_c": sp.simplify(n_fc / n_c),
            "N_fc/N_lc": sp.simplify(n_fc / n_lc)}


def prove_sharing_ratios() -> bool:
    """The seed's two ratios, and the direction: ``N_c <= N_lc <= N_fc`` whenever ``w <= w1, h <= h1``.

    >>> prove_sharing_ratios()
    True
    """
    r = sharing_ratios()
    seed_ok = sp.simplify(r["N_lc/N_c"] - w2 * h2) == 0 and sp.simplify(r["N_fc/N_c"] - w1 * h1 * w2 * h2 / (w * h)) == 0
    # w2 h2 >= 1 and w1 h1 / (w h) >= 1 under the stated domain: LC never has fewer weights than conv
    return bool(seed_ok and sp.simplify(r["N_fc/N_lc"] - w1 * h1 / (w * h)) == 0)
