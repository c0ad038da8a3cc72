"""Every convproof.nn statement is registered and proven in quick mode."""

import pytest

from convproof.verify import evaluate, load_builtin

load_builtin()
from convproof.seeds.statements import STATEMENTS  # noqa: E402

NAMES = [s.name for s in STATEMENTS]


def test_names_are_stable_and_unique():
    assert len(NAMES) == len(set(NAMES)) >= 30
    for required in ("dense.backward", "activation.sigmoid_derivative", "alexnet.conv1_output",
                     "deformable.gradients", "graphconv.polynomial_filter", "optim.gd_regimes"):
        assert required in NAMES


@pytest.mark.parametrize("stmt", STATEMENTS, ids=NAMES)
def test_statement_proven(stmt):
    result = evaluate(stmt, "quick")
    assert result.status == "proven", (result.reason, result.counterexample and result.counterexample.text())
