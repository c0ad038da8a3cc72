"""Commas in numbers: ``0{,}5`` and ``1,5`` are decimal commas (Russian notes), ``1{,}000{,}000`` and
``1,000,000`` grouped thousands; ``1{,}024`` / ``1,024`` could be either, so such an equation is not read
(it was read as 1.024, and a correct English sum was called wrong)."""

from __future__ import annotations

import pytest

from convproof.check.document import check_text
from convproof.check.lexer import LexError, tokenize


def _results(math: str) -> list[tuple[str, str]]:
    return [(r.status, r.message) for r in check_text(f"$$ {math} $$\n", "md", "doc").equations]


@pytest.mark.parametrize("math", [r"1,000 + 24 = 1,024", r"1{,}000 + 24 = 1{,}024", r"x = 2{,}500 \cdot 2"])
def test_a_lone_group_of_three_digits_is_not_read_either_way(math):
    [(status, message)] = _results(math)
    assert status == "unchecked" and "thousands separator" in message and "decimal comma" in message


@pytest.mark.parametrize("math, status", [
    (r"1{,}000{,}000 + 24 = 1{,}000{,}024", "holds"), (r"1{,}000{,}000 + 24 = 1{,}000{,}025", "wrong"),
    (r"1,000,000 + 1 = 1,000,001", "holds"), (r"1,000,000 + 1 = 1,000,002", "wrong"),
    (r"1{,}000.5 \cdot 2 = 2001", "holds"), (r"1,000.5 \cdot 2 = 2002", "wrong"),
    (r"0{,}5 \cdot 4 = 2", "holds"), (r"1,5 \cdot 2 = 3", "holds"), (r"2,25 = 1,5^2", "holds"),
    (r"0{,}125 \cdot 8 = 1", "holds"), (r"1,5 \cdot 2 = 4", "wrong"), (r"12{,}5 \cdot 2 = 26", "wrong"),
])
def test_grouped_thousands_and_decimal_commas_are_computed(math, status):
    assert [s for s, _ in _results(math)] == [status]


def test_the_lexer_reads_braced_commas():
    assert [t.text for t in tokenize(r"0{,}5 + 1{,}000{,}000 + 1{,}000.25")] == ["0.5", "+", "1000000", "+", "1000.25"]
    with pytest.raises(LexError, match="1024"):
        tokenize(r"1{,}024")
