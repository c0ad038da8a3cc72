"""Shapes of the convolution matrices, from one rule shared by the builders and the checker.

``im2col_dims`` and ``toeplitz_dims`` are plain arithmetic on their arguments, so the same
function gives the shape of a built matrix (integers from a :class:`~convproof.geometry.ConvSpec`)
and the shape in symbols (SymPy sizes, for a proof for all sizes).  :func:`.matrices.im2col` and
:func:`.matrices.toeplitz` size their matrices with these functions.

>>> from convproof.geometry import ConvSpec
>>> im2col_shape(ConvSpec(input_size=(4, 4), kernel_size=(2, 2), in_channels=3))
(12, 9)
>>> import sympy as sp
>>> c, k, o = sp.symbols("C k o", positive=True, integer=True)
>>> im2col_dims(c, (k, k), (o, o))
(C*k**2, o**2)
"""

from __future__ import annotations

from math import prod

__all__ = ["im2col_dims", "toeplitz_dims", "im2col_shape", "toeplitz_shape"]


def im2col_dims(in_channels, kernel_size, output_size) -> tuple:
    """``(C_in * prod(kernel_size), prod(output_size))``: one row per (input channel, kernel position),
    one column per output position (torch ``unfold`` layout)."""
    return in_channels * prod(kernel_size), prod(output_size)


def toeplitz_dims(in_channels, out_channels, input_size, output_size) -> tuple:
    """``(C_out * prod(output_size), C_in * prod(input_size))``: ``vec(z) = T vec(y)``; pass the padded
    size as ``input_size`` for the matrix acting on the padded input."""
    return out_channels * prod(output_size), in_channels * prod(input_size)


def im2col_shape(spec) -> tuple[int, int]:
    """The shape of :func:`convproof.symbolic.im2col` of ``spec`` (all groups)."""
    return im2col_dims(spec.in_channels, spec.kernel_size, spec.output_size)


def toeplitz_shape(spec, padded: bool = False) -> tuple[int, int]:
    """The shape of :func:`convproof.symbolic.toeplitz` of ``spec``."""
    return toeplitz_dims(spec.in_channels, spec.out_channels, spec.padded_size if padded else spec.input_size,
                         spec.output_size)
