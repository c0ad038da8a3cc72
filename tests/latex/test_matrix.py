"""Matrix elision, vectors and aligned entry-by-entry equations."""

import pytest
import sympy as sp

from convproof.errors import ConvProofError
from convproof.latex.matrix import aligned_latex, matrix_latex, shown_indices, sum_lines, vector_latex


@pytest.mark.parametrize("n, limit, expected", [
    (3, 3, [0, 1, 2]),
    (4, 3, [0, None, 3]),
    (9, 5, [0, 1, None, 7, 8]),
    (9, 6, [0, 1, 2, None, 7, 8]),
    (5, None, [0, 1, 2, 3, 4]),
])
def test_shown_indices(n, limit, expected):
    assert shown_indices(n, limit) == expected


def test_limit_too_small():
    with pytest.raises(ConvProofError, match="at least 3"):
        shown_indices(10, 2)


def test_full_matrix_has_no_size():
    assert matrix_latex(sp.Matrix([[1, 2], [3, 4]])) == r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}"


def test_elided_both_ways_states_size():
    m = [[10 * r + c for c in range(7)] for r in range(6)]
    assert matrix_latex(m, max_rows=4, max_cols=4) == (
        r"\begin{bmatrix} 0 & 1 & \cdots & 6 \\ 10 & 11 & \cdots & 16 \\ \vdots & \vdots & \ddots & \vdots"
        r" \\ 50 & 51 & \cdots & 56 \end{bmatrix}_{6 \times 7}")


def test_elided_columns_only():
    tex = matrix_latex([[1, 2, 3, 4, 5]], max_cols=3, env="pmatrix")
    assert tex == r"\begin{pmatrix} 1 & \cdots & 5 \end{pmatrix}_{1 \times 5}"


def test_vector_and_formatter():
    assert vector_latex([1, 2, 3, 4], fmt=lambda v: f"x_{{{v}}}", max_rows=3) == (
        r"\begin{bmatrix} x_{1} \\ \vdots \\ x_{4} \end{bmatrix}_{4 \times 1}")


def test_ragged_matrix_rejected():
    with pytest.raises(ConvProofError, match="rectangular"):
        matrix_latex([[1, 2], [3]])


def test_sum_lines_wraps_and_keeps_signs():
    assert sum_lines(["a", "- b", "c", "d"], 2) == ["a - b", "+ c + d"]
    assert sum_lines(["- a"], None) == ["- a"]
    assert sum_lines([], 3) == ["0"]


def test_aligned_wraps_and_elides():
    rows = [(f"z_{{{i}}}", ["a", "b", "c"]) for i in range(1, 6)]
    tex = aligned_latex(rows, max_rows=3, per_line=2)
    assert tex == (r"\begin{aligned} z_{1} &= a + b \\ &\quad + c \\ &\;\;\vdots \\ z_{5} &= a + b \\ "
                   r"&\quad + c \end{aligned}")
