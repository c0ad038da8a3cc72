"""Plain-prose arithmetic (convproof.check.prose): read in Markdown and plain text, off for LaTeX."""

from __future__ import annotations

import pytest

from convproof.check import check_text
from convproof.check.prose import check_prose


def _verdicts(text: str):
    return [(r.status, text[s:e]) for s, e, r in check_prose(text, [])]


@pytest.mark.parametrize("text, status", [
    ("в первом слое 55*55*96 = 290 400 нейронов", "holds"),
    ("в первом слое 55*55*96 = 290 500 нейронов", "wrong"),
    ("(227-11)/4+1 = 55 positions", "holds"),
    ("(227-11)/4+1 = 56 positions", "wrong"),
    ("(227−11)/4+1 = 55", "holds"),
    ("each has 11 x 11 x 3 = 363 weights", "holds"),
    ("each has 11 × 11 × 3 = 364 weights", "wrong"),
    ("290400 * 364 = 105\u2009705\u2009600", "holds"),
    ("0.5 * 0.3 = 0.15", "holds"),
    ("1 / 3 = 0.33", "holds"),
    ("1 / 3 = 0.34", "wrong"),
    ("(5?3+1)/1+1 = 5", "wrong"),        # no reading of the lost character gives 5
    ("(227?11)/4+1 = 55", "unchecked"),  # true only if '?' is a minus
    ("55*55*96 = 290?400", "holds"),
])
def test_prose_claims(text, status):
    found = _verdicts(text)
    assert len(found) == 1 and found[0][0] == status, found


@pytest.mark.parametrize("text", ["x = 3, y = 4", "see eq. 2 = 3", "W=10", "version 1.2 = 1.2", "[32x32x3]",
                                  "0,5*2 = 1", "-2+3 = 1", "3 - 5 = -2", "2*2 = 4^2", "1e-3*2 = 0.002",
                                  "50%*2 = 1", "f(2) = 4"])
def test_not_claims(text):
    assert _verdicts(text) == []


def test_lost_character_wrong_names_every_reading():
    (_, _, res), = check_prose("(5?3+1)/2+1 = 3", [])
    assert res.status == "wrong" and "read as -: 5/2" in res.message and "read as *: 9" in res.message


def test_prose_on_for_markdown_off_for_latex_and_a_flag_chooses():
    md = "We get 2*3 = 7 here.\n\n$$ 1 + 1 = 2 $$\n"
    assert [e.status for e in check_text(md, "md", "x.md").equations] == ["wrong", "holds"]
    assert [e.status for e in check_text(md, "md", "x.md", prose=False).equations] == ["holds"]
    tex = "We get 2*3 = 7 here.\n\\[ 1 + 1 = 2 \\]\n"
    assert [e.status for e in check_text(tex, "tex", "x.tex").equations] == ["holds"]
    assert [e.status for e in check_text(tex, "tex", "x.tex", prose=True).equations] == ["wrong", "holds"]


def test_math_is_not_read_twice():
    rep = check_text("Inline $2 + 2 = 5$ here.", "md", "x.md")
    assert [(e.status, e.kind) for e in rep.equations] == [("wrong", "arithmetic")]


@pytest.mark.parametrize("text", [
    "memory:  224*224*3=150K   weights: 0",            # a magnitude suffix (cs231n's VGG table): not read
    "memory:  224*224*64=3.2M",
    "a width of 3*4 = 12px",                            # a unit
    r"784 \cdot 1000 + 1000 + 1000 \cdot 10 + 10 = 795010",  # LaTeX the extractor did not see: a tail
    r"\frac{1}{9} \cdot (12 + 12 + 17) = 17.3",
    "a - 2*3 = 7",                                      # the tail of a longer expression
])
def test_tails_and_magnitudes_are_not_claims(text):
    assert _verdicts(text) == []


@pytest.mark.parametrize("text, status", [
    ("- 55*55*96 = 290 400", "holds"),                  # a bullet is not an operator
    ("* 2*3 = 7", "wrong"),
    ("224*224*3=150528 values", "holds"),
    ("224*224*3=150529 values", "wrong"),
])
def test_bullets_and_plain_results_still_read(text, status):
    assert [v[0] for v in _verdicts(text)] == [status]
