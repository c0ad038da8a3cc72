"""Kinds of unread statements that are no claims (:mod:`convproof.check.unread`): questions,
unfinished steps, definitions of new names by formulas that are not computed, named formulas.
Their status stays ``unchecked``; a statement with more links, an update rule or a name defined
before is not called a definition."""

from __future__ import annotations

import pytest

from convproof.check.document import check_text


def _last(text: str):
    rep = check_text(text, "md", "x.md")
    return rep.equations[-1]


@pytest.mark.parametrize("body, kind", [
    (r"L(y, \tilde{y}) = -\frac{1}{n} \sum_{i=1}^n \tilde{y}_i \log y_i", "definition"),
    (r"CrossEntropy = - \sum_{i=1}^n t_i \cdot \ln(y_i)", "definition"),
    (r"\text{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^n e^{z_j}}", "definition"),
    (r"l_{batch} = \frac{1}{m} \sum_{j=1}^m l(f(x_j), y_j)", "definition"),
    (r"\langle input * filter \rangle(i, j) = \sum_{x=0}^{f_w} \sum_{y=0}^{f_h} input(i - x, j - y) \cdot filter(x, y)", "definition"),
    (r"MSE: (y - t)^2", "definition"),
    (r"y = 2 \cdot 3 + ?", "question"),
    (r"y = 2 \cdot 3 +", "unfinished"),
], ids=["loss", "word", "softmax", "l-batch", "operation", "named", "question", "unfinished"])
def test_non_claims_get_their_kind(body, kind):
    res = _last(f"$${body}$$\n")
    assert res.status == "unchecked" and res.kind == kind, (res.kind, res.message)


@pytest.mark.parametrize("text", [
    r"$$L = L(\theta) = \frac{1}{n} \sum_{i=1}^n l_i$$",                       # more links: a claim
    r"$$\theta^{i+1} = \theta^i - \alpha \sum_{j=1}^m g_j$$",                   # an update rule
    r"$$X_{ij} = \sum_{u=1}^{p} X_{i+u-1, j} F_{u} + b$$",                      # in terms of itself
    "$$L = 3$$\n\n" + r"$$L = \frac{1}{n} \sum_{i=1}^n l_i$$",                  # L defined before
    r"$$S = \sum_{i=1}^n i \le n^2$$",                                          # another relation
], ids=["links", "update", "itself", "defined-before", "inequality"])
def test_claims_are_not_called_definitions(text):
    res = _last(text + "\n")
    assert res.kind != "definition" and res.status != "holds", (res.kind, res.message)


@pytest.mark.parametrize("text, kind", [
    ("Let $K = 3$.\n\nA special case of grouped convolution when $M = K = g$ (groups).\n", "condition"),
    ("Частный случай групповой свертки при  $M = K = g$  (число групп).\n", "condition"),
    ("$$f(x_i, W, b) = Wx_i + b,$$\n", "definition"),
    (r"$(f * g)(t) := \int_{-\infty}^{\infty} f(\tau)g(t - \tau) d\tau$" + "\n", "definition"),
], ids=["when", "pri", "function", "operation-integral"])
def test_conditions_and_new_functions(text, kind):
    res = _last(text)
    assert res.status == "unchecked" and res.kind == kind, (res.kind, res.message)


def test_a_relation_after_plain_prose_is_no_condition():
    res = _last("Then $M = K = g$ follows.\n")
    assert res.kind != "condition"
    res = _last("$$g(x) = 2x$$\n\n$$g(x, W) = W x$$\n")  # g defined before: not a new function
    assert res.kind != "definition" or "new function" not in res.message


def test_an_index_range_is_a_condition():
    res = _last(r"$$Y_{ij}^k = \sum_{u,v=1}^{p,q} X_{i+u-1,j+v-1}^k \cdot F_{uv}^k + b^k, \quad \forall k = 1 \dots K$$" + "\n")
    assert res.kind == "condition" and res.status == "unchecked", res.message
    res = _last(r"$$k = 1 + 2 \dots$$" + "\n")
    assert res.kind != "condition"
