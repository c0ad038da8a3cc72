"""The audit's derivative items (audit/items_deriv.py) and their independent judge
(audit/independent_deriv.py): the judge, which shares no code with the checker, agrees with the
truth each item was built with; planted variants are false; hand-written cases."""

import random

import pytest

from convproof.audit.independent import available, judge
from convproof.audit.independent_deriv import judge_derivative
from convproof.audit.items_deriv import DERIV_BUILDERS

pytestmark = pytest.mark.skipif(not available(), reason="needs the lark LaTeX parser")


def _judged(item):
    if not item.multiline:
        return judge(item.body, True)
    *rows, last = item.body.split("\\\\\n")
    return judge_derivative(last, "\\\\\n".join(rows) + "\\\\")


@pytest.mark.parametrize("kind", sorted(DERIV_BUILDERS))
@pytest.mark.parametrize("planted", [False, True])
def test_judge_agrees_with_the_built_truth(kind, planted):
    rng = random.Random(f"deriv/{kind}/{planted}")
    for _ in range(6):
        item = DERIV_BUILDERS[kind](rng, None, "value" if planted else None)
        assert item.true is not planted
        assert _judged(item) == ("false" if planted else "true"), item.body


@pytest.mark.parametrize("text, context, verdict", [
    (r"\sigma'(z) = \sigma(z)\sigma(-z)", "", "true"),
    (r"\tanh'(z) = 1 - \tanh^2(-z)", "", "true"),
    (r"\tanh'(z) = 1 - \tanh(z)", "", "false"),
    (r"\operatorname{ReLU}'(z) = 0, \quad -z < 0", "", "false"),
    (r"\operatorname{ReLU}'(z) = 0, \quad z < 1", "", "undecided"),
    (r"\frac{\partial L}{\partial w} = (z - t) x = 6",
     r"x = 2, \quad w = 3, \quad b = 1, \quad t = 4 \\ z = w x + b \\ L = \frac{1}{2}(z - t)^2 \\",
     "true"),
    (r"\frac{\partial L}{\partial w} = (z - t) w = 9",
     r"x = 2, \quad w = 3, \quad b = 1, \quad t = 4 \\ z = w x + b \\ L = \frac{1}{2}(z - t)^2 \\",
     "false"),
    (r"\frac{\partial L}{\partial y} = y - t", "", "undecided"),     # no definition of L
])
def test_hand_cases(text, context, verdict):
    assert judge_derivative(text, context) == verdict


def test_other_statements_are_left_to_the_caller():
    assert judge_derivative("2 + 2 = 4") is None
