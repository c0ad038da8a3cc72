"""Arrays as the implementation under test takes them: dtype, memory layout, NumPy or torch.

Layouts name the axes of an array: ``N`` batch, ``C`` channels, spatial letters ``L``/``W`` (1D),
``HW`` (2D), ``DHW`` (3D); weights ``O`` (axis 0 of the PyTorch weight), ``I`` (axis 1) and the
kernel's spatial letters. ``"NCHW"``/``"OIHW"`` is PyTorch's layout (the identity here),
``"NHWC"``/``"HWIO"`` TensorFlow's; ``"channels_first"``/``"channels_last"`` name either for any
number of dimensions. For ``conv_transpose`` the weight's axis 0 is the transposed layer's input
channels, so ``"HWIO"`` is TensorFlow's ``conv2d_transpose`` filter ``[H, W, out, in]``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import fail

__all__ = ["axis_order", "to_layout", "from_layout", "to_numpy", "as_arrays", "ARRAY_KINDS"]

ARRAY_KINDS = ("numpy", "torch")
_SPATIAL = {1: ("L", "W"), 2: ("HW",), 3: ("DHW",)}


def _canonical(ndim: int, weight: bool, letters: str) -> str:
    lead = "OI" if weight else "NC"
    for spatial in _SPATIAL.get(ndim, ()):
        if sorted(letters) == sorted(lead + spatial):
            return lead + spatial
    return lead + _SPATIAL.get(ndim, ("?" * ndim,))[0]


def axis_order(layout: str | None, ndim: int, weight: bool = False) -> tuple[int, ...] | None:
    """Permutation taking a PyTorch-layout array to ``layout`` (``None``: the identity).

    >>> axis_order("NHWC", 2), axis_order("HWIO", 2, weight=True), axis_order("channels_last", 1)
    ((0, 2, 3, 1), (2, 3, 1, 0), (0, 2, 1))
    """
    if layout is None or layout == "channels_first":
        return None
    if layout == "channels_last":
        return (*range(2, ndim + 2), 1, 0) if weight else (0, *range(2, ndim + 2), 1)
    name = "weight_layout" if weight else "layout"
    text = str(layout).upper()
    canonical = _canonical(ndim, weight, text)
    if len(text) != ndim + 2 or sorted(text) != sorted(canonical):
        raise fail(name, layout, f"must be a permutation of {canonical!r} for {ndim}D "
                   "(or 'channels_first' / 'channels_last')")
    perm = tuple(canonical.index(c) for c in text)
    return None if perm == tuple(range(ndim + 2)) else perm


def to_layout(array: Any, perm: tuple[int, ...] | None) -> Any:
    """``array`` (PyTorch layout) in the layout ``perm``; a shape tuple is permuted the same way."""
    if perm is None:
        return array
    if isinstance(array, tuple):
        return tuple(array[p] for p in perm)
    return np.ascontiguousarray(np.transpose(array, perm))


def from_layout(array: np.ndarray, perm: tuple[int, ...] | None) -> np.ndarray:
    """Back to the PyTorch layout (``array.ndim`` must match ``perm``)."""
    return array if perm is None else np.transpose(array, np.argsort(perm))


def to_numpy(value: Any) -> np.ndarray:
    """A NumPy array from what an implementation returned (NumPy, torch, JAX, lists)."""
    if hasattr(value, "detach") and hasattr(value, "cpu"):  # torch.Tensor without importing torch
        value = value.detach().cpu().numpy()
    return np.asarray(value)


def as_arrays(values: tuple, kind: str) -> tuple:
    """Convert the array entries of ``values`` to ``kind`` (``"numpy"`` leaves them)."""
    if kind == "numpy":
        return values
    import torch

    return tuple(torch.from_numpy(np.ascontiguousarray(v)) if isinstance(v, np.ndarray) else v for v in values)
