"""The one decimal classifier (convproof.decimals) and the words its two callers render it in."""

import pytest
import sympy as sp

from convproof.check import approx
from convproof.decimals import VERDICTS, classify, round_half_up, truncate
from convproof.seeds.decimals import WORDS, classify_decimal

R = sp.Rational
CASES = [  # (exact value, printed decimal, verdict)
    (R(57, 200), "0.285", "exact"),
    (sp.tanh(R(381, 500)), "0.642", "rounded"),
    (sp.tanh(R(57, 200)), "0.277", "truncated"),
    (sp.tanh(R(57, 200)), "0.276", "wrong"),
    (R(-1, 3), "-0.333", "rounded"),
    (R(-2, 3), "-0.666", "truncated"),
    (R(125, 1000), "0.12", "rounded"),          # an exact half: either neighbour is a rounding
    (R(125, 1000), "0.13", "rounded"),
    (sp.Symbol("x"), "0.1", "wrong"),
]


@pytest.mark.parametrize("value, printed, verdict", CASES)
def test_classify(value, printed, verdict):
    assert classify(value, sp.Rational(printed), len(printed.split(".")[1])) == verdict


@pytest.mark.parametrize("value, printed, verdict", [c for c in CASES if not c[0].free_symbols])
def test_seed_words_are_the_same_decision(value, printed, verdict):
    assert classify_decimal(printed, value).verdict == WORDS[verdict]


def test_one_classifier():
    assert approx.classify is classify
    assert set(WORDS) == set(VERDICTS)


def test_rounding_directions():
    assert round_half_up(R(-25, 1000), 2) == R(-3, 100)
    assert truncate(R(-25, 1000), 2) == R(-2, 100)
    assert round_half_up(sp.tanh(R(57, 200)), 3) == R(278, 1000)
