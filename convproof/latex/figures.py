"""Pictures for reports as deterministic PNG files (matplotlib, Agg, no dates, no software tag).

TikZ is not part of the minimal TeX Live set convproof's CI installs, so pictures are
PNG files included with ``\\includegraphics``. Each function takes plain integer arrays
(computed elsewhere) and writes one PNG; the same arrays give the same bytes.

* :func:`sparsity_png` -- the sparsity pattern of a Toeplitz matrix, each nonzero coloured
  by the kernel element it holds;
* :func:`windows_png` -- the im2col window layout: one small copy of the input per
  im2col column, with the cells that column reads shaded;
* :func:`counts_png` -- how many kernel taps reach each output cell of a transposed
  convolution (the checkerboard of a strided one).
"""

from __future__ import annotations

import os
from typing import Any, Sequence

import numpy as np

from ..errors import fail
from ..files import replacing

__all__ = ["sparsity_png", "windows_png", "counts_png"]

_DPI = 150
GRID_LIMIT = 64
_META = {"Software": None}


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=_DPI)
    FigureCanvasAgg(fig)
    return fig


def _save(fig, path: str | os.PathLike) -> str:
    with replacing(path) as tmp:  # atomic: a reader never sees half a picture
        fig.savefig(tmp, format="png", dpi=_DPI, metadata=_META)
    return os.fspath(path)


def _grid(ax, nr: int, nc: int, base: int = 1) -> None:
    for n, ticks, labels in ((nc, ax.set_xticks, ax.set_xticklabels), (nr, ax.set_yticks, ax.set_yticklabels)):
        step = max(1, -(-n // (16 if n < 100 else 8)))
        pos = list(range(0, n, step))
        ticks(pos)
        labels([str(p + base) for p in pos])
    ax.set_xlim(-0.5, nc - 0.5)
    ax.set_ylim(nr - 0.5, -0.5)
    if max(nr, nc) <= GRID_LIMIT:  # cell borders only where they can be seen
        ax.set_xticks(np.arange(-0.5, nc, 1), minor=True)
        ax.set_yticks(np.arange(-0.5, nr, 1), minor=True)
        ax.grid(which="minor", color="0.75", linewidth=0.4)
    ax.tick_params(which="both", length=0, labelsize=7)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_aspect("equal")


def _as2d(a: Any, name: str) -> np.ndarray:
    arr = np.asarray(a)
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.size == 0:
        raise fail(name, arr.shape, "must be a non-empty 1-D or 2-D integer array")
    return arr.astype(np.int64)


def sparsity_png(pattern: Any, path: str | os.PathLike, labels: Sequence[str] | None = None,
                 xlabel: str = "", ylabel: str = "", base: int = 1) -> str:
    """Write the sparsity pattern of a matrix: ``pattern[i, j] = 0`` for a zero, else ``1 + kernel index``.

    ``labels[q]`` names kernel element ``q`` in the legend (omitted for more than 12).
    """
    pat = _as2d(pattern, "pattern")
    nr, nc = pat.shape
    scale = min(0.32, 7.0 / max(nr, nc))
    fig = _figure(max(2.5, nc * scale + 1.8), max(2.0, nr * scale + 0.9))
    ax = fig.add_axes((0.08, 0.08, 0.66, 0.86))
    colors = _palette(int(pat.max()))
    img = np.ones((nr, nc, 3))
    for q in range(1, int(pat.max()) + 1):
        img[pat == q] = colors[q - 1]
    ax.imshow(img, interpolation="nearest")
    _grid(ax, nr, nc, base)
    ax.set_xlabel(xlabel, fontsize=8)
    ax.set_ylabel(ylabel, fontsize=8)
    if labels and len(labels) <= 12:
        from matplotlib.patches import Patch

        handles = [Patch(color=colors[q], label=lab) for q, lab in enumerate(labels)]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7,
                  frameon=False)
    return _save(fig, path)


def _palette(n: int) -> list:
    from matplotlib import colormaps

    cmap = colormaps["tab20" if n > 10 else "tab10"]
    return [cmap(q % cmap.N)[:3] for q in range(max(n, 1))]


def windows_png(masks: Any, path: str | os.PathLike, numbers: Any = None, columns: int = 0) -> str:
    """Write one small grid per window; ``masks[j]`` (1-D or 2-D, 0/1) marks the cells column ``j`` reads.

    ``numbers`` (same shape as one mask) are printed in the cells, e.g. the input values.
    """
    arr = np.asarray(masks).astype(np.int64)
    if arr.ndim not in (2, 3) or arr.shape[0] == 0:
        raise fail("masks", arr.shape, "must be a non-empty stack of 1-D or 2-D masks")
    if arr.ndim == 2:
        return _windows_1d(arr, path, numbers)
    n, nr, nc = arr.shape
    cols = columns or (int(np.ceil(np.sqrt(n))) if nr > 1 else 1)
    rows = -(-n // cols)
    cell = min(0.28, 2.2 / max(nr, nc))
    fig = _figure(cols * (nc * cell + 0.35) + 0.2, rows * (nr * cell + 0.45) + 0.1)
    nums = None if numbers is None else _as2d(numbers, "numbers")
    for j in range(n):
        ax = fig.add_subplot(rows, cols, j + 1)
        ax.imshow(np.where(arr[j, :, :, None] > 0, (0.55, 0.75, 0.95), (1.0, 1.0, 1.0)),
                  interpolation="nearest")
        _grid(ax, nr, nc)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(str(j + 1), fontsize=7, pad=2)
        if nums is not None and nr * nc <= 64:
            for (r, c), v in np.ndenumerate(nums):
                ax.text(c, r, str(v), ha="center", va="center", fontsize=5)
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.92, wspace=0.25, hspace=0.45)
    return _save(fig, path)


def _windows_1d(arr: np.ndarray, path: str | os.PathLike, numbers: Any) -> str:
    """1-D windows: one row per window in a single grid."""
    n, length = arr.shape
    cell = min(0.32, 6.5 / max(n, length))
    fig = _figure(length * cell + 0.7, n * cell + 0.5)
    ax = fig.add_axes((0.12, 0.04, 0.84, 0.8))
    ax.imshow(np.where(arr[:, :, None] > 0, (0.55, 0.75, 0.95), (1.0, 1.0, 1.0)), interpolation="nearest")
    _grid(ax, n, length)
    ax.set_xticks([])
    nums = None if numbers is None else np.asarray(numbers).ravel()
    if nums is not None and nums.size == length and n * length <= 400:
        for j in range(n):
            for c in range(length):
                ax.text(c, j, str(nums[c]), ha="center", va="center", fontsize=6)
    return _save(fig, path)


def counts_png(counts: Any, path: str | os.PathLike) -> str:
    """Write an integer map (e.g. overlap counts of a transposed convolution) with each value printed."""
    cnt = _as2d(counts, "counts")
    nr, nc = cnt.shape
    cell = min(0.4, 7.0 / max(nr, nc))
    fig = _figure(max(1.5, nc * cell + 0.6), max(0.8, nr * cell + 0.5))
    ax = fig.add_axes((0.05, 0.05, 0.9, 0.9))
    ax.imshow(cnt, cmap="Greys", vmin=0, vmax=max(int(cnt.max()) * 1.6, 1), interpolation="nearest")
    _grid(ax, nr, nc)
    ax.set_xticks([])
    ax.set_yticks([])
    if nr * nc <= 400:
        for (r, c), v in np.ndenumerate(cnt):
            ax.text(c, r, str(v), ha="center", va="center", fontsize=7)
    return _save(fig, path)
