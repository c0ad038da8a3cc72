"""Transposed-convolution output length as each framework defines it (plain ints).

PyTorch and ONNX share :func:`convproof.geometry.conv_transpose_output_size`; JAX and
Keras define the length from a padding *name* and, for JAX's explicit pads, apply the
pads to the zero-inserted input instead of cropping the output. The formulas follow the
frameworks' documentation and source (``torch.nn.ConvTranspose1d``, ONNX
``ConvTranspose``, ``jax.lax.conv_transpose``, ``keras.utils.conv_utils.deconv_output_length``);
``k_eff = d*(k-1) + 1`` throughout.

>>> torch_transpose_size(5, 1, 2), jax_transpose_size(5, 1, 2, "VALID"), keras_transpose_size(5, 1, 2, "valid")
(9, 10, 10)
>>> jax_transpose_size(4, 3, 2, (0, 0)), torch_transpose_size(4, 3, 2)
(5, 9)
"""

from __future__ import annotations

from ..errors import fail
from .sizes import conv_transpose_output_size, kernel_span

__all__ = ["torch_transpose_size", "onnx_transpose_size", "jax_transpose_size", "keras_transpose_size"]


def torch_transpose_size(i: int, k: int, s: int = 1, p: int = 0, d: int = 1, output_padding: int = 0) -> int:
    """``torch.nn.ConvTranspose1d``: ``(i-1)s - 2p + d(k-1) + output_padding + 1``."""
    return conv_transpose_output_size(i, k, s, p, p, d, output_padding)


def onnx_transpose_size(i: int, k: int, s: int = 1, pads: tuple[int, int] | str = (0, 0), d: int = 1,
                        output_padding: int = 0) -> int:
    """ONNX ``ConvTranspose``: explicit ``pads`` crop like PyTorch; ``auto_pad=SAME_*`` gives ``i*s``.

    >>> onnx_transpose_size(4, 3, 2, "SAME_UPPER")
    8
    """
    if isinstance(pads, str):
        if pads.upper() not in ("SAME_UPPER", "SAME_LOWER"):
            raise fail("pads", pads, "must be a (begin, end) pair, 'SAME_UPPER' or 'SAME_LOWER'")
        return i * s
    return conv_transpose_output_size(i, k, s, pads[0], pads[1], d, output_padding)


def jax_transpose_size(i: int, k: int, s: int = 1, padding: tuple[int, int] | str = "VALID",
                       d: int = 1) -> int:
    """``jax.lax.conv_transpose`` (default ``use_consistent_padding=False``).

    'SAME': ``i*s``; 'VALID': ``i*s + max(k_eff - s, 0)``; explicit ``(lo, hi)`` pad the
    zero-inserted input: ``max((i-1)s + lo + hi - k_eff + 2, 0)``.

    >>> jax_transpose_size(1, 4, 1, (2, 2), 3)   # the kernel span 10 exceeds the padded input: empty
    0
    """
    e = kernel_span(k, d)
    if isinstance(padding, str):
        key = padding.upper()
        if key == "SAME":
            return i * s
        if key == "VALID":
            return i * s + max(e - s, 0)
        raise fail("padding", padding, "must be 'SAME', 'VALID' or a (lo, hi) pair")
    lo, hi = padding
    return max((i - 1) * s + lo + hi - e + 2, 0)  # JAX gives an empty axis, not a negative length


def keras_transpose_size(i: int, k: int, s: int = 1, padding: str = "valid", d: int = 1,
                         output_padding: int | None = None) -> int:
    """Keras ``Conv1DTranspose`` (``deconv_output_length``).

    Without ``output_padding``: valid ``i*s + max(k_eff - s, 0)``, same ``i*s``, full
    ``i*s - (s + k_eff - 2)``. With it: ``(i-1)s + k_eff - 2*pad + output_padding`` where
    ``pad`` is ``k_eff // 2`` (same), 0 (valid), ``k_eff - 1`` (full).

    >>> keras_transpose_size(4, 3, 2, "same"), keras_transpose_size(4, 3, 2, "same", output_padding=0)
    (8, 7)
    """
    e = kernel_span(k, d)
    key = padding.lower()
    pads = {"same": e // 2, "valid": 0, "full": e - 1}
    if key not in pads:
        raise fail("padding", padding, "must be 'valid', 'same' or 'full'")
    if output_padding is None:
        return {"valid": i * s + max(e - s, 0), "same": i * s, "full": i * s - (s + e - 2)}[key]
    if not 0 <= output_padding < s:
        raise fail("output_padding", output_padding, f"Keras requires 0 <= output_padding < stride={s}")
    return (i - 1) * s + e - 2 * pads[key] + output_padding
