"""A value stated after the claim it applies to is used for it: ``x^2 = 4 \\quad \\text{for } x = 3``
*held* with an ``x = 2`` bound two displays up; ``$x^2 = 9$ for $x = 3$`` likewise in prose.
Also the words that separate two statements of a display (``\\text{ at }``, ``then``, ``since``)."""

from __future__ import annotations

import pytest

from convproof.check.conditions import conditions_first, simple_definition
from convproof.check.document import check_text
from convproof.check.split import statements


def _claims(doc: str) -> list[tuple[int, str]]:
    """(line, status) of every statement that is not a definition."""
    return [(r.line, r.status) for r in check_text(doc, "md", "doc").equations if r.kind != "definition"]


STALE = "Let $x = 2$. Then $x^2 = 4$.\n\n"


@pytest.mark.parametrize("display, status", [
    (r"x^2 = 4 \quad \text{for } x = 3", "wrong"), (r"x^2 = 9 \quad \text{for } x = 3", "holds"),
    (r"y = 2x + 1 = 7 \text{ at } x = 3", "holds"),
    (r"s = x + y = 5 \quad \text{where } x = 2, \; y = 3", "holds"),
    (r"s = x + y = 6 \quad \text{where } x = 2, \; y = 3", "wrong"),
    (r"y = 2x + 1 = 8 \text{ at } x = 3", "wrong"), (r"x^2 = 4 \text{ when } x = -2", "holds"),
])
def test_a_value_after_the_claim_in_the_display_is_used(display, status):
    assert _claims(STALE + f"$${display}$$\n") == [(1, "holds"), (3, status)]


@pytest.mark.parametrize("prose, status", [
    ("$x^2 = 9$ for $x = 3$.", "holds"), ("$x^2 = 4$ for $x = 3$.", "wrong"),
    ("$x + 1 = 7$ (with $x = 5$).", "wrong"), ("$y = 2x + 1 = 11$ при $x = 5$.", "holds"),
    ("$x^2 = 4$, and then $x = 3$.", "holds"),     # not a condition phrase: read in order
])
def test_a_value_in_the_next_inline_formula_after_a_condition_word(prose, status):
    assert _claims(STALE + prose + "\n")[1] == (3, status)


def test_a_display_that_defines_the_name_first_is_read_in_order():
    doc = "$$x = 2, \\quad x^2 = 4, \\quad x = 3, \\quad x^2 = 9$$\n\n$$x = 2, \\quad x^2 = 4, \\quad x = 3, \\quad x^2 = 4$$\n"
    assert _claims(doc) == [(1, "holds"), (1, "holds"), (3, "holds"), (3, "wrong")]


@pytest.mark.parametrize("display", [r"x^2 = 9, \quad x = 3", r"G = 2,\ oc = 2,\ c = 0"])
def test_a_later_value_without_a_condition_word_is_not_used_nor_the_earlier_one(display):
    # x^2 = 9 held with the stale x = 2 of STALE... now neither x = 2 nor x = 3 is used for it;
    # oc = 2 (a name "oc", or o times c?) was wrong once c = 0 was moved before it
    assert _claims(STALE + "Let $c = 5$.\n\n" + f"$${display}$$\n")[1:] in ([(5, "unchecked")], [])


def test_conditions_first_moves_definitions_after_a_condition_word():
    text = r"s = a + b = 5 \quad \text{where } a = 2, \quad b = 3"
    chains, _ = statements(text)
    order = conditions_first(chains, text)
    assert [simple_definition(c) for c in order] == ["a", "b", None]
    text = r"s = a + b = 5, \quad a = 2, \quad b = 3"
    chains, _ = statements(text)
    assert conditions_first(chains, text) == chains and chains[0].later == {"a", "b"}
    chains, _ = statements(r"a = 2 + 1, \quad a^2 = 9")
    assert conditions_first(chains) == chains


SIZES = "Take $n = 5$, $k = 3$ and $p = 0$: the output has $n + 2p - k + 1 = 3$ entries.\n\n"


@pytest.mark.parametrize("text", [
    "To keep the size we need $n + 2p - k + 1 = n$ for $p = (k - 1)/2$.\n",
    "$$n + 2p - k + 1 = n \\quad \\text{for } p = (k - 1)/2$$\n",
])
def test_a_formula_stated_after_a_condition_word_is_used(text):
    # it was wrong: evaluated with the p = 0 of the example above
    assert _claims(SIZES + text) == [(1, "holds"), (3, "holds")]


def test_a_formula_after_a_comma_only_is_read_in_order():
    chains, _ = statements(r"y = 2x = 4, \quad x = y / 2")
    assert conditions_first(chains, r"y = 2x = 4, \quad x = y / 2") == chains
