"""Grouped / centered index-sum corpus items: the independent judge's truth against the checker."""

import random

import pytest

from convproof.audit.independent_indexmore import judge_index_more
from convproof.audit.items_indexmore import INDEXMORE_BUILDERS
from convproof.audit.notation import ItemStyle
from convproof.check.indexmore import check_index_more


@pytest.mark.parametrize("kind", sorted(INDEXMORE_BUILDERS))
@pytest.mark.parametrize("seed", range(6))
def test_correct_items_are_true_and_hold(kind, seed):
    item = INDEXMORE_BUILDERS[kind](random.Random(seed), ItemStyle())
    assert item.true
    res = check_index_more(item.body, item.prose)
    assert res is not None and res.status == "holds", (item.body, res)


@pytest.mark.parametrize("kind", sorted(INDEXMORE_BUILDERS))
@pytest.mark.parametrize("seed", range(8))
def test_planted_items_never_hold_when_false(kind, seed):
    item = INDEXMORE_BUILDERS[kind](random.Random(seed), ItemStyle(), error="entry")
    res = check_index_more(item.body, item.prose)
    if not item.true:
        assert res is None or res.status != "holds", item.body
    else:
        assert res is not None and res.status == "holds", item.body


@pytest.mark.parametrize("text", [r"y = \sum_{i=1}^{n} x_i", r"[\mathbf{H}]_{i, j} = u"])
def test_judge_leaves_other_statements_alone(text):
    assert judge_index_more(text) is None
