"""Named paddings of a transposed convolution: TF/Keras/JAX ``'same'``/``'valid'``, ONNX ``SAME_*`` and ``output_shape``.

All per dimension, ``e = k_eff = d*(k-1) + 1``, transposed input length ``i``:

==========================  ========================================================================
request                     forward convolution whose transpose it is
==========================  ========================================================================
``'same'`` / ``'SAME'``     TF/Keras ``Conv*DTranspose`` and ``jax.lax.conv_transpose`` length
                            ``i*s``: the gradient of a TF ``'SAME'`` convolution of an input of
                            length ``i*s`` (pads ``same_padding(i*s, k, s, d, 'tensorflow')``).
``'valid'`` / ``'VALID'``   length ``i*s + max(e - s, 0)``, no padding.
``'SAME_UPPER'``,           ONNX ``ConvTranspose``: ``total = s(i-1) + output_padding + e - o``
``'SAME_LOWER'``,           with ``o = i*s`` (or ``output_shape``); SAME_UPPER puts ``floor(total/2)``
``output_shape=o``          first, otherwise ``total - floor(total/2)`` first. When ``e < s`` the
                            total is negative: the spec's formula *grows* the output (at the start
                            for SAME_UPPER), which a crop cannot express.
==========================  ========================================================================
"""

from __future__ import annotations

from typing import Any

from ..errors import fail
from .same import same_padding
from .sizes import conv_output_size, kernel_span

__all__ = ["onnx_transpose_pads", "named_transposed"]


def onnx_transpose_pads(i: int, k: int, s: int = 1, d: int = 1, output_padding: int = 0,
                        output_shape: int | None = None, auto_pad: str = "SAME_UPPER") -> tuple[int, int]:
    """``(pad_begin, pad_end)`` of ONNX ``ConvTranspose`` from ``auto_pad`` / ``output_shape`` (may be < 0).

    >>> onnx_transpose_pads(4, 3, 2)                  # total 1: the extra crop at the end
    (0, 1)
    >>> onnx_transpose_pads(4, 1, 2), onnx_transpose_pads(4, 1, 2, auto_pad="SAME_LOWER")
    ((-1, 0), (0, -1))
    """
    o = i * s if output_shape is None else output_shape
    total = s * (i - 1) + output_padding + kernel_span(k, d) - o
    if str(auto_pad).upper() == "SAME_UPPER":
        return total // 2, total - total // 2
    return total - total // 2, total // 2


def _one(key: str, i: int, k: int, s: int, d: int, a: int, out: int | None) -> tuple[int, tuple[int, int], int]:
    """``(forward input length, (lo, hi), output_padding)`` for one dimension."""
    e = kernel_span(k, d)
    if key == "VALID" and out is None:
        n = i * s + max(e - s, 0)
        return n, (0, 0), (n - e) % s
    if key == "SAME" and out is None:
        n = i * s
        pads = same_padding(n, k, s, d, "tensorflow")
        return n, pads, (n + pads[0] + pads[1] - e) % s
    lo, hi = onnx_transpose_pads(i, k, s, d, a, out, key)
    n = i * s if out is None else out
    if lo < 0 or hi < 0:
        raise fail("padding", key, f"ONNX's ConvTranspose formula gives pads ({lo}, {hi}) for i={i}, k_eff={e}, "
                   f"s={s}: a negative pad grows the output, which a crop cannot express")
    if conv_output_size(n, k, s, lo, hi, d) != i:
        raise fail("output_shape", out, f"no convolution maps length {n} back to {i} with pads ({lo}, {hi})")
    return n, (lo, hi), a


def named_transposed(padding: Any, sizes: tuple, kernel: tuple, stride: tuple, dilation: tuple,
                     output_padding: tuple, output_shape: Any) -> dict[str, Any]:
    """``ConvSpec`` keywords (input size, pairs, output padding) for a named transposed padding."""
    key = "NOTSET" if padding is None or not isinstance(padding, str) else padding.upper()
    if key not in ("SAME", "VALID", "SAME_UPPER", "SAME_LOWER") and output_shape is None:
        raise fail("padding", padding, "a transposed layer's named padding must be 'same', 'valid', "
                   "'SAME_UPPER' or 'SAME_LOWER'")
    if output_shape is not None and key in ("SAME", "VALID", "NOTSET"):
        key = "SAME_LOWER"  # ONNX: anything but SAME_UPPER splits as SAME_LOWER
    outs = (None,) * len(sizes) if output_shape is None else tuple(output_shape)
    if len(outs) != len(sizes):
        raise fail("output_shape", output_shape, f"must have one entry per spatial dimension ({len(sizes)})")
    if key in ("SAME", "VALID") and any(output_padding):
        raise fail("output_padding", output_padding, f"padding={padding!r} fixes the output length itself")
    rows = [_one(key, *args) for args in zip(sizes, kernel, stride, dilation, output_padding, outs)]
    return dict(input_size=tuple(r[0] for r in rows), padding=tuple(r[1] for r in rows),
                output_padding=tuple(r[2] for r in rows))
