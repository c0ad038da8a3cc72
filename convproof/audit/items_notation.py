"""Audit corpus items for lecture notation and worked counts: ``cases`` evaluated at a point,
Hadamard products, ``\\max\\{..\\}``, products written with elided entries (``\\vdots``) and
parameter counts of a described convolution layer.  Truth is computed here with plain Python
integers (the layer count with :func:`convproof.geometry.conv_params`), never by the checker.
"""

from __future__ import annotations

from ..geometry import conv_params
from .items import Item

__all__ = ["NOTATION_BUILDERS", "cases_value", "hadamard_item", "max_item", "elided_item", "layer_count"]


def _bmatrix(rows) -> str:
    return "\\begin{bmatrix} " + " \\\\ ".join(" & ".join(str(v) for v in r) for r in rows) + " \\end{bmatrix}"


def _ints(rng, rows, cols, lo=-3, hi=6):
    return [[rng.randint(lo, hi) for _ in range(cols)] for _ in range(rows)]


def cases_value(rng, note, error=None, numeric=False) -> Item:
    """``f(x) = {a x + b, x > c; x - e, otherwise}`` and ``f(v) = r``: the branches take disjoint
    values on the integers and each is one-to-one, so any change of ``v`` or ``r`` is false."""
    a, b, c, e = rng.choice((2, 3)), rng.randint(1, 3), rng.randint(-1, 2), rng.randint(1, 3)
    v = rng.choice([t for t in range(-4, 7) if t not in (0, c, e)])  # f(v) != 0: sums of it change
    above = v > c
    r = a * v + b if above else v - e
    kind, true = None, True
    if error is not None:
        kind, true = "cases-branch", False
        other = (v - e) if above else (a * v + b)  # the other branch's formula at v
        r = other if other != r else r + 1
    body = (f"f(x) &= \\begin{{cases}} {a} x + {b}, & x > {c} \\\\ x - {e}, & \\text{{otherwise}} "
            f"\\end{{cases}} \\\\\n f({v}) &= {r}")
    return Item("cases", body, true, kind, "A piecewise function, each branch under its condition.",
                multiline=True)


def hadamard_item(rng, note, error=None, numeric=False) -> Item:
    """``A \\odot B = C`` with small integer matrices; planted: one entry of ``C`` off by one."""
    rows, cols = rng.choice(((2, 2), (2, 3), (3, 2)))
    a, b = _ints(rng, rows, cols), _ints(rng, rows, cols)
    c = [[x * y for x, y in zip(ra, rb)] for ra, rb in zip(a, b)]
    kind, true = None, True
    if error is not None:
        i, j = rng.randrange(rows), rng.randrange(cols)
        c[i][j] += rng.choice((-1, 1))
        kind, true = "hadamard-entry", False
    op = rng.choice(("\\odot", "\\circ"))
    return Item("hadamard", f"{_bmatrix(a)} {op} {_bmatrix(b)} = {_bmatrix(c)}", true, kind,
                "The Hadamard (entrywise) product of two matrices.")


def max_item(rng, note, error=None, numeric=False) -> Item:
    """``\\max\\{..\\} = m`` (or ``\\min``) over distinct listed integers; planted: the runner-up."""
    values = rng.sample(range(-9, 20), rng.randint(3, 5))
    big = rng.random() < 0.5
    ordered = sorted(values, reverse=big)
    claimed, kind, true = ordered[0], None, True
    if error is not None:
        claimed, kind, true = ordered[1], "max-runner-up", False
    name = "\\max" if big else "\\min"
    listed = ", ".join(str(v) for v in values)
    return Item("max", f"{name}\\{{{listed}\\}} = {claimed}", true, kind, "The largest or smallest listed value.")


def elided_item(rng, note, error=None, numeric=False) -> Item:
    """``A x = [r_1; r_2; \\vdots; r_m]``: the explicit entries are the true ones (the elided
    ones stand for the rest); planted: one explicit entry off by one."""
    rows, cols = rng.randint(4, 6), rng.randint(2, 3)
    a, x = _ints(rng, rows, cols), [[t] for t in [rng.randint(-2, 4) for _ in range(cols)]]
    r = [sum(ai * xi[0] for ai, xi in zip(row, x)) for row in a]
    shown = [[r[0]], [r[1]], ["\\vdots"], [r[-1]]]
    kind, true = None, True
    if error is not None:
        i = rng.choice((0, 1, 3))
        shown[i] = [shown[i][0] + rng.choice((-1, 1))]
        kind, true = "elided-entry", False
    return Item("elided", f"{_bmatrix(a)} {_bmatrix(x)} = {_bmatrix(shown)}", true, kind,
                "A product whose result is written with its middle entries elided.")


def layer_count(rng, note, error=None, numeric=False) -> Item:
    """``(k \\cdot k \\cdot C + 1) \\cdot F = N`` for the layer the prose describes; planted: the
    input channels left out (true arithmetic, wrong count)."""
    k, c, f = rng.choice((3, 5, 7)), rng.choice((3, 6, 8, 16)), rng.choice((10, 16, 32, 64))
    n = rng.choice((14, 28, 32))
    prose = (f"The convolution layer takes the input {n} x {n} x {c} and has {f} filters of size "
             f"{k} x {k}. Its number of parameters.")
    biased = rng.random() < 0.6
    if error is not None:
        total = (k * k + 1) * f if biased else k * k * f
        body = f"({k} \\cdot {k} + 1) \\cdot {f} = {total}" if biased else f"{k} \\cdot {k} \\cdot {f} = {total}"
        return Item("layer-count", body, False, "count-no-channels", prose)
    total = conv_params(c, f, k, bias=biased)
    body = f"({k} \\cdot {k} \\cdot {c} + 1) \\cdot {f} = {total}" if biased else \
        f"{k} \\cdot {k} \\cdot {c} \\cdot {f} = {total}"
    return Item("layer-count", body, True, None, prose)


NOTATION_BUILDERS = {"cases": cases_value, "hadamard": hadamard_item, "max": max_item,
                     "elided": elided_item, "layer-count": layer_count}


def _frac(num: int, den: int, scale: str) -> str:
    """``num / (den * scale)`` in LaTeX, reduced by hand (``den`` is 1 or 2, ``num`` 1 or 2)."""
    if num == den:
        num, den = 1, 1
    if not scale and den == 1:
        return "" if num == 1 else str(num)
    return f"\\frac{{{num}}}{{{den if den != 1 else ''}{scale}}}"


def loss_gradient(rng, note, error=None, numeric=False) -> Item:
    """``L = \\frac{1}{c} \\sum_{i=1}^{n} (\\hat{y}_i - y_i)^2`` and ``\\partial L / \\partial \\hat{y}_i
    = \\frac{2}{c} (\\hat{y}_i - y_i)``; planted: the factor of the definition left out of the
    derivative (``2 (\\hat{y}_i - y_i)``), only where the factor is not 1."""
    den, scale = rng.choice((1, 2)), rng.choice(("n", "N", "m", ""))
    if error is not None and den == 1 and not scale:
        den = 2
    factor = _frac(1, den, scale)
    coef, true, kind = _frac(2, den, scale), True, None
    if error is not None:
        coef, true, kind = "2", False, "loss-factor"
    y, hat = rng.choice(("y", "t")), rng.choice(("\\hat{y}", "o", "a"))
    body = (f"L &= {factor} \\sum_{{i=1}}^{{{scale or 'n'}}} ({hat}_i - {y}_i)^2 \\\\\n"
            f" \\frac{{\\partial L}}{{\\partial {hat}_i}} &= {coef} ({hat}_i - {y}_i)")
    return Item("loss-gradient", body, true, kind, "The loss and its gradient by one prediction.", multiline=True)


NOTATION_BUILDERS["loss-gradient"] = loss_gradient


def toeplitz_elided(rng, note, error=None, numeric=False) -> Item:
    """The matrix of a valid stride-1 1D cross-correlation (``n``, ``k`` in the prose) written with
    its middle rows and the zeros of each row elided; planted: one explicit tap letter changed.
    Row ``i`` holds ``f_{t+1}`` at column ``i + t`` (plain loops)."""
    k = rng.choice((2, 3))
    n = rng.randint(k + 4, k + 7)
    out = n - k + 1
    rows = [["0"] * n for _ in range(out)]
    for i in range(out):
        for t in range(k):
            rows[i][i + t] = f"f_{t + 1}"
    first = [rows[0][:k + 1] + ["\\cdots", "0"], rows[1][:k + 2] + ["\\cdots", "0"]]
    last = ["0", "\\cdots"] + rows[-1][-(k + 1):]
    true, kind = True, None
    if error is not None:
        j = rng.randrange(k)
        first[0][j] = f"f_{(j + 1) % k + 1}"
        true, kind = False, "toeplitz-tap"
    vdots = ["\\vdots"] + [""] * (k + 2) + ["\\vdots"]
    body = "T = \\begin{bmatrix} " + " \\\\ ".join(" & ".join(r) for r in first + [vdots, last]) + " \\end{bmatrix}"
    return Item("elided-toeplitz", body, true, kind,
                f"The cross-correlation with n = {n}, k = {k} as a matrix, written with elided entries.")


NOTATION_BUILDERS["elided-toeplitz"] = toeplitz_elided
