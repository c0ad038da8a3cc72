"""Seed 003 items outside the convolution layer proper: the linear classifier and the 1D example.

Linear classifier (section 1.2): an image ``H x W x C`` is flattened to ``x in R^D``,
``D = H W C``, and scored by ``f(x) = W x + b`` with ``W in R^{K x D}``, ``b in R^K``.  It is a
dense layer with the identity activation, and also a convolution whose kernel covers the whole
image (``K`` filters ``C x H x W``, output ``1 x 1``) -- :func:`linear_classifier_as_conv` checks
this with :mod:`convproof.numeric`, provided the flattening order matches (C-order of ``(C, H, W)``).

1D convolution (section 2.1): ``c_i = sum_{j=1}^k a_{i+j-1} b_j``, length ``n - k + 1``; with
``B = (1, 0, -1)`` this is ``c_i = a_i - a_{i+2}``, a central difference (up to sign and a factor 2).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from ..errors import fail
from ..geometry import conv_output_size, fully_connected_params

__all__ = ["flatten_image", "linear_classifier", "linear_classifier_params", "linear_classifier_as_conv",
           "conv1d_seed", "conv1d_symbolic", "KERNEL_1D"]

KERNEL_1D = (1, 0, -1)


def flatten_image(image, layout: str = "HWC") -> np.ndarray:
    """Flatten an image given in ``layout`` (``"HWC"`` as the seed, or ``"CHW"`` as PyTorch) to a
    vector in the seed's order ``H x W x C`` (C-order: the channel index varies fastest).

    >>> flatten_image(np.arange(8).reshape(2, 2, 2), "CHW").tolist()
    [0, 4, 1, 5, 2, 6, 3, 7]
    """
    img = np.asarray(image)
    if img.ndim != 3 or layout not in ("HWC", "CHW"):
        raise fail("image/layout", (img.shape, layout), "need a 3D image and layout 'HWC' or 'CHW'")
    return (img if layout == "HWC" else np.moveaxis(img, 0, -1)).reshape(-1)


def linear_classifier(x, W, b) -> np.ndarray:
    """Class scores ``W x + b`` (``W`` is ``K x D``).

    >>> linear_classifier([1, 2], [[1, 0], [0, 1], [1, 1]], [0, 0, 1]).tolist()
    [1, 2, 4]
    """
    x, W, b = np.asarray(x), np.asarray(W), np.asarray(b)
    if W.ndim != 2 or x.shape != (W.shape[1],) or b.shape != (W.shape[0],):
        raise fail("W/x/b", (W.shape, x.shape, b.shape), "need W (K, D), x (D,), b (K,)")
    return W @ x + b


def linear_classifier_params(height: int, width: int, channels: int, classes: int) -> int:
    """``K D + K`` parameters with ``D = H W C``.

    >>> linear_classifier_params(32, 32, 3, 10)   # CIFAR-10
    30730
    """
    return fully_connected_params(height * width * channels, classes)


def linear_classifier_as_conv(image_chw, W, b) -> tuple[np.ndarray, np.ndarray]:
    """``(W x + b, conv(image, W reshaped to K filters C x H x W) + b)``; equal when ``x`` is the
    CHW image flattened in C-order (so the rows of ``W`` are filters laid out ``(C, H, W)``)."""
    from ..numeric import conv

    img = np.asarray(image_chw)
    K = np.asarray(W).shape[0]
    scores = linear_classifier(img.reshape(-1), W, b)
    filters = np.asarray(W).reshape((K,) + img.shape)
    return scores, conv(img[None], filters, np.asarray(b))[0, :, 0, 0]


def conv1d_seed(a, kernel=KERNEL_1D, padding: int = 0, stride: int = 1) -> np.ndarray:
    """Seed 003's ``c_i = sum_j a_{i+j-1} b_j`` with zero padding and stride, by the definition.

    >>> conv1d_seed([1, 2, -1, 1, -3], padding=1).tolist()
    [-2, 2, 1, 2, 1]
    >>> conv1d_seed([1, 2, -1, 1, -3], padding=1, stride=2).tolist()
    [-2, 1, 1]
    """
    a, b = np.asarray(a), np.asarray(kernel)
    padded = np.concatenate([np.zeros(padding, a.dtype), a, np.zeros(padding, a.dtype)])
    n = conv_output_size(len(a), len(b), stride, padding)
    return np.array([sum(padded[i * stride + j] * b[j] for j in range(len(b))) for i in range(n)])


def conv1d_symbolic(n: int, kernel=KERNEL_1D) -> tuple[list[sp.Expr], list[sp.Symbol]]:
    """Valid 1D convolution of symbols ``a_1..a_n``.

    >>> conv1d_symbolic(5)[0]
    [a_1 - a_3, a_2 - a_4, a_3 - a_5]
    """
    if n < len(kernel):
        raise fail("n", n, f"must be >= the kernel length {len(kernel)}")
    a = list(sp.symbols(f"a_1:{n + 1}"))
    return [sp.Add(*[a[i + j] * kernel[j] for j in range(len(kernel))]) for i in range(n - len(kernel) + 1)], a
