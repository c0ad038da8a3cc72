"""``I * K = O`` with the numbers written out: every sliding-window reading whose output has the
claimed shape is computed exactly by the direct-loop oracle (the statement was unchecked: "'*'
between sequences is not evaluated")."""

from __future__ import annotations

import numpy as np
import pytest

from convproof.check.document import check_text
from convproof.numeric import reference

I3 = r"\begin{bmatrix}0 & 1 & 2\\ 3 & 4 & 5\\ 6 & 7 & 8\end{bmatrix}"
K2 = r"\begin{bmatrix}0 & 1\\ 2 & 3\end{bmatrix}"


def _bm(a) -> str:
    return r"\begin{bmatrix}" + r"\\ ".join(" & ".join(str(v) for v in row) for row in a) + r"\end{bmatrix}"


def _one(text: str):
    results = [r for r in check_text(text, "md", "doc").equations if r.kind != "definition"]
    return results[-1].status, results[-1].message


@pytest.mark.parametrize("op", ["*", r"\ast", r"\star", r"\circledast"])
def test_the_d2l_example_holds_as_cross_correlation(op):
    status, message = _one(f"$${I3} {op} {K2} = {_bm([[19, 25], [37, 43]])}$$\n")
    assert status == "holds" and "cross-correlation, 'valid'" in message


def test_a_changed_entry_is_wrong_with_the_entry_named():
    status, message = _one(f"$${I3} * {K2} = {_bm([[19, 25], [37, 44]])}$$\n")
    assert status == "wrong" and "(2,2): claimed 44, expected 43" in message


def test_the_flipped_kernel_reading_and_the_prose_that_names_it():
    flipped = _bm([[5, 11], [23, 29]])
    assert _one(f"$${I3} * {K2} = {flipped}$$\n")[0] == "holds"
    assert _one(f"With the kernel flipped (true convolution):\n$${I3} * {K2} = {_bm([[19, 25], [37, 43]])}$$\n")[0] == "wrong"
    assert _one(f"The cross-correlation:\n$${I3} * {K2} = {flipped}$$\n")[0] == "wrong"


@pytest.mark.parametrize("result, status", [
    ([[1, 3, 5, 7, 4]], "holds"), ([[3, 5, 7]], "holds"), ([[3, 5, 7, 4]], "holds"), ([[1, 3, 5, 7]], "holds"),
    ([[3, 5, 8]], "wrong"), ([[1, 3, 5, 7, 4, 0]], "unchecked"),
])
def test_1d_paddings_valid_same_full(result, status):
    assert _one(f"$${_bm([[1, 2, 3, 4]])} * {_bm([[1, 1]])} = {_bm(result)}$$\n")[0] == status


def test_bound_names_and_a_scalar_result():
    doc = f"Let $I = {_bm([[1, 2], [3, 4]])}$ and $K = {_bm([[1, 0], [0, 1]])}$.\n\n$$I * K = 5$$\n\n$$I * K = 6$$\n"
    assert [r.status for r in check_text(doc, "md", "doc").equations][-2:] == ["holds", "wrong"]


def test_a_stated_stride_is_used():
    x = np.arange(25).reshape(5, 5)
    k = np.array([[1, 0, -1]] * 3)
    expected = reference.conv(x[None, None], k[None, None], stride=2)[0, 0]
    text = f"With stride 2:\n$${_bm(x)} * {_bm(k)} = {_bm(expected)}$$\n"
    assert _one(text)[0] == "holds" and "stride 2" in _one(text)[1]


def test_numbers_still_multiply():
    assert _one("$$2 \\ast 3 = 6$$\n")[0] == "holds"
    assert _one("$$2 \\star 3 = 7$$\n")[0] == "wrong"


def test_arrays_of_one_shape_may_be_an_elementwise_product():
    a, b = _bm([[1, 2], [3, 4]]), _bm([[5, 6], [7, 8]])
    assert _one(f"$${a} * {b} = {_bm([[5, 12], [21, 32]])}$$\n")[0] == "unchecked"
    assert _one(f"$${a} * {b} = {_bm([[70]])}$$\n")[0] == "holds"   # valid: one window


def test_a_negated_convention_does_not_restrict_the_readings():
    flipped = _bm([[5, 11], [23, 29]])
    assert _one(f"Here we convolve, not cross-correlate (cross-correlation is what frameworks do):\n$${I3} * {K2} = {flipped}$$\n")[0] == "holds"
