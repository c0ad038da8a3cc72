"""A LaTeX document's own macros are expanded in its math (``\\half \\cdot 4 = 2`` was not read);
rows of one equation broken over lines are one statement (a ``multline`` whose first row has no
relation was cut: ``1 + 2 + 3 \\\\ + 4 = 10`` was ``wrong``, 4 != 10); ``\\intertext`` is a row break."""

from __future__ import annotations

import pytest

from convproof.check.document import check_text
from convproof.check.macros import definitions, expand


def _statuses(doc: str, fmt: str = "tex") -> list[str]:
    return [r.status for r in check_text(doc, fmt, "doc").equations]


PREAMBLE = (r"\newcommand{\half}{\frac{1}{2}}\newcommand\sq[1]{{#1}^2}\def\two{2}"
            r"\DeclareMathOperator{\relu}{relu}" + "\n")


@pytest.mark.parametrize("math, status", [
    (r"\half \cdot 4 = 2", "holds"), (r"\half \cdot 4 = 3", "wrong"), (r"\sq{3} + \sq 4 = 25", "holds"),
    (r"\sq{3} = 6", "wrong"), (r"\two^{\two} = 4", "holds"), (r"\relu(-3) = 0", "holds"),
])
def test_the_documents_macros_are_expanded(math, status):
    assert _statuses(PREAMBLE + f"\\[ {math} \\]\n") == [status]


def test_a_wrong_statement_with_a_macro_gets_no_automatic_fix():
    [result] = check_text(PREAMBLE + "\\[ \\half \\cdot 4 = 3 \\]\n", "tex", "doc").equations
    assert result.fixes == []


def test_a_recursive_macro_stops():
    table = definitions(r"\newcommand{\loop}{\loop\loop}")
    assert len(expand(r"\loop = 1", table)) < 5000
    assert _statuses(r"\newcommand{\loop}{\loop + 1}" + "\n\\[ \\loop = 1 \\]\n")[0] == "unchecked"


def test_markdown_math_may_define_macros_too():
    doc = "$\\newcommand{\\half}{\\frac{1}{2}}$\n\n$$\\half + \\half = 1$$\n"
    assert "holds" in _statuses(doc, "md")


@pytest.mark.parametrize("body, status", [
    (r"\begin{multline} 1 + 2 + 3 \\ + 4 = 10 \end{multline}", "holds"),
    (r"\begin{multline} 1 + 2 + 3 \\ + 4 = 11 \end{multline}", "wrong"),
    (r"\begin{align} a &= 1 + 2 + \\ &\quad 3 + 4 = 10 \end{align}", "holds"),
    (r"\begin{align} a &= 1 + 2 + \\ &\quad 3 + 4 = 11 \end{align}", "wrong"),
])
def test_an_equation_broken_over_rows_is_one_statement(body, status):
    assert _statuses(body + "\n")[-1] == status


def test_intertext_is_a_row_break():
    doc = ("\\begin{align*} f(x) &= x^2 + 1 \\\\ f(3) &= 10 \\intertext{and therefore} f(4) &= 18 "
           "\\end{align*}\n")
    assert _statuses(doc) == ["unchecked", "holds", "wrong"]


def test_macro_reading_is_bounded():
    from convproof.check import macros
    assert macros._group("{" + "a" * 50 + "}", 0, limit=20) is None
    assert macros._group("{ab}", 0) == ("ab", 4)
    names = [chr(97 + i % 26) + chr(97 + i // 26 % 26) + chr(97 + i // 676 % 26) for i in range(macros.MAX_DEFINITIONS + 50)]
    many = "".join(f"\\newcommand{{\\m{n}}}{{1}}" for n in names)
    assert len(definitions(many)) == macros.MAX_DEFINITIONS
    # unclosed bodies are given up after MAX_BODY characters: a document of them stays linear
    assert definitions("\\newcommand{\\a}{" * 3000 + "x") == {}


@pytest.mark.parametrize("op", [r"\cdot", r"\times"])
def test_a_row_ending_in_a_multiplication_goes_on(op):
    assert _statuses(f"\\begin{{multline}} 2 + 3 {op} \\\\ 4 = 14 \\end{{multline}}\n")[-1] == "holds"
    assert _statuses(f"\\begin{{multline}} 2 + 3 {op} \\\\ 4 = 20 \\end{{multline}}\n")[-1] == "wrong"
