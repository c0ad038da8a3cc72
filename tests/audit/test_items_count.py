"""Count-formula corpus items: truth from plain integers agrees with the independent judge and the
checker catches every planted error (bias readings: the equation alone cannot say, see below)."""

from __future__ import annotations

import random

from convproof.audit.independent_count import judge_count
from convproof.audit.items_count import FORMS, _holds_on_grid, count_formula
from convproof.check.parse import parse_chain
from convproof.check.sizeformula import check_size_formula


def test_both_right_and_wrong_forms_exist_for_each_target():
    for target in ("params", "macs", "rf"):
        truths = {_holds_on_grid(*f) for f in FORMS if f[0] == target}
        assert truths == {True, False}


def test_items_judged_and_checked_consistently():
    rng = random.Random(7)
    for i in range(60):
        item = count_formula(rng, None, None if i % 2 else "value")
        res = check_size_formula(parse_chain(item.body), item.prose + "\n" + item.body)
        assert res is not None and res.status == ("holds" if item.true else "wrong"), item.body
        verdict = judge_count(item.body)
        if item.true or "bias" not in item.prose:
            assert verdict == ("true" if item.true else "false"), item.body
        else:  # wrong only against the bias reading the prose states: the bare equation is one reading
            assert verdict in ("true", "false")


def test_judge_rejects_what_it_does_not_know():
    assert judge_count(r"N = (k^2 C_{in} + 1) Q") is None
    assert judge_count(r"M = k^2") is None
    assert judge_count(r"\text{MACs} = H_\text{out} W_\text{out} C_\text{in} k C_\text{out}") == "false"


def test_size_items_in_text_notation_are_judged_and_checked():
    from convproof.audit.independent_size import judge_size
    from convproof.audit.items_size import size_formula
    from convproof.audit.notation import ItemStyle
    rng, seen = random.Random(5), 0
    for i in range(160):
        item = size_formula(rng, ItemStyle(), None if i % 2 else "value")
        if not any(x in item.body for x in ("H_{\\text{out}} = ", "W_\\text{out}", "L_{\\text{out}}")) or \
                "H_{\\text{in}}" in item.body:
            continue
        seen += 1
        assert judge_size(item.body) == ("true" if item.true else "false"), item.body
        res = check_size_formula(parse_chain(item.body), item.prose + "\n" + item.body)
        assert res is not None and res.status == ("holds" if item.true else "wrong"), item.body
    assert seen >= 5
