"""Stated-convolution items of the audit corpus: ``f = [..], y = [..], T = [..]`` after prose that
states the stride and the padding.

The matrix comes from :func:`convproof.numeric.reference.conv_matrix` (through
:func:`.items.toeplitz_matrix`), on the input or on the padded input; a planted error changes one
entry (a zero to a kernel tap, a tap to another tap or to zero), so the item is false by
construction (the entry no longer equals the reference matrix's).  Nothing here uses
:mod:`convproof.check`.
"""

from __future__ import annotations

from .items import Item, Spec1d, _kernel, _vector, toeplitz_matrix
from .notation import bmatrix, column
from .terms import const

__all__ = ["STATED_BUILDERS", "stated_conv"]


def _spec(rng) -> tuple[Spec1d, str]:
    while True:
        k, n = rng.choice((2, 3)), rng.randint(4, 7)
        word = rng.choice(("valid", "0", "full", "same")) if k == 3 else rng.choice(("valid", "0", "full"))
        p = {"valid": 0, "0": 0, "full": k - 1, "same": (k - 1) // 2}[word]
        s = rng.choice((1, 1, 2))
        spec = Spec1d(n, k, s, 1, p, p)
        if spec.out >= 2 and n + 2 * p <= 9:
            return spec, word


def _plant(matrix, kernel, rng):
    rows = [list(r) for r in matrix]
    r, c = rng.randrange(len(rows)), rng.randrange(len(rows[0]))
    old = rows[r][c]
    choices = [e for e in kernel if e != old] + ([const(0)] if old != const(0) else [])
    rows[r][c] = rng.choice(choices)
    return rows


def stated_conv(rng, note, error=None, numeric=False) -> Item:
    """One stated Toeplitz matrix (see the module docstring); ``numeric`` is ignored (symbols)."""
    spec, word = _spec(rng)
    padded = spec.pl > 0 and rng.random() < 0.5
    kernel = _kernel(note, spec.k, False, rng)
    matrix = toeplitz_matrix(spec, kernel, padded)
    true, kind = True, None
    if error is not None:
        matrix, true, kind = _plant(matrix, kernel, rng), False, "entry"
    vec = _vector(note, "y", spec.n, False, rng)
    body = (f"\\mathbf{{f}} = {column(kernel, note)}, \\quad \\mathbf{{y}} = {column(vec, note)}, "
            f"\\quad \\mathbf{{T}} = {bmatrix(matrix, note)}")
    where = " The matrix acts on the padded input." if padded else ""
    prose = (f"The Toeplitz matrix T of the 1D cross-correlation of y with f, stride = {spec.s}, "
             f"padding = {word}.{where}")
    return Item("stated-conv", body, true, kind, prose)


STATED_BUILDERS = {"stated-conv": stated_conv}
