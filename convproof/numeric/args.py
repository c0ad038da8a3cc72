"""Argument resolution shared by both numeric families: arrays in, a checked geometry out.

This is the shape layer only (it calls :mod:`convproof.geometry` and looks at ``.shape``
and ``.dtype``); it never computes with array values, so the reference and the fast path
stay independent oracles while giving identical error messages.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any, Optional

import numpy as np

from ..errors import fail
from ..geometry import ConvSpec, kernel_span
from ..geometry.spec import as_int as _int

__all__ = ["as_array", "as_shape", "conv_spec", "transpose_geometry", "TransposeGeometry", "unfold_geometry",
           "fold_geometry", "pool_geometry", "PoolGeometry", "result_dtype", "check_shape"]

_KINDS = "iufcO"

#: Largest number of entries any array of one numeric call may have (checked before allocating;
#: 2**28 int64 entries are 2 GiB). Raise it here for bigger layers.
MAX_ENTRIES = 2**28


def check_entries(argument: str, value: Any, **sizes: int) -> None:
    """Refuse a call whose arrays (``name=entries``, Python ints) would exceed :data:`MAX_ENTRIES`.

    ``value`` is shown in the error; a callable (e.g. ``spec.describe``) is called only then."""
    for what, n in sizes.items():
        if n > MAX_ENTRIES:
            raise fail(argument, value() if callable(value) else value,
                       f"the {what.replace('_', ' ')} would have {n:,} entries, over the size "
                       f"budget {MAX_ENTRIES:,} (convproof.numeric.args.MAX_ENTRIES)")


def _entry(name: str, v: Any) -> Any:
    """One entry of an object array: a number or SymPy expression; NumPy integers as Python ints (no wrap)."""
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, (bool, np.bool_)) or not (isinstance(v, numbers.Number) or hasattr(v, "free_symbols")):
        raise fail(name, type(v).__name__, "object array entries must be numbers or SymPy expressions")
    return v


def as_array(name: str, value: Any) -> np.ndarray:
    """``np.asarray(value)``, refusing booleans, strings and ragged input with a readable error."""
    try:
        arr = np.asarray(value)
    except ValueError as exc:  # ragged nested lists
        raise fail(name, type(value).__name__, f"must be a rectangular array ({exc})") from None
    if arr.dtype.kind not in _KINDS:
        raise fail(name, arr.dtype, "dtype must be integer, float, complex or object")
    if arr.dtype.kind == "O" and arr.size:  # NumPy integer scalars wrap; Python ints do not
        arr = np.asarray(np.frompyfunc(lambda v: _entry(name, v), 1, 1)(arr), dtype=object)
    return arr


def result_dtype(*arrays: np.ndarray) -> np.dtype:
    """The common dtype: ``int`` in gives ``int`` out; object wins over everything."""
    return np.result_type(*arrays)


def _per_dim(name: str, value: Any, nd: int) -> Any:
    """Check the length of a per-dimension tuple early, so the message names ``name``."""
    if isinstance(value, (list, tuple)) and len(value) != nd:
        raise fail(name, value, f"must have one entry per spatial dimension ({nd}), got {len(value)}")
    return tuple(value) if isinstance(value, list) else value


def _padding_value(value: Any) -> Any:
    if isinstance(value, bool) or not (isinstance(value, numbers.Number) or hasattr(value, "free_symbols")):
        raise fail("padding_value", value, "must be a scalar number or SymPy expression")
    return value


def as_shape(name: str, value: Any) -> tuple[int, ...]:
    """A shape argument (``input_shape``, ``weight_shape``) as a tuple of ints >= 0."""
    if isinstance(value, np.ndarray) and value.ndim == 1:
        value = value.tolist()
    if not isinstance(value, (list, tuple)):
        raise fail(name, value, "must be a tuple of ints, e.g. (N, C, *spatial)")
    out = tuple(_int(name, v) for v in value)
    if any(v < 0 for v in out):
        raise fail(name, value, "every entry must be >= 0")
    return out


def flag(name: str, value: Any) -> bool:
    """A boolean option (``True``/``False``, or 0/1), or the project's error naming ``name``."""
    if isinstance(value, (bool, np.bool_)) or (isinstance(value, (int, np.integer)) and value in (0, 1)):
        return bool(value)
    raise fail(name, value, "must be True or False")


def _mode_arg(padding_mode: Any) -> str:
    if not isinstance(padding_mode, str):
        raise fail("padding_mode", padding_mode, "must be a string such as 'zeros' or 'reflect'")
    return padding_mode


def _non_empty(input_shape: tuple[int, ...]) -> None:
    """Batch size and channel count of an ``(N, C, ...)`` input are both >= 1."""
    if input_shape[0] < 1 or input_shape[1] < 1:
        raise fail("input", tuple(input_shape), "batch size N and channel count C must be >= 1")


def check_shape(name: str, shape: Any, expected: tuple[int, ...], rule: str) -> tuple[int, ...]:
    """A shape argument (e.g. ``input_shape``) as a tuple equal to ``expected``."""
    try:
        got = tuple(_int(name, v) for v in shape)
    except TypeError:
        raise fail(name, shape, "must be a sequence of ints") from None
    if got != tuple(expected):
        raise fail(name, got, f"{rule}: expected {tuple(expected)}")
    return got


def conv_spec(input_shape: tuple[int, ...], weight_shape: tuple[int, ...], stride: Any, padding: Any,
              dilation: Any, groups: Any, padding_mode: str = "zeros", padding_value: Any = 0) -> ConvSpec:
    """The :class:`ConvSpec` of ``conv(input, weight, ...)`` after checking the array shapes.

    Specs that passed are cached by the ``repr`` of the arguments (which tells ``1`` from ``1.0``,
    ``True`` and ``np.int64(1)``, so a value that would be refused is never served from the cache): a
    sweep of small calls on one geometry builds and checks it once.

    >>> conv_spec((1, 2, 5), (4, 1, 3), 1, "same", 1, 2).describe()
    '1D conv 5, kernel 3, stride 1, padding 1, channels 2->4, groups 2 -> 5'
    """
    args = (tuple(input_shape), tuple(weight_shape), stride, padding, dilation, groups, padding_mode, padding_value)
    key = repr(args)
    spec = _SPECS.get(key)
    if spec is None:
        spec = _conv_spec(*args)
        if len(_SPECS) >= _SPECS_MAX:
            _SPECS.clear()
        _SPECS[key] = spec
    return spec


_SPECS: dict = {}  # repr of conv_spec's arguments -> the spec that passed every check
_SPECS_MAX = 512


def _conv_spec(input_shape: tuple[int, ...], weight_shape: tuple[int, ...], stride: Any, padding: Any,
               dilation: Any, groups: Any, padding_mode: str, padding_value: Any) -> ConvSpec:
    if len(weight_shape) < 3:
        raise fail("weight", tuple(weight_shape), "must have shape (C_out, C_in/groups, *kernel) "
                   "with at least one spatial dimension")
    nd = len(weight_shape) - 2
    if len(input_shape) != nd + 2:
        raise fail("input", tuple(input_shape), f"must have shape (N, C_in, *spatial) with {nd} spatial "
                   f"dims, matching weight of shape {tuple(weight_shape)}")
    if input_shape[0] < 1:
        raise fail("input", tuple(input_shape), "batch size N must be >= 1")
    g = _int("groups", groups)
    if g < 1:
        raise fail("groups", groups, "must be >= 1")
    if weight_shape[0] % g:
        raise fail("groups", g, f"must divide weight.shape[0] = C_out = {weight_shape[0]}")
    if input_shape[1] != weight_shape[1] * g:
        raise fail("input", tuple(input_shape), f"has C_in = {input_shape[1]} channels, but weight "
                   f"{tuple(weight_shape)} with groups={g} needs C_in = weight.shape[1]*groups = "
                   f"{weight_shape[1] * g}")
    value = _padding_value(padding_value)
    spec = ConvSpec(input_size=tuple(input_shape[2:]), kernel_size=tuple(weight_shape[2:]),
                    stride=_per_dim("stride", stride, nd), padding=_per_dim("padding", padding, nd),
                    dilation=_per_dim("dilation", dilation, nd), in_channels=input_shape[1],
                    out_channels=weight_shape[0], groups=g, padding_mode=padding_mode,
                    padding_value=value if isinstance(value, int) else 0)
    n = input_shape[0]
    check_entries("spec", spec.describe, padded_input=n * spec.in_channels * math.prod(spec.padded_size),
                  columns=n * spec.in_channels * math.prod(spec.kernel_size) * math.prod(spec.output_size),
                  output=n * spec.out_channels * math.prod(spec.output_size))
    return spec


@dataclass(frozen=True)
class TransposeGeometry:
    """Sizes of ``conv_transpose``: input ``(N, C_in, *i)`` -> output ``(N, C_out, *o)``."""

    in_size: tuple[int, ...]
    out_size: tuple[int, ...]
    kernel_size: tuple[int, ...]
    stride: tuple[int, ...]
    padding: tuple[tuple[int, int], ...]
    dilation: tuple[int, ...]
    groups: int
    in_channels: int
    out_channels: int


def transpose_geometry(input_shape: tuple[int, ...], weight_shape: tuple[int, ...], stride: Any,
                       padding: Any, output_padding: Any, groups: Any, dilation: Any,
                       padding_mode: str = "zeros") -> TransposeGeometry:
    """Check ``conv_transpose`` arguments (weight ``(C_in, C_out/groups, *k)``) and size the output."""
    if _mode_arg(padding_mode).lower() not in ("zeros", "zero"):
        raise fail("padding_mode", padding_mode, "conv_transpose supports only 'zeros' padding "
                   "(like torch.nn.ConvTranspose*d)")
    if isinstance(padding, str):
        raise fail("padding", padding, "conv_transpose takes explicit padding (output crop) sizes, "
                   "not 'valid'/'same'/'full'")
    if len(weight_shape) < 3:
        raise fail("weight", tuple(weight_shape), "must have shape (C_in, C_out/groups, *kernel) "
                   "with at least one spatial dimension")
    nd = len(weight_shape) - 2
    if len(input_shape) != nd + 2:
        raise fail("input", tuple(input_shape), f"must have shape (N, C_in, *spatial) with {nd} spatial "
                   f"dims, matching weight of shape {tuple(weight_shape)}")
    _non_empty(input_shape)
    g = _int("groups", groups)
    if g < 1 or weight_shape[0] % g:
        raise fail("groups", groups, f"must be >= 1 and divide weight.shape[0] = C_in = {weight_shape[0]}")
    if input_shape[1] != weight_shape[0]:
        raise fail("input", tuple(input_shape), f"has C_in = {input_shape[1]} channels, but the transposed "
                   f"weight {tuple(weight_shape)} needs C_in = weight.shape[0] = {weight_shape[0]}")
    spec = ConvSpec.from_transposed(
        input_size=tuple(input_shape[2:]), kernel_size=tuple(weight_shape[2:]),
        stride=_per_dim("stride", stride, nd), padding=_per_dim("padding", padding, nd),
        output_padding=_per_dim("output_padding", output_padding, nd),
        dilation=_per_dim("dilation", dilation, nd), in_channels=weight_shape[0],
        out_channels=weight_shape[1] * g, groups=g)
    n, k = input_shape[0], math.prod(spec.kernel_size)
    check_entries("spec", spec.describe, output=n * spec.in_channels * math.prod(spec.padded_size),
                  columns=n * spec.in_channels * k * math.prod(spec.output_size))
    return TransposeGeometry(tuple(input_shape[2:]), spec.input_size, spec.kernel_size, spec.stride,
                             spec.padding, spec.dilation, g, weight_shape[0], weight_shape[1] * g)


def unfold_geometry(input_shape: tuple[int, ...], kernel_size: Any, dilation: Any, padding: Any,
                    stride: Any) -> ConvSpec:
    """The :class:`ConvSpec` of ``im2col`` (one channel group, zero padding)."""
    if len(input_shape) < 3:
        raise fail("input", tuple(input_shape), "must have shape (N, C, *spatial) with at least one "
                   "spatial dimension")
    nd = len(input_shape) - 2
    _non_empty(input_shape)
    spec = ConvSpec(input_size=tuple(input_shape[2:]), kernel_size=_per_dim("kernel_size", kernel_size, nd),
                    stride=_per_dim("stride", stride, nd), padding=_per_dim("padding", padding, nd),
                    dilation=_per_dim("dilation", dilation, nd))
    nc = input_shape[0] * input_shape[1]
    check_entries("spec", spec.describe, padded_input=nc * math.prod(spec.padded_size),
                  columns=nc * math.prod(spec.kernel_size) * math.prod(spec.output_size))
    return spec


def fold_geometry(input_shape: tuple[int, ...], output_size: Any, kernel_size: Any, dilation: Any,
                  padding: Any, stride: Any) -> tuple[ConvSpec, int]:
    """Check ``col2im`` arguments; returns the spec of the matching ``im2col`` and the channel count."""
    if isinstance(output_size, (list, tuple)):
        nd = len(output_size)
    elif isinstance(kernel_size, (list, tuple)):
        nd = len(kernel_size)
    else:
        nd = 1
    sizes = output_size if isinstance(output_size, (list, tuple)) else (output_size,) * nd
    if len(input_shape) != 3:
        raise fail("input", tuple(input_shape), "must have shape (N, C*prod(kernel_size), L)")
    _non_empty(input_shape)
    spec = ConvSpec(input_size=tuple(sizes), kernel_size=_per_dim("kernel_size", kernel_size, nd),
                    stride=_per_dim("stride", stride, nd), padding=_per_dim("padding", padding, nd),
                    dilation=_per_dim("dilation", dilation, nd))
    taps = math.prod(spec.kernel_size)
    blocks = math.prod(spec.output_size)
    if input_shape[1] % taps:
        raise fail("input", tuple(input_shape), f"dim 1 must be a multiple of prod(kernel_size) = {taps}")
    if input_shape[2] != blocks:
        raise fail("input", tuple(input_shape), f"dim 2 must equal the number of sliding blocks L = "
                   f"{blocks} for output_size={tuple(sizes)}")
    check_entries("spec", spec.describe, output=input_shape[0] * (input_shape[1] // taps)
                  * math.prod(spec.padded_size))
    return spec, input_shape[1] // taps


@dataclass(frozen=True)
class PoolGeometry:
    """Sizes of an N-d pooling window sweep (PyTorch ``max_pool*d`` / ``avg_pool*d`` rules)."""

    in_size: tuple[int, ...]
    out_size: tuple[int, ...]
    kernel_size: tuple[int, ...]
    stride: tuple[int, ...]
    padding: tuple[tuple[int, int], ...]
    dilation: tuple[int, ...]


def _pool_out(i: int, span: int, s: int, lo: int, hi: int, ceil_mode: bool) -> int:
    num = i + lo + hi - span
    o = (-(-num // s) if ceil_mode else num // s) + 1
    if ceil_mode and (o - 1) * s >= i + lo:  # the last window must start inside input or left padding
        o -= 1
    return o


def pool_geometry(input_shape: tuple[int, ...], kernel_size: Any, stride: Any, padding: Any, dilation: Any,
                  ceil_mode: bool) -> PoolGeometry:
    """Check pooling arguments: ``stride`` defaults to ``kernel_size``; padding at most half the span."""
    if len(input_shape) < 3:
        raise fail("input", tuple(input_shape), "must have shape (N, C, *spatial) with at least one "
                   "spatial dimension")
    nd = len(input_shape) - 2
    _non_empty(input_shape)
    ceil = flag("ceil_mode", ceil_mode)
    base = ConvSpec(input_size=tuple(input_shape[2:]), kernel_size=_per_dim("kernel_size", kernel_size, nd),
                    stride=_per_dim("stride", kernel_size if stride is None else stride, nd),
                    dilation=_per_dim("dilation", dilation, nd), padding=_per_dim("padding", padding, nd))
    pads = base.padding
    check_entries("spec", base.describe, padded_input=input_shape[0] * input_shape[1] * math.prod(
        n + lo + hi + s + d * (k - 1) for n, (lo, hi), s, k, d in  # covers ceil_mode's last window
        zip(base.input_size, pads, base.stride, base.kernel_size, base.dilation)))
    out = []
    for ax, (i, k, s, d, (lo, hi)) in enumerate(zip(base.input_size, base.kernel_size, base.stride,
                                                    base.dilation, pads)):
        span = kernel_span(k, d)
        if max(lo, hi) > span // 2:
            raise fail("padding", padding, f"pooling padding must be at most half the kernel span "
                       f"{span} // 2 = {span // 2} (dim {ax})")
        if i + lo + hi < span:
            raise fail("kernel_size", kernel_size, f"kernel span d*(k-1)+1={span} exceeds padded input "
                       f"n+p_lo+p_hi={i + lo + hi} (dim {ax})")
        o = _pool_out(i, span, s, lo, hi, ceil)
        for j in range(o):
            if not any(0 <= j * s - lo + t * d < i for t in range(k)):
                raise fail("dilation", dilation, f"window {j} of dim {ax} holds only padding cells "
                           f"(no input cell to pool; PyTorch returns -inf there)")
        out.append(o)
    return PoolGeometry(base.input_size, tuple(out), base.kernel_size, base.stride, pads, base.dilation)


def matrix_spec(input_size: Any, weight: np.ndarray, stride: Any, padding: Any, dilation: Any, groups: int,
                padding_mode: str) -> ConvSpec:
    """Checked spec of ``conv_matrix``: one input of ``input_size`` (int or per-dim) through ``weight``."""
    w = weight
    sizes = tuple(input_size) if isinstance(input_size, (list, tuple)) else (input_size,) * (w.ndim - 2)
    if w.ndim >= 3 and len(sizes) != w.ndim - 2:
        raise fail("input_size", input_size, f"must have {w.ndim - 2} entries, one per spatial dim of weight")
    if _mode_arg(padding_mode) == "constant":
        raise fail("padding_mode", padding_mode, "constant padding is affine, not linear: no matrix")
    groups = _int("groups", groups)
    if groups < 1:
        raise fail("groups", groups, "must be >= 1")
    spec = conv_spec((1, w.shape[1] * groups if w.ndim >= 3 else 0, *sizes), w.shape, stride, padding,
                     dilation, groups, padding_mode)
    units = spec.in_channels * math.prod(spec.input_size)
    check_entries("input_size", input_size, unit_inputs=units * units,
                  padded_unit_inputs=units * spec.in_channels * math.prod(spec.padded_size),
                  matrix=units * spec.out_channels * math.prod(spec.output_size))
    return spec


def check_bias(bias: Any, channels: int) -> Optional[np.ndarray]:
    """``bias`` as an array of shape ``(channels,)``, or ``None``."""
    if bias is None:
        return None
    b = as_array("bias", bias)
    if b.shape != (channels,):
        raise fail("bias", b.shape, f"must have shape (C_out,) = ({channels},)")
    return b
