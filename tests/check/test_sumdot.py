"""A sum over a symbolic length against a dot product (:mod:`convproof.check.sumdot`)."""

from __future__ import annotations

import pytest

from convproof.check.document import check_text


def _last(body: str):
    return check_text(f"$${body}$$\n", "md", "x.md").equations[-1]


@pytest.mark.parametrize("body", [
    r"y = f\left(\sum_{i=1}^n w_i \cdot x_i + b\right) = f(w^T \cdot x + b)",
    r"\sum_{i=1}^n w_i x_i + b = w^T x + b",
    r"\sum_{j=1}^{m} x_j w_j = w^\top x",
], ids=["seed-002-45", "plain", "other-letters"])
def test_sum_equals_dot_product(body):
    res = _last(body)
    assert res.status == "holds" and "dot product" in res.message, res.message


@pytest.mark.parametrize("body", [
    r"\sum_{i=1}^{n} w_i x_{i+1} = w^T x",       # shifted index
    r"\sum_{i=1}^{n} w_i x_i = w^T x + 1",        # an extra term
    r"\sum_{i=1}^{n} w_i x_i = x^T x",            # another product
], ids=["shifted", "extra", "product"])
def test_planted_errors_are_wrong(body):
    assert _last(body).status == "wrong"


@pytest.mark.parametrize("body", [
    r"y = f\left(\sum_{i=1}^n w_i \cdot x_{i+1} + b\right) = f(w^T \cdot x + b)",  # f unknown: no finding
    r"\sum_{i=0}^{n} w_i x_i = w^T x",             # bound from 0: not read here
    r"\sum_{i=1}^{n} w_i w_i = w^T x",             # x not a vector of the sum: not judged
], ids=["inside-unknown-f", "from-zero", "unknown-vector"])
def test_not_judged(body):
    assert _last(body).status == "unchecked"


def test_the_independent_judge_agrees():
    from convproof.audit.independent_sumdot import judge_sum_dot
    assert judge_sum_dot(r"\sum_{i=1}^n w_i x_i + b = w^T x + b") == "true"
    assert judge_sum_dot(r"\sum_{i=1}^{n} w_i x_{i+1} = w^T x") == "false"
    assert judge_sum_dot(r"y = f\left(\sum_{i=1}^n w_i x_i\right) = f(w^T x)") is None
