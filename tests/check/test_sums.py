"""Sums (convproof.check.sums): numeric bounds written out and evaluated exactly; index sums
identified (never ``holds``)."""

from __future__ import annotations

import pytest

from convproof.check import check_text
from convproof.check.sums import MAX_TERMS, expand_sums, index_sum_note

BINDINGS = "Let $w_1 = 1, w_2 = 2, w_3 = 0.5$ and $x_1 = 0, x_2 = 0.25, x_3 = -1$, $b = 0.5$."


def _last(body: str, fmt: str = "md"):
    if fmt == "md":
        text = f"{BINDINGS}\n\n$$ {body} $$\n"
    else:
        text = f"\\documentclass{{article}}\\begin{{document}}\n{BINDINGS}\n\\[ {body} \\]\n\\end{{document}}\n"
    return check_text(text, fmt, f"x.{fmt}").equations[-1]


@pytest.mark.parametrize("fmt", ["md", "tex"])
@pytest.mark.parametrize("body, status", [
    (r"\sum_{i=1}^{4} i^2 = 30", "holds"),
    (r"\sum_{i=1}^{4} i^2 = 31", "wrong"),
    (r"\sum_{i=0}^{3} 2^{i} = 15", "holds"),
    (r"\sum_{i=0}^{3} 2^{i} = 16", "wrong"),
    (r"\sum_{i=1}^{3} \sum_{j=1}^{2} (i + j) = 21", "holds"),
    (r"\sum_{i=1}^{3} \sum_{j=1}^{2} (i + j) = 20", "wrong"),
    (r"\sum_{i=1}^{3} \sum_{j=1}^{i} j = 10", "holds"),
    (r"y = \sum_{i=1}^{3} w_i x_i + b = 0.5", "holds"),
    (r"y = \sum_{i=1}^{3} w_i x_i + b = 1", "wrong"),
    (r"\sum\limits_{i=1}^{2} w_{i+1} = 2.5", "holds"),
    (r"\sum\limits_{i=1}^{2} w_{i+1} = 3", "wrong"),
])
def test_numeric_sums_are_evaluated_exactly(body, status, fmt):
    res = _last(body, fmt)
    assert res.status == status, res.message
    assert "written out term by term" in res.message and res.fixes == []


def test_expansion_is_token_based():
    assert expand_sums(r"\sum_{i=1}^{2} w_i x_{i+1} + b = 3") == "{(w_1 x_{2}) + (w_2 x_{3})} + b = 3"
    assert expand_sums(r"\sum_{i=1}^{n} w_i = 3") is None          # symbolic bound: not expanded
    assert expand_sums(rf"\sum_{{i=1}}^{{{MAX_TERMS + 1}}} i = 0") is None
    assert expand_sums("a + b = c") is None


@pytest.mark.parametrize("body, kind", [
    (r"z_{rc} = \sum_{i=1}^{F_h} \sum_{j=1}^{F_w} Y_{(r+i-1)(c+j-1)} F_{ij} + b", "cross-correlation, 1-based"),
    (r"O_{ij} = \sum_{m}\sum_{n} X_{i+m, j+n} K_{mn}", "cross-correlation, 0-based"),
    (r"C_{ij} = \sum_{x=1}^k \sum_{y=1}^l A_{i-x+1, j-y+1} K_{xy}", "flipped-kernel convolution"),
    (r"\frac{\partial L}{\partial f_{ab}} = \sum_{i,j} g_{ij} y_{i+a-1,j+b-1}", "cross-correlation, 1-based"),
])
def test_index_sums_are_proven_with_the_convention_named(body, kind):
    res = _last(body)  # proven for all sizes by check/indexconv.py (tests/test_check_multichannel.py)
    assert res.status == "holds" and res.kind == "index-sum", res.message
    assert kind in res.message and "proven for every size" in res.message


def test_channel_indexed_bias_outside_its_sum_is_named():
    body = (r"z_{rc} = \sum_{i=1}^{F_h} \sum_{j=1}^{F_w} \sum_{d=1}^{D} Y_{(r+i-1)(c+j-1)d} F_{ijd} + b_d")
    assert "the bias b_d is indexed by the summation index d" in index_sum_note(body)
    assert "bias" not in index_sum_note(body.replace("b_d", "b"))


def test_gradient_sum_is_named_as_kernel_gradient():
    note = index_sum_note(r"\frac{\partial L}{\partial f_{ab}} = \sum_{i,j} g_{ij} y_{i+a-1,j+b-1}")
    assert "kernel-gradient entry" in note


@pytest.mark.parametrize("body, status", [
    (r"\sum_{i=0}^{5} (2 i + 1) = 36", "holds"), (r"\sum_{i=0}^{5} (2 i + 1) = 35", "wrong"),
    (r"\sum_{i=1}^{3} \sum_{j=1}^{2} (i - 1) i j = 24", "holds"), (r"\sum_{i=1}^{3} \sum_{j=1}^{2} (i - 1) i j = 25", "wrong"),
])
def test_index_next_to_a_number_is_a_product(body, status):
    assert _last(body).status == status
