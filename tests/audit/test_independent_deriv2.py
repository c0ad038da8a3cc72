"""The audit's derivative-operator and activation-cases items (audit/items_deriv2.py) and their
independent judge (audit/independent_deriv2.py): every generated item, true or planted, is
decided by the judge as its truth says, and the checker agrees (never holds on a false one,
never wrong on a true one)."""

import random

import pytest

from convproof.audit.independent_deriv2 import judge_diff2
from convproof.audit.items_deriv2 import DERIV2_BUILDERS
from convproof.check import check_text


def _items():
    seen = {}
    for build in DERIV2_BUILDERS.values():
        for error in (None, "value"):
            for seed in range(25):
                item = build(random.Random(seed), None, error)
                seen.setdefault(item.body, item)
    return list(seen.values())


ITEMS = _items()


def test_both_truths_are_generated():
    assert {it.true for it in ITEMS} == {True, False} and len(ITEMS) >= 15


@pytest.mark.parametrize("item", ITEMS, ids=lambda it: it.body[:60])
def test_judge_and_checker_agree_with_the_truth(item):
    assert judge_diff2(item.body) == ("true" if item.true else "false")
    status = check_text(f"$${item.body}$$", "md", "t").equations[-1].status
    assert status == ("holds" if item.true else "wrong")


@pytest.mark.parametrize("text", [
    r"\operatorname{ReLU}'(x) = \begin{cases} 1 & x + x > 0 \\ 0 & x < 0 \end{cases}",
    r"\operatorname{HardTanh}'(-x) = \begin{cases} 1 & -1 < x < 1 \\ 0 & \text{otherwise} "
    r"\end{cases}",
])
def test_judge_decides_equivalent_rewritings(text):
    assert judge_diff2(text) == "true"


def test_judge_leaves_other_statements():
    assert judge_diff2("a = b") is None
    assert judge_diff2(r"\frac{d}{dx}\left(f(x)\right) = 2") == "undecided"
