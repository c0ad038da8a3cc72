"""Lecture-notation printer: golden strings for every notation option and for term order."""

import numpy as np
import pytest
import sympy as sp

from convproof.errors import ConvProofError
from convproof.notation import LECTURE
from convproof.latex.printer import LecturePrinter, SymbolTable, latex


def _table():
    y = np.array(sp.symbols("q0:5"))          # names chosen to sort badly on purpose
    f = np.array(sp.symbols("a9 a1 a0"))
    z = np.array(sp.symbols("zz0:3"))
    return y, f, z, SymbolTable().add("input", y, 1).add("kernel", f, 1).add("output", z, 1)


@pytest.mark.parametrize("notation, expected", [
    (LECTURE.replace(), "f_{1} y_{1}^{(l)} + f_{2} y_{2}^{(l)} + f_{3} y_{3}^{(l)}"),
    (LECTURE.replace(layer=None), "f_{1} y_{1} + f_{2} y_{2} + f_{3} y_{3}"),
    (LECTURE.replace(base=0, layer=None), "f_{0} y_{0} + f_{1} y_{1} + f_{2} y_{2}"),
    (LECTURE.replace(mul="cdot", layer=None), r"f_{1} \cdot y_{1} + f_{2} \cdot y_{2} + f_{3} \cdot y_{3}"),
    (LECTURE.replace(input="x", kernel="w", layer=None), "w_{1} x_{1} + w_{2} x_{2} + w_{3} x_{3}"),
    (LECTURE.replace(kernel=r"\theta", layer=None), r"\theta_{1} y_{1} + \theta_{2} y_{2} + \theta_{3} y_{3}"),
])
def test_row_of_T_y(notation, expected):
    y, f, _, table = _table()
    assert LecturePrinter(table, notation).doprint(f[0] * y[0] + f[2] * y[2] + f[1] * y[1]) == expected


def test_transposed_terms_sorted_by_data_index():
    # seed 000 eq. 17 writes f_2 z_1 + f_1 z_2: data index first, kernel first inside a product
    y, f, z, table = _table()
    expr = f[0] * z[1] + f[1] * z[0]
    assert LecturePrinter(table, LECTURE.replace()).doprint(expr) == "f_{2} z_{1}^{(l+1)} + f_{1} z_{2}^{(l+1)}"


def test_signs_and_coefficients():
    y, f, _, table = _table()
    p = LecturePrinter(table, LECTURE.replace(layer=None))
    assert p.doprint(-f[0] * y[1] + 2 * f[1] * y[0]) == "2 f_{2} y_{1} - f_{1} y_{2}"
    assert p.terms(-f[0] * y[1] + f[1] * y[0]) == ["f_{2} y_{1}", "- f_{1} y_{2}"]
    assert p.terms(sp.Integer(0)) == []


def test_channels_and_wide_indices():
    w = np.empty((2, 3, 1), dtype=object)
    for idx in np.ndindex(w.shape):
        w[idx] = sp.Symbol("w" + "".join(map(str, idx)))
    y = np.array([sp.Symbol(f"v{i}") for i in range(12)])
    table = SymbolTable().add("kernel", w, 1).add("input", y, 1)
    p = LecturePrinter(table, LECTURE.replace(layer=None))
    assert p.doprint(w[1, 2, 0]) == "f^{32}_{1}"        # F^{mk}: input map m=3, output map k=2
    assert p.doprint(y[11]) == "y_{12}"
    assert p.doprint(y[1]) == "y_{2}"


def test_unknown_symbols_fall_back_to_sympy():
    assert latex(sp.Symbol("alpha") + 1) == r"\alpha + 1"
    assert latex(3) == "3"


@pytest.mark.parametrize("field, value", [
    ("input", r"\input"), ("kernel", "w}"), ("output", ""), ("grad", "abc"), ("base", 2), ("mul", "times"),
    ("layer", "l l"),
])
def test_bad_notation(field, value):
    with pytest.raises(ConvProofError, match=field):
        LECTURE.replace(**{field: value})


def test_vectors_bold_and_plain():
    n = LECTURE.replace()
    assert n.vector("input") == r"\mathbf{y}^{(l)}"
    assert n.vector("output", capital=True) == r"\mathbf{Z}^{(l+1)}"
    assert n.vector("grad") == r"\boldsymbol{\delta}^{(l+1)}"
    assert LECTURE.replace(bold=False, layer=None).vector("kernel") == "f"
