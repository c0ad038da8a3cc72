"""Parameter counts of every layer kind in the lecture notes.

All functions return plain ints; ``bias=True`` adds one bias per output channel
(per output neuron for locally connected and fully connected layers).
"""

from __future__ import annotations

import math
from typing import Sequence

from ..errors import fail

__all__ = [
    "conv_params", "depthwise_params", "depthwise_separable_params", "spatially_separable_params",
    "pointwise_params", "locally_connected_params", "fully_connected_params",
]


def _k(kernel_size: int | Sequence[int]) -> int:
    return math.prod(kernel_size) if isinstance(kernel_size, (list, tuple)) else kernel_size * kernel_size


def conv_params(in_channels: int, out_channels: int, kernel_size: int | Sequence[int], groups: int = 1,
                bias: bool = True) -> int:
    """``C_out * (C_in/groups) * prod(k) + C_out`` (an int kernel size means a square 2D kernel).

    >>> conv_params(3, 96, 11)          # AlexNet conv1: 96 filters 11x11x3 plus biases
    34944
    >>> conv_params(64, 64, 3, groups=4, bias=False)
    9216
    """
    if in_channels % groups or out_channels % groups:
        raise fail("groups", groups, f"must divide in_channels={in_channels} and out_channels={out_channels}")
    return out_channels * (in_channels // groups) * _k(kernel_size) + (out_channels if bias else 0)


def depthwise_params(channels: int, kernel_size: int | Sequence[int], multiplier: int = 1,
                     bias: bool = True) -> int:
    """Depthwise convolution: ``groups = C_in``, ``multiplier`` filters per channel."""
    return conv_params(channels, channels * multiplier, kernel_size, groups=channels, bias=bias)


def depthwise_separable_params(in_channels: int, out_channels: int, kernel_size: int | Sequence[int],
                               bias: bool = True) -> int:
    """Depthwise ``k x k`` per channel, then a ``1x1`` convolution ``C_in -> C_out``.

    >>> depthwise_separable_params(3, 64, 3, bias=False)   # 3*9 + 3*64
    219
    """
    return depthwise_params(in_channels, kernel_size, bias=bias) + pointwise_params(in_channels, out_channels,
                                                                                   bias=bias)


def spatially_separable_params(in_channels: int, out_channels: int, kernel_size: int | Sequence[int],
                               bias: bool = True) -> int:
    """A ``kh x 1`` convolution ``C_in -> C_out`` followed by ``1 x kw`` ``C_out -> C_out``."""
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else tuple(kernel_size)
    return conv_params(in_channels, out_channels, (kh, 1), bias=bias) + conv_params(
        out_channels, out_channels, (1, kw), bias=bias)


def pointwise_params(in_channels: int, out_channels: int, bias: bool = True) -> int:
    """``1x1`` convolution: a matrix product over channels."""
    return conv_params(in_channels, out_channels, 1, bias=bias)


def locally_connected_params(in_channels: int, out_channels: int, kernel_size: int | Sequence[int],
                             output_size: int | Sequence[int], bias: bool = True) -> int:
    """No weight sharing: one filter per output position, ``C_in*prod(k) * C_out*prod(o)``.

    >>> locally_connected_params(3, 96, 11, 55, bias=False)
    105415200
    """
    positions = _k(output_size)
    return in_channels * _k(kernel_size) * out_channels * positions + (out_channels * positions if bias else 0)


def fully_connected_params(n_in: int, n_out: int, bias: bool = True) -> int:
    """``n_in * n_out (+ n_out)``.

    >>> fully_connected_params(32 * 32, 1024, bias=False)
    1048576
    """
    return n_in * n_out + (n_out if bias else 0)
