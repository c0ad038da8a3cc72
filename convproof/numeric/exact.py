"""Integer results are exact: the dtype to compute in, chosen from the operands' worst case.

NumPy integer arithmetic wraps silently (``np.int64(2**62) * 4 == 0``; ``np.uint8(200) + 200 == 144``).
Before an integer computation both numeric families ask :func:`exact_dtype` for the dtype to
compute in, given the worst-case magnitude of any partial sum, computed with Python ints from the
operands' largest entries (``max|x| * max|w| * terms + max|b|``):

* the operands' common integer dtype when the worst case fits in it (``int`` in, same ``int`` out);
* else ``int64`` when it fits there (a narrow dtype such as ``uint8`` is promoted, as PyTorch and
  NumPy users expect from a sum);
* else ``object``: Python ints, exact at any size.

So an integer result is never wrapped. (The fast path may compute such a result in float64 when the
worst case is at most ``2**53``, which float64 holds exactly whatever the order of the additions, and
cast it back: :mod:`convproof.numeric.bounds`.) Float, complex and object operands are returned unchanged
(floats round with their dtype's precision; object arrays hold Python ints, Fractions or SymPy).

>>> import numpy as np
>>> exact_dtype([np.array([200], np.uint8)], 400)
dtype('int64')
>>> exact_dtype([np.array([2**62])], 2**64)
dtype('O')
>>> exact_dtype([np.array([3], np.int16)], 9)
dtype('int16')
"""

from __future__ import annotations

import numbers
from typing import Any, Sequence

import numpy as np

__all__ = ["exact_dtype", "magnitude", "cast"]

_INT64 = np.dtype(np.int64)
_OBJECT = np.dtype(object)


def _is_int(value: Any) -> bool:
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "iu"
    return isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, (bool, np.bool_))


def _extremes(value: Any) -> tuple[int, int]:
    """(min, max) of an integer array or int as Python ints; (0, 0) when empty."""
    if isinstance(value, np.ndarray):
        if value.size == 0:
            return 0, 0
        return int(value.min()), int(value.max())
    return int(value), int(value)


def magnitude(*values: Any) -> int:
    """The largest ``|entry|`` over integer arrays and ints (``None`` and non-integers skipped), a Python int."""
    out = 0
    for v in values:
        if v is not None and _is_int(v):
            lo, hi = _extremes(v)
            out = max(out, abs(lo), abs(hi))
    return out


def exact_dtype(operands: Sequence[Any], bound: int) -> np.dtype:
    """The dtype that holds every operand and every partial sum of magnitude ``<= bound`` exactly.

    ``operands`` are the arrays (and Python ints, e.g. a padding value) entering the computation;
    ``None`` entries are ignored. Unless all of them are integers the common dtype is returned as is.
    """
    ops = [v for v in operands if v is not None]
    dtype = np.result_type(*[v if isinstance(v, (np.ndarray, int, float, complex)) else np.asarray(v).dtype
                             for v in ops])
    if not ops or not all(_is_int(v) for v in ops):
        return dtype
    bound = max(bound, magnitude(*ops))
    negative = any(_extremes(v)[0] < 0 for v in ops)
    for cand in ([dtype] if dtype.kind in "iu" else []) + [_INT64]:
        info = np.iinfo(cand)
        if bound <= info.max and (cand.kind == "i" or not negative):
            return cand
    return _OBJECT


def cast(arr: Any, dtype: np.dtype) -> Any:
    """``arr`` in ``dtype`` (``None`` stays ``None``); integers become Python ints in an object array."""
    if arr is None:
        return None
    return arr.astype(dtype, copy=False)
