"""Product items of the audit corpus: Toeplitz, transposed, zero-insertion and im2col products.

Every matrix comes from :mod:`convproof.numeric.reference` (``conv_matrix``/``im2col`` run on
marker integers: entry ``v > 0`` of the result is kernel tap ``v``), every stated result from
:func:`~convproof.audit.terms.matvec` on the corpus's own entries, so the truth of an item never
depends on :mod:`convproof.check`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..geometry import conv_output_size
from ..numeric.reference import conv_matrix, im2col
from .notation import ItemStyle, product_latex
from .plant import PRODUCT_ERRORS, plant
from .terms import const, matvec, product_equal, sym

__all__ = ["Item", "Spec1d", "product_item", "random_spec1d", "toeplitz_1d", "toeplitz_2d",
           "transposed_1d", "zero_insertion_1d", "im2col_2d", "kernel_gradient_1d"]


@dataclass
class Item:
    """One equation of a corpus document: ``body`` is its LaTeX, ``line`` its 1-based line."""

    kind: str
    body: str
    true: bool
    error: str | None = None
    prose: str = ""
    multiline: bool = False
    line: int = 0


@dataclass(frozen=True)
class Spec1d:
    """A 1D cross-correlation: input ``n``, kernel ``k``, stride, dilation, per-side padding."""

    n: int
    k: int
    s: int = 1
    d: int = 1
    pl: int = 0
    ph: int = 0

    @property
    def out(self) -> int:
        return conv_output_size(self.n, self.k, self.s, self.pl, self.ph, self.d)

    def describe(self) -> str:
        return (f"n={self.n}, k={self.k}, stride {self.s}, dilation {self.d}, "
                f"padding ({self.pl}, {self.ph})")


def random_spec1d(rng, max_cols: int = 9) -> Spec1d:
    """A small valid spec: valid, same, full, strided, dilated or asymmetric padding."""
    while True:
        k, n = rng.choice((2, 3)), rng.randint(4, 7)
        mode = rng.choice(("valid", "same", "full", "stride", "dilation", "asym"))
        s = rng.randint(2, 4) if mode == "stride" else 1
        d = rng.randint(2, 3) if mode == "dilation" else 1
        span = d * (k - 1) + 1
        pad = {"valid": (0, 0), "same": ((span - 1) // 2, span // 2), "full": (span - 1, span - 1),
               "stride": (rng.randint(0, 1),) * 2, "dilation": (0, 0),
               "asym": (rng.randint(0, 2), rng.randint(0, 2))}[mode]
        spec = Spec1d(n, k, s, d, *pad)
        if n + spec.pl + spec.ph >= span and spec.out >= 2 and n + spec.pl + spec.ph <= max_cols:
            return spec


def _markers_to_entries(marks: np.ndarray, kernel: list) -> list:
    """Integer marker matrix -> entries (``0`` -> zero, ``v`` -> ``kernel[v - 1]``)."""
    return [[kernel[v - 1] if v else const(0) for v in row.tolist()] for row in marks]


def _kernel(note: ItemStyle, k: int, numeric, rng) -> list:
    if numeric:
        return [const(rng.choice((-2, -1, 1, 2, 3))) for _ in range(k)]
    return [sym(note.name("f", i + 1)) for i in range(k)]


def _vector(note: ItemStyle, letter: str, n: int, numeric, rng) -> list:
    if numeric:
        return [const(rng.randint(-3, 5)) for _ in range(n)]
    return [sym(note.name(letter, i + 1)) for i in range(n)]


def toeplitz_matrix(spec: Spec1d, kernel: list, padded_input: bool) -> list:
    """``T`` of the spec (on the padded input when ``padded_input``), via the numeric reference."""
    marks = np.arange(1, spec.k + 1).reshape(1, 1, -1)
    if padded_input:
        m = conv_matrix(spec.n + spec.pl + spec.ph, marks, spec.s, 0, spec.d)
    else:
        m = conv_matrix(spec.n, marks, spec.s, [(spec.pl, spec.ph)], spec.d)
    return _markers_to_entries(m, kernel)


def product_item(kind, matrix, vector, note, error, rng, prose, transposed_from=None) -> Item:
    """The item ``M v = r`` with ``r`` computed; with ``error`` one planted change makes it false."""
    result = matvec(matrix, vector)
    true = True
    if error is not None:
        planted = plant(error, matrix, vector, result, rng)
        if planted is None:
            error = None
        else:
            matrix, vector, result = planted
            true = product_equal(matrix, vector, result)
            if transposed_from is not None:
                transposed_from = [list(col) for col in zip(*matrix)]
    body = product_latex(matrix, vector, result, note, transposed_from)
    return Item(kind, body, true, error, prose)


def toeplitz_1d(rng, note, error=None, numeric=False) -> Item:
    """``T y = z`` of a random 1D spec, on the padded or the unpadded input."""
    spec = random_spec1d(rng)
    padded = (spec.pl or spec.ph) and rng.random() < 0.5
    kernel = _kernel(note, spec.k, numeric, rng)
    matrix = toeplitz_matrix(spec, kernel, padded)
    vec = _vector(note, "y", spec.n, numeric, rng)
    if padded:
        vec = [const(0)] * spec.pl + vec + [const(0)] * spec.ph
    where = "padded input" if padded else "input"
    return product_item("toeplitz-1d", matrix, vec, note, error, rng,
                        f"1D cross-correlation as a product with the {where}: {spec.describe()}.")


def transposed_1d(rng, note, error=None, numeric=False) -> Item:
    """``T^T g`` for a random 1D spec: the explicit transposed matrix, or ``[T]^T`` written."""
    spec = random_spec1d(rng)
    kernel = _kernel(note, spec.k, numeric, rng)
    t = toeplitz_matrix(spec, kernel, False)
    tt = [list(col) for col in zip(*t)]
    vec = _vector(note, "g", spec.out, numeric, rng)
    written = t if rng.random() < 0.4 else None
    return product_item("transposed-1d", tt, vec, note, error, rng,
                        f"Transposed product (gradient of the input) for {spec.describe()}.",
                        transposed_from=written)


def zero_insertion_1d(rng, note, error=None, numeric=False) -> Item:
    """Transposed convolution as a stride-1 correlation of the zero-inserted, padded ``g`` with
    the flipped kernel; the stated result is ``T^T g`` of the original spec."""
    while True:
        spec = random_spec1d(rng)
        if spec.d == 1 and spec.pl == spec.ph and spec.pl <= spec.k - 1 and spec.s > 1 \
                and (spec.n + 2 * spec.pl - spec.k) % spec.s == 0:
            break
        spec = Spec1d(rng.randint(4, 7), rng.choice((2, 3)), rng.randint(2, 3))
        if (spec.n - spec.k) % spec.s == 0:
            break
    kernel = _kernel(note, spec.k, numeric, rng)
    g = _vector(note, "g", spec.out, numeric, rng)
    edge = spec.k - 1 - spec.pl
    inserted = [const(0)] * edge
    for i, gi in enumerate(g):
        inserted += [gi] + ([const(0)] * (spec.s - 1) if i + 1 < len(g) else [])
    inserted += [const(0)] * edge
    flipped = kernel[::-1]
    marks = np.arange(1, spec.k + 1).reshape(1, 1, -1)
    matrix = _markers_to_entries(conv_matrix(len(inserted), marks), flipped)
    return product_item("zero-insertion", matrix, inserted, note, error, rng,
                        f"Transposed convolution as zero insertion (stride {spec.s}, padding "
                        f"{spec.pl}, kernel {spec.k}) and a correlation with the flipped kernel.")


def toeplitz_2d(rng, note, error=None, numeric=False) -> Item:
    """``T vec(y) = vec(z)`` for a small 2D spec (row-major vectorisation)."""
    size, k, s, p = rng.choice((((3, 3), 2, 1, 0), ((3, 3), 3, 2, 1), ((3, 3), 3, 1, 1),
                                ((4, 4), 2, 2, 0), ((3, 4), 2, 1, 0)))
    marks = np.arange(1, k * k + 1).reshape(1, 1, k, k)
    kernel = [const(rng.choice((-1, 1, 2))) if numeric else sym(note.name2("f", r, c))
              for r in range(k) for c in range(k)]
    matrix = _markers_to_entries(conv_matrix(size, marks, s, p), kernel)
    vec = [const(rng.randint(-2, 4)) if numeric else sym(note.name2("y", r, c))
           for r in range(size[0]) for c in range(size[1])]
    return product_item("toeplitz-2d", matrix, vec, note, error, rng,
                        f"2D cross-correlation, input {size[0]}x{size[1]}, kernel {k}x{k}, "
                        f"stride {s}, padding {p}, row-major vectorisation.")


def im2col_2d(rng, note, error=None, numeric=False) -> Item:
    """``X_col^T w = vec(z)``: the rows are the input patches (numeric reference ``im2col``)."""
    size, k, s, p = rng.choice((((3, 3), 2, 1, 0), ((4, 4), 2, 2, 0), ((3, 3), 2, 1, 1),
                                ((4, 3), 2, 1, 0)))
    marks = np.arange(1, size[0] * size[1] + 1).reshape(1, 1, *size)
    cols = im2col(marks, k, padding=p, stride=s)[0].T
    pixels = [const(rng.randint(-2, 5)) if numeric else sym(note.name2("y", r, c))
              for r in range(size[0]) for c in range(size[1])]
    matrix = _markers_to_entries(cols, pixels)
    w = [const(rng.choice((-1, 1, 2, 3))) if numeric else sym(note.name2("w", r, c))
         for r in range(k) for c in range(k)]
    return product_item("im2col", matrix, w, note, error, rng,
                        f"im2col: each row is one {k}x{k} patch of the {size[0]}x{size[1]} input "
                        f"(stride {s}, padding {p}); the product with the kernel gives the output.")


def kernel_gradient_1d(rng, note, error=None, numeric=False) -> Item:
    """``dL/df = Y g``: row ``t`` of ``Y`` holds the padded inputs that meet kernel tap ``t``."""
    spec = random_spec1d(rng)
    marks = np.arange(1, spec.n + 1).reshape(1, 1, -1)
    rows = im2col(marks, spec.k, spec.d, [(spec.pl, spec.ph)], spec.s)[0]
    inputs = _vector(note, "y", spec.n, numeric, rng)
    matrix = _markers_to_entries(rows, inputs)
    g = _vector(note, "g", spec.out, numeric, rng)
    return product_item("kernel-gradient", matrix, g, note, error, rng,
                        f"Kernel gradient dL/df = Y g for {spec.describe()} (g = dL/dz).")


PRODUCT_BUILDERS = {"toeplitz-1d": toeplitz_1d, "toeplitz-2d": toeplitz_2d,
                    "transposed-1d": transposed_1d, "zero-insertion": zero_insertion_1d,
                    "im2col": im2col_2d, "kernel-gradient": kernel_gradient_1d}
ERROR_KINDS = tuple(PRODUCT_ERRORS)
