"""The audit's derivative items (audit/items_deriv.py) and their independent judge
(audit/independent_deriv.py): the judge, which shares no code with the checker, agrees with the
truth each item was built with; planted variants are false; hand-written cases."""

import random

import pytest

from convproof.audit.independent import available, judge
from convproof.audit.independent_context import judge_in_context
from convproof.audit.independent_deriv import judge_derivative
from convproof.audit.items_deriv import DERIV_BUILDERS

pytestmark = pytest.mark.skipif(not available(), reason="needs the lark LaTeX parser")


def _judged(item):
    if not item.multiline:
        return judge(item.body, True)
    *rows, last = item.body.split("\\\\\n")
    return judge_in_context(last, "$$\\begin{aligned}\n" + "\\\\\n".join(rows) + "\\\\\n")


@pytest.mark.parametrize("kind", sorted(DERIV_BUILDERS))
@pytest.mark.parametrize("planted", [False, True])
def test_judge_agrees_with_the_built_truth(kind, planted):
    rng = random.Random(f"deriv/{kind}/{planted}")
    for _ in range(4):
        item = DERIV_BUILDERS[kind](rng, None, "value" if planted else None)
        assert item.true is not planted
        assert _judged(item) == ("false" if planted else "true"), item.body


@pytest.mark.parametrize("text, verdict", [
    (r"\sigma'(z) = \sigma(z)\sigma(-z)", "true"),
    (r"\tanh'(z) = 1 - \tanh^2(-z)", "true"),
    (r"\tanh'(z) = 1 - \tanh(z)", "false"),
    (r"\operatorname{ReLU}'(z) = 0, \quad -z < 0", "false"),
    (r"\operatorname{ReLU}'(z) = 0, \quad z < 1", "undecided"),
])
def test_activation_cases(text, verdict):
    assert judge_derivative(text) == verdict


STEP = (r"$$x = 2, \quad w = 3, \quad b = 1, \quad t = 4$$ $$z = w x + b$$ "
        r"$$L = \frac{1}{2}(z - t)^2$$")


@pytest.mark.parametrize("text, prefix, verdict", [
    (r"\frac{\partial L}{\partial w} = (z - t) x = 6", STEP, "true"),
    (r"\frac{\partial L}{\partial w} = (z - t) w = 9", STEP, "false"),
    (r"\frac{\partial L}{\partial w} = \frac{\partial L}{\partial z} \frac{\partial z}{\partial w}",
     STEP, "true"),
    (r"\frac{\partial L}{\partial w} = \frac{\partial L}{\partial z} \frac{\partial z}{\partial b}",
     STEP, "false"),
    (r"\frac{\partial L}{\partial y} = y - t", "", "undecided"),     # no definition of L
])
def test_context_cases(text, prefix, verdict):
    assert judge_in_context(text, prefix) == verdict


def test_the_seed_graph_is_read():
    """Seed 002: a chain-rule mutant that is still true (dv4/dv3 = dv3/dv3 = 1) is judged
    true from the document's own definitions (aligned formulas, vectors, printed values)."""
    from pathlib import Path
    seed = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "002_b7471a62d56a73d3.txt"
    if not seed.is_file():
        pytest.skip("seed documents not present")
    text = seed.read_text(encoding="utf-8")
    prefix = text[:text.index(r"$$\frac{\partial L}{\partial v_3} = ")]
    stmt = (r"\frac{\partial L}{\partial v_3} = \frac{\partial L}{\partial v_4} \cdot "
            r"\frac{\partial v_3}{\partial v_3} = 0.5022")
    assert judge_in_context(stmt, prefix) == "true"
    assert judge_in_context(stmt.replace("0.5022", "0.6022"), prefix) == "false"


def test_other_statements_are_left_to_the_caller():
    assert judge_derivative("2 + 2 = 4") is None
    assert judge_in_context("2 + 2 = 4", "") is None
