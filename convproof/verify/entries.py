"""Lecture notation for array entries and small arrays in counterexamples (plain text, 1-based).

Layouts follow the numeric engine: activations ``(N, C, *spatial)`` print as ``y_{12}`` (one
channel) or ``y^{2}_{12}`` (channel 2); weights ``(C_out, C_in/g, *k)`` as ``f_{12}`` (one filter,
one channel) or ``F^{mk}_{uv}`` (seed 001: input map ``m``, output map ``k``).

>>> entry("z", (0, 0, 1, 2), (1, 1, 3, 4))
'z_{23}'
>>> entry("y", (0, 1, 0, 0), (1, 2, 3, 3))
'y^{2}_{11}'
>>> entry("f", (1, 0, 2), (2, 1, 3), weight=True)
'F^{12}_{3}'
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

__all__ = ["entry", "subscript", "show_array", "show_inputs"]


def subscript(index: Sequence[int]) -> str:
    """1-based subscript: ``(0, 2) -> '13'``, comma-separated when an index exceeds 9."""
    one = [i + 1 for i in index]
    return ",".join(map(str, one)) if any(i > 9 for i in one) else "".join(map(str, one))


def entry(symbol: str, index: Sequence[int], shape: Sequence[int], weight: bool = False) -> str:
    """Name of entry ``index`` of an array of ``shape`` in lecture notation."""
    index, shape = tuple(int(i) for i in index), tuple(shape)
    if len(shape) < 3:
        return f"{symbol}_{{{subscript(index)}}}"
    lead, spatial = index[:2], index[2:]
    if weight:
        if shape[0] == 1 and shape[1] == 1:
            return f"{symbol}_{{{subscript(spatial)}}}"
        return f"{symbol.upper()}^{{{lead[1] + 1}{lead[0] + 1}}}_{{{subscript(spatial)}}}"
    name = symbol if shape[1] == 1 else f"{symbol}^{{{lead[1] + 1}}}"
    text = f"{name}_{{{subscript(spatial)}}}"
    return text if shape[0] == 1 else f"{text} (sample {lead[0] + 1})"


def _fmt(value: Any) -> str:
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    return str(value)


def show_array(array: Any, limit: int = 64) -> str:
    """A small array as nested brackets with the leading unit axes dropped.

    >>> show_array(np.arange(4).reshape(1, 1, 2, 2))
    '[[0, 1], [2, 3]]'
    """
    a = np.asarray(array, dtype=object)
    while a.ndim > 1 and a.shape[0] == 1:
        a = a[0]
    if a.size > limit:
        return f"array of shape {tuple(np.shape(array))} (first entries {[_fmt(v) for v in a.flat][:8]})"

    def nest(x):
        return "[" + ", ".join(nest(v) for v in x) + "]" if isinstance(x, list) else _fmt(x)

    return nest(a.tolist())


def show_inputs(drawn: dict[str, Any]) -> dict[str, str]:
    """Each drawn input as text (for counterexamples)."""
    return {name: show_array(value) for name, value in drawn.items()}
