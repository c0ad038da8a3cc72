"""MyST directives with a Markdown body (convproof.check.myst): their math is read, code stays code."""

from __future__ import annotations

import pytest

from convproof.check import check_text
from convproof.check.extract import extract


def _texts(doc: str) -> list:
    return [e.text.strip() for e in extract(doc, "md")]


@pytest.mark.parametrize("opening", ["```{dropdown} Решение", "```{admonition} Note", "````{note}", "~~~{tip}",
                                     "```{prf:proof}", "```  {solution} ex-1"])
def test_markdown_directive_bodies_are_read(opening):
    run = opening.split("{")[0].strip()
    doc = f"Text\n{opening}\n:class: dropdown\nSo $$ 2 + 2 = 4 $$ and $x = 1$.\n{run}\nAfter $$ 3 = 3 $$\n"
    assert _texts(doc) == ["2 + 2 = 4", "x = 1", "3 = 3"]


@pytest.mark.parametrize("opening", ["```python", "```{code-cell} ipython3", "```{math}", "```{raw} html", "```"])
def test_code_and_code_like_directives_stay_skipped(opening):
    doc = f"{opening}\nx = $$ 2 + 2 = 5 $$\n```\nAfter $$ 3 = 3 $$\n"
    assert _texts(doc) == ["3 = 3"]


def test_nested_fences_and_a_code_block_inside_a_dropdown():
    doc = ("````{tab-set}\n```{tab-item} A\n$$ 1 + 1 = 2 $$\n```\n````\n"
           "```{dropdown} Code\n$$ 2 + 2 = 4 $$\n```\n\n```python\ny = '$$ 9 = 8 $$'\n```\nLast $$ 5 = 5 $$\n")
    assert _texts(doc) == ["1 + 1 = 2", "2 + 2 = 4", "5 = 5"]


def test_a_wrong_claim_in_a_dropdown_is_found_where_it_is():
    doc = "# Задача\n\n```{dropdown} Решение\nИтого\n$$\n784 \\cdot 1000 + 1000 = 785001\n$$\n```\n"
    rep = check_text(doc, "md", "book.md")
    assert [(e.line, e.status) for e in rep.equations] == [(5, "wrong")]
