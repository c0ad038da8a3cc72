"""Mutation of the new statement kinds (size formulas, 'same' padding, numeric sums): every
single change of an accepted statement must stop being accepted unless the checker-independent
judge shows it is still true (convproof.audit.harness on a generated document)."""

from __future__ import annotations

import random

import pytest

from convproof.audit.harness import mutation_outcomes
from convproof.audit.independent import available
from convproof.audit.items_size import numeric_sum, size_formula
from convproof.audit.notation import ItemStyle

pytestmark = [pytest.mark.soundness, pytest.mark.skipif(not available(), reason="needs SymPy's lark parser")]


def _document(fmt: str) -> str:
    rng = random.Random(f"new-kinds/{fmt}")
    items = [size_formula(rng, ItemStyle()) for _ in range(6)] + [numeric_sum(rng, ItemStyle()) for _ in range(3)]
    parts = []
    for i, it in enumerate(items):
        head = f"\\subsection*{{Example {i}}}" if fmt == "tex" else f"## Example {i}"
        math = f"\\[ {it.body} \\]" if fmt == "tex" else f"$$ {it.body} $$"
        parts.append(f"{head}\n\n{it.prose}\nWe obtain:\n\n{math}\n")
    return "\n".join(parts)


@pytest.mark.parametrize("fmt", ["md", "tex"])
def test_no_mutant_of_a_new_kind_survives(fmt):
    out = mutation_outcomes(f"new.{fmt}", _document(fmt), fmt, identities=True, max_statements=9,
                            per_kind=1, cap=2, seed=17)
    assert sum(m.outcome == "killed" for m in out) >= 10
    bad = [f"{m.kind}: {m.mutant[:80]} -> {m.message[:80]}" for m in out if m.outcome.startswith("survivor")]
    assert not bad, "\n".join(bad)


def test_numeric_sum_items_are_right_or_planted():
    rng = random.Random(3)
    from convproof.check import check_text
    for i in range(8):
        it = numeric_sum(rng, ItemStyle(), None if i % 2 else "value")
        (res,) = check_text(f"$$ {it.body} $$", "md", "x.md").equations
        assert res.status == ("holds" if it.true else "wrong"), (it.body, res.message)
