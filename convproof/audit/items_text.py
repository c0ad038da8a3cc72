"""Non-product items of the audit corpus: label vectors, gradients entry by entry, size
arithmetic and ``align`` chains.  Values are plain Python integers (sizes from
:mod:`convproof.geometry`), never the checker's.
"""

from __future__ import annotations

import numpy as np

from ..geometry import conv_output_size
from ..numeric.reference import im2col
from .items import Item, random_spec1d, toeplitz_matrix, _kernel, _vector
from .notation import bmatrix, column
from .plant import plant
from .terms import const, matvec, product_equal, sym

__all__ = ["TEXT_BUILDERS", "labels_1d", "gradient_entries", "size_arithmetic", "align_chain"]


def labels_1d(rng, note, error=None, numeric=False) -> Item:
    """``[z_1; ...; z_m] = T y = [sums]``; planted errors duplicate a label or go past the end.
    With ``stride-grid`` notation the labels are the stride-1 positions ``z_1, z_{1+s}, ...``."""
    spec = random_spec1d(rng)
    kernel = _kernel(note, spec.k, False, rng)
    matrix = toeplitz_matrix(spec, kernel, False)
    vec = _vector(note, "y", spec.n, False, rng)
    result = matvec(matrix, vec)
    grid = spec.s > 1 and error is None and rng.random() < 0.5
    step = spec.s if grid else 1
    labels = [1 + i * step for i in range(spec.out)]
    true, kind = True, error
    if error == "label-dup":
        i = rng.randrange(1, spec.out)
        labels[i] = labels[i - 1]
        true = result[i] == result[i - 1]
    elif error == "label-skip":
        labels[-1] = labels[-1] + 1
        true = False
    elif error is not None:
        planted = plant(error, matrix, vec, result, rng)
        if planted is None:
            kind = None
        else:
            matrix, vec, result = planted
            true = product_equal(matrix, vec, result)
    names = [sym(note.name("z", i)) for i in labels]
    body = f"{column(names, note)} = {bmatrix(matrix, note)} {column(vec, note)} = {column(result, note)}"
    prose = f"Outputs z_i of the 1D cross-correlation with {spec.describe()}"
    prose += (f"; z_i is written at its stride-1 position, so the stride-{spec.s} layer keeps "
              f"every {spec.s}th label." if grid else "; z_i is the i-th output.")
    return Item("labels" if not grid else "stride-grid-labels", body, true, kind, prose)


def gradient_entries(rng, note, error=None, numeric=False) -> Item:
    """``\\frac{\\partial L}{\\partial f_t} = \\sum_i g_i y_{...}`` for every tap, one statement
    per tap in an ``aligned`` block (valid 1D correlation, entries from ``im2col`` markers)."""
    spec = random_spec1d(rng)
    marks = np.arange(1, spec.n + 1).reshape(1, 1, -1)
    rows = im2col(marks, spec.k, spec.d, [(spec.pl, spec.ph)], spec.s)[0]
    y = _vector(note, "y", spec.n, False, rng)
    g = _vector(note, "g", spec.out, False, rng)
    matrix = [[y[v - 1] if v else const(0) for v in row.tolist()] for row in rows]
    result = matvec(matrix, g)
    true, kind = True, error
    if error is not None:
        planted = plant(error if error != "move-zero" else "entry", matrix, g, result, rng)
        if planted is None:
            kind = None
        else:
            result, true = planted[2], product_equal(matrix, g, planted[2])
            kind = error if error != "move-zero" else "entry"
    lines = [f"\\frac{{\\partial L}}{{\\partial {note.name('f', t + 1)}}} &= {note.entry(e)}"
             for t, e in enumerate(result)]
    body = "\\begin{aligned} " + " \\\\ ".join(lines) + " \\end{aligned}"
    prose = (f"Gradient of the loss L with respect to the kernel, tap by tap, where z = f * y is "
             f"the cross-correlation with {spec.describe()} and g_i = dL/dz_i.")
    return Item("gradient-entries", body, true, kind, prose)


def _floor_latex(n, k, s, pl, ph, d) -> str:
    pad = f"2 \\cdot {pl}" if pl == ph else f"{pl} + {ph}"
    span = str(k) if d == 1 else f"{d} \\cdot ({k} - 1) - 1"
    return f"\\left\\lfloor \\frac{{{n} + {pad} - {span}}}{{{s}}} \\right\\rfloor + 1"


def size_arithmetic(rng, note, error=None, numeric=False) -> Item:
    """``(28-5+1) = 24``, the floor formula with numbers, or a shape ``a \\times b``."""
    form = rng.choice(("valid", "floor", "shape"))
    n, k = rng.choice((28, 32, 64, 224, 227, 13)), rng.choice((3, 5, 7, 11))
    s, p, d = rng.choice((1, 2, 4)), rng.choice((0, 1, 2)), 1
    if form != "floor":
        s, p = 1, 0
    out = conv_output_size(n, k, s, p, p, d)
    left = f"({n} - {k} + 1)" if form != "floor" else _floor_latex(n, k, s, p, p, d)
    claimed, true, kind = [out, out], True, None
    if error is not None:
        kind, true = ("off-by-one", False) if form != "shape" or rng.random() < 0.5 else \
            ("shape-product", False)
        if kind == "off-by-one":
            claimed = [out + rng.choice((-1, 1)), out]
        else:
            factor = next((f for f in (2, 3, 4, 5) if out % f == 0), None)
            claimed = [out // factor, out * factor] if factor else [out + 1, out]
    if form == "shape":
        body = f"{left} \\times {left} = {claimed[0]} \\times {claimed[1]}"
    else:
        body = f"{left} = {claimed[0]}"
    prose = (f"Output size of a convolution: input {n}, kernel {k}, stride {s}, padding {p}"
             + (" in both dimensions." if form == "shape" else "."))
    return Item("size-" + form, body, true, kind, prose)


def align_chain(rng, note, error=None, numeric=False) -> Item:
    """``z &= a_1 b_1 + ... \\\\ &= p_1 + p_2 + ... \\\\ &= total`` with small integers."""
    k = rng.randint(3, 5)
    a = [rng.randint(-3, 6) for _ in range(k)]
    b = [rng.randint(-2, 5) for _ in range(k)]
    products = [x * y for x, y in zip(a, b)]
    total = sum(products)
    kind, true = None, True
    if error is not None:
        kind, true = "chain-link", False
        which = rng.randrange(2)
        if which == 0:
            j = rng.randrange(k)
            products = products[:j] + [products[j] + rng.choice((-1, 1))] + products[j + 1:]
        else:
            total = total + rng.choice((-2, -1, 1, 2, 10))
    first = " + ".join(f"{_paren(x) if i else x} \\cdot {_paren(y)}" for i, (x, y) in enumerate(zip(a, b)))
    second = " + ".join(_paren(v) if i else str(v) for i, v in enumerate(products))
    z = note.name("z", rng.randint(1, 4))
    body = (f"{z} &= {first} \\\\\n  &= {second} \\\\\n  &= {total}")
    return Item("align-chain", body, true, kind, "One output computed step by step.",
                multiline=True)


def _paren(v: int) -> str:
    return f"({v})" if v < 0 else str(v)


TEXT_BUILDERS = {"labels": labels_1d, "gradient-entries": gradient_entries,
                 "size": size_arithmetic, "align-chain": align_chain}
