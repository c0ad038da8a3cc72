"""Output sizes of convolution and transposed convolution, as plain integers.

All formulas are per spatial dimension, with ``k_eff = d*(k-1) + 1``:

* convolution: ``o = floor((i + p_lo + p_hi - k_eff) / s) + 1``
* transposed convolution (PyTorch/ONNX): ``o = (i-1)*s - p_lo - p_hi + k_eff + output_padding``,
  with ``0 <= output_padding < max(s, d)`` (PyTorch's rule).
"""

from __future__ import annotations

from ..errors import fail

__all__ = [
    "kernel_span",
    "conv_output_size",
    "conv_transpose_output_size",
    "transposed_preimages",
    "transposed_preimage_range",
    "receptive_field",
]


def kernel_span(k: int, d: int = 1) -> int:
    """Effective kernel extent ``d*(k-1) + 1``.

    >>> kernel_span(3, 2)
    5
    """
    return d * (k - 1) + 1


def conv_output_size(i: int, k: int, s: int = 1, p_lo: int = 0, p_hi: int | None = None, d: int = 1) -> int:
    """Output length of a convolution along one dimension.

    ``p_hi`` defaults to ``p_lo`` (symmetric padding).

    >>> conv_output_size(7, 3, 2)          # seed 002: floor((7 + 0 - 3)/2) + 1
    3
    >>> conv_output_size(227, 11, 4)       # AlexNet conv1
    55
    """
    p_hi = p_lo if p_hi is None else p_hi
    span = kernel_span(k, d)
    if i + p_lo + p_hi < span:
        raise fail("kernel_size", k, f"kernel span d*(k-1)+1={span} exceeds padded input "
                   f"i+p_lo+p_hi={i + p_lo + p_hi}")
    return (i + p_lo + p_hi - span) // s + 1


def conv_transpose_output_size(i: int, k: int, s: int = 1, p_lo: int = 0, p_hi: int | None = None,
                               d: int = 1, output_padding: int = 0) -> int:
    """Output length of a transposed convolution (PyTorch ``ConvTranspose`` / ONNX semantics).

    >>> conv_transpose_output_size(3, 3, 2, 1)            # 3 -> 5
    5
    >>> conv_transpose_output_size(3, 3, 2, 1, output_padding=1)
    6
    """
    p_hi = p_lo if p_hi is None else p_hi
    if not 0 <= output_padding < max(s, d):
        raise fail("output_padding", output_padding,
                   f"must satisfy 0 <= output_padding < max(stride, dilation) = {max(s, d)}")
    o = (i - 1) * s - p_lo - p_hi + kernel_span(k, d) + output_padding
    if o < 1:
        raise fail("padding", (p_lo, p_hi), f"crops the transposed output to size {o} < 1")
    return o


def transposed_preimage_range(o: int, k: int, s: int = 1, p_lo: int = 0, p_hi: int | None = None,
                              d: int = 1) -> range:
    """Every forward input size that a convolution maps to output size ``o``, as a ``range``.

    With ``base = (o-1)*s - p_lo - p_hi + k_eff`` the inputs ``base, ..., base + s - 1`` all have
    output ``o`` (``floor(((o-1)*s + a)/s) + 1 = o`` for ``0 <= a < s``); those ``>= 1`` are the
    preimages. Input ``n`` is restored by the transposed convolution with ``output_padding = n - base``.
    Constant time and memory, whatever the stride.

    >>> transposed_preimage_range(12, 3, 2, 1)
    range(23, 25)
    >>> len(transposed_preimage_range(3, 3, 10**9))
    1000000000
    """
    p_hi = p_lo if p_hi is None else p_hi
    if o < 1:
        return range(0)
    base = (o - 1) * s - p_lo - p_hi + kernel_span(k, d)
    return range(max(base, 1), base + s)


#: Most preimages :func:`transposed_preimages` lists (use :func:`transposed_preimage_range` beyond).
PREIMAGE_LIST_LIMIT = 100_000


def transposed_preimages(o: int, k: int, s: int = 1, p_lo: int = 0, p_hi: int | None = None,
                         d: int = 1) -> list[tuple[int, int]]:
    """Every forward input size that a convolution maps to output size ``o``, as a list.

    Returns ``[(input_size, output_padding), ...]``: the ``output_padding`` that makes
    the transposed convolution of a size-``o`` tensor restore that input size. There are
    ``s`` of them (fewer when the smallest is below 1); more than :data:`PREIMAGE_LIST_LIMIT`
    is an error (use :func:`transposed_preimage_range`).

    >>> transposed_preimages(12, 3, 2, 1)   # Keras #9883: 23 and 24 both map to 12
    [(23, 0), (24, 1)]
    """
    p_hi = p_lo if p_hi is None else p_hi
    sizes = transposed_preimage_range(o, k, s, p_lo, p_hi, d)
    if len(sizes) > PREIMAGE_LIST_LIMIT:
        raise fail("s", s, f"{len(sizes):,} preimages, more than the list limit {PREIMAGE_LIST_LIMIT:,}; "
                   "use transposed_preimage_range")
    base = (o - 1) * s - p_lo - p_hi + kernel_span(k, d)
    return [(n, n - base) for n in sizes]


def receptive_field(kernels: list[int], strides: list[int] | None = None,
                    dilations: list[int] | None = None) -> int:
    """Receptive field of a stack of convolutions along one dimension.

    ``r = 1 + sum_l (k_eff_l - 1) * prod_{m<l} s_m``.

    >>> receptive_field([3, 3])          # two 3x3 convolutions see 5x5
    5
    >>> receptive_field([3, 3, 3], [2, 2, 1])
    15
    """
    n = len(kernels)
    strides = strides or [1] * n
    dilations = dilations or [1] * n
    r, jump = 1, 1
    for k, s, d in zip(kernels, strides, dilations):
        r += (kernel_span(k, d) - 1) * jump
        jump *= s
    return r
