"""Equations side by side in one ``align`` row (``a &= 1 & b &= 2``) are separate statements, each continued
by the rows below it in its own column; ``eqnarray``'s ``lhs & = & rhs`` rows stay one statement."""

from __future__ import annotations

import pytest

from convproof.check.document import check_text


def _verdicts(doc: str, fmt: str = "md") -> list[str]:
    return [r.status for r in check_text(doc, fmt, "doc").equations]


TWO = "$$\n\\begin{align}\na &= 2 + 1 & b &= 2 + 2\\\\\n&= %s & &= %s\n\\end{align}\n$$\n"


def test_two_correct_columns_hold_each():
    """Read as one chain (a = 2 + 1 b = 2 + 2 = 3 = 4) this correct display was called wrong."""
    assert _verdicts(TWO % (3, 4)) == ["holds", "holds"]


@pytest.mark.parametrize("left, right, expected", [(3, 5, ["holds", "wrong"]), (5, 4, ["wrong", "holds"]),
                                                   (4, 3, ["wrong", "wrong"])])
def test_a_wrong_column_is_the_one_called_wrong(left, right, expected):
    assert _verdicts(TWO % (left, right)) == expected


def test_an_error_hidden_between_columns_is_found():
    """a = 2 + 2 = 5 beside b = 5 = 2 + 3: as one chain no link compared 2 + 2 with 5 (unchecked)."""
    doc = "$$\n\\begin{aligned}\na &= 2 + 2 & b &= 5\\\\\n&= 5 & &= 2 + 3\n\\end{aligned}\n$$\n"
    assert _verdicts(doc) == ["wrong", "holds"]


def test_three_columns_and_a_latex_align():
    doc = "\\begin{align*}\nx &= 1 + 1 & y &= 3 \\cdot 3 & z &= 10 - 4\\\\\n&= 2 & &= 9 & &= 7\n\\end{align*}\n"
    assert _verdicts(doc, "tex") == ["holds", "holds", "wrong"]


def test_an_annotation_column_is_not_an_equation():
    doc = "$$\n\\begin{aligned}\nc &= 6 \\cdot 7 && \\text{(the product)}\\\\\n&= 42\n\\end{aligned}\n$$\n"
    assert _verdicts(doc) == ["holds"]


@pytest.mark.parametrize("fmt, doc", [
    ("tex", "\\begin{eqnarray}\nd & = & 2 + 5\\\\\n & = & %s\n\\end{eqnarray}\n"),
    ("md", "$$\n\\begin{eqnarray}\nd & = & 2 + 5\\\\\n & = & %s\n\\end{eqnarray}\n$$\n"),
], ids=["latex", "markdown"])
def test_eqnarray_rows_stay_one_statement(fmt, doc):
    assert _verdicts(doc % 7, fmt) == ["holds"]
    assert _verdicts(doc % 8, fmt) == ["wrong"]


def test_a_row_continues_only_its_own_column():
    """Row 3 continues column 2, which has no equation above it: it is not glued to column 1's f."""
    doc = "$$\n\\begin{aligned}\ne &= 1 + 1\\\\\n&= 2\\\\\nf &= 3 + 3 & &= 2\n\\end{aligned}\n$$\n"
    assert _verdicts(doc)[0] == "holds" and "wrong" not in _verdicts(doc)   # one chain: f = 3 + 3 = 2, wrong


@pytest.mark.parametrize("star", ["", "*"])
def test_alignat_column_count_is_not_read_as_a_factor(star):
    r"""The body of ``\begin{alignat}{2}`` starts with ``{2}``: it was read as ``2 \cdot (3 + 4)`` (unreadable)."""
    doc = "\\begin{alignat%s}{2}\n3 + 4 &= %s &\\qquad x &= 2 \\cdot 5\\\\\n& & &= 10\n\\end{alignat%s}\n"
    assert _verdicts(doc % (star, 7, star), "tex") == ["holds", "holds"]
    assert _verdicts(doc % (star, 8, star), "tex") == ["wrong", "holds"]
