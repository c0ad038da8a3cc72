"""Seed 002 errata: verdicts recomputed, and the classifier itself on hand-checked cases."""

import sympy as sp
import pytest

from convproof.errors import ConvProofError
from convproof.decimals import parse_decimal, round_half_up, truncate
from convproof.seeds.decimals import classify_decimal
from convproof.seeds.seed002 import claims, to_markdown, worked_values


def test_classifier_cases():
    third = sp.Rational(1, 3)
    assert classify_decimal("0.333", third).verdict == "rounded correctly"
    assert classify_decimal("0.667", 2 * third).verdict == "rounded correctly"
    assert classify_decimal("0.666", 2 * third).verdict == "truncated"
    assert classify_decimal("0.665", 2 * third).verdict == "wrong"
    assert classify_decimal("-0.5", sp.Rational(-1, 2)).verdict == "holds"
    assert round_half_up(sp.Rational(-25, 1000), 2) == sp.Rational(-3, 100)
    assert truncate(-sp.pi, 3) == sp.Rational(-3141, 1000)
    with pytest.raises(ConvProofError, match="text='1,5'"):
        parse_decimal("1,5")


def test_verdicts_of_the_seed():
    got = {v.id: v.verdict.verdict for v in worked_values()}
    assert got["dense.y1"] == got["dense.y2"] == "truncated"
    assert got["dense.y3"] == "rounded correctly"
    assert got["softmax.s4"] == "truncated"
    assert got["graph.L"] == "wrong" and got["gd.f4"] == "wrong"
    assert got["graph.w2_new"] == got["graph.b_new"] == got["graph.dLdw1"] == "truncated"
    assert got["gd.f3"] == "rounded correctly"
    assert sum(v == "wrong" for v in got.values()) == 2


def test_propagated_values():
    by = {v.id: v for v in worked_values()}
    # 1.0044 = 2 * 0.5022 exactly: the seed carried its rounded intermediate
    assert by["graph.dLdw1"].propagated_verdict.verdict == "holds"
    # -1.2 - 0.7*0.5022 = -1.55154 rounds to the printed -1.5515
    assert by["graph.b_new"].propagated_verdict.verdict == "rounded correctly"
    assert by["graph.L"].propagated_verdict.verdict == "wrong"


def test_claims_and_markdown():
    c = {x.id: x.verdict for x in claims()}
    assert all(c[f"conv.valid_{i}{j}"] == "holds" for i in range(2) for j in range(4))
    assert c["conv.padded"] == c["conv.strided"] == "holds"
    assert c["gd.alpha_0.8"] == "holds" and c["conv.formula"] == "wrong"
    text = to_markdown()
    assert "graph.L" in text and "truncated" in text


def test_committed_errata_files_are_current():
    from pathlib import Path

    from convproof.seeds import seed004

    root = Path(__file__).resolve().parents[2] / "reports" / "errata"
    assert (root / "seed002.md").read_text(encoding="utf-8") == to_markdown()
    assert (root / "seed004.md").read_text(encoding="utf-8") == seed004.to_markdown()


def test_claims_have_russian_details_with_the_same_computed_numbers():
    import re

    number = re.compile(r"-?\d+(?:\.\d+)?")
    for c in claims():
        assert c.detail and c.detail_ru and c.explanation("ru") == c.detail_ru and c.explanation("en") == c.detail
        assert sorted(number.findall(c.detail)) == sorted(number.findall(c.detail_ru)), c.id
        if re.search("[a-z]{3,}", re.sub(r"floor|alpha|sum|sqrt|v_hat|eps|PyTorch|Kingma|Duchi|input|filter|ReLU",
                                         "", c.detail)):
            assert re.search("[а-яё]", c.detail_ru), c.id
    by = {v.id: v for v in worked_values()}
    label = next(c for c in claims() if c.id == "gd.label_x5")
    # the numbers are computed from the exact iterates, not typed in
    assert str(sp.Rational(by["gd.f5"].exact)) == "-19531241/9765625" and "-1.9999990784" in label.detail
    assert "-1.99997696" in label.detail_ru and by["gd.f5"].printed in label.detail_ru
