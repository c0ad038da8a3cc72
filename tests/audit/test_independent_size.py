"""The audit's independent judge of size formulas (convproof.audit.independent_size) agrees with the
corpus's own truth and never reads what is not in its table."""

from __future__ import annotations

import random

import pytest

from convproof.audit.independent import available
from convproof.audit.items_size import size_formula
from convproof.audit.notation import ItemStyle
from convproof.audit.independent_size import judge_size

pytestmark = pytest.mark.skipif(not available(), reason="needs SymPy's lark LaTeX parser")


def test_judge_agrees_with_corpus_truth():
    rng = random.Random(5)
    for i in range(16):
        item = size_formula(rng, ItemStyle(), None if i % 2 else "value")
        assert judge_size(item.body) == ("true" if item.true else "false"), item.body


@pytest.mark.parametrize("text, verdict", [
    (r"o = \left\lceil \frac{i - k + 1}{s} \right\rceil", "true"),   # the padding dropped: still true (p = 0)
    (r"o' = s(i' - 1) + a + k", "true"),
    (r"o = i + k - 1", "false"),
    (r"y = x + 1", None),                                              # not a size formula
    (r"o = i - q + 1", None),                                          # a name outside the table
])
def test_judge_cases(text, verdict):
    assert judge_size(text) == verdict


@pytest.mark.parametrize("text, verdict", [
    (r"p = \frac{k - 1}{2}", "true"), (r"p = \frac{d(k - 1)}{2}", "true"), (r"P = \frac{F}{2}", "false"),
    (r"P = 1", None),
])
def test_same_padding_judged_for_odd_kernels(text, verdict):
    assert judge_size(text) == verdict
