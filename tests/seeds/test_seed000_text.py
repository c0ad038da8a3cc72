"""Seed 000's statements about sizes, shapes and rules: verdicts computed, and able to hold."""

import dataclasses
from pathlib import Path

import pytest
import sympy as sp

from convproof.errors import ConvProofError
from convproof.seeds import seed000 as data
from convproof.seeds.seed000_text import (
    EQ2_SPEC,
    EQ_NAME,
    batch_matrices,
    quantities,
    seed_conv_formula,
    statement_checks,
    stride_sizes,
)
from convproof.symbolic import bias_symbols, conv

SEED = Path("/work/shared/seeds/000_d50da6e0cc260722.txt")


def _statement(line, what):
    return next(s for s in data.REMARKS if s.line == line and s.what == what)


def _check(statement, **claim):
    fixed = dataclasses.replace(statement, claim=tuple({**dict(statement.claim), **claim}.items()))
    return statement_checks((fixed,))[0]


def test_verdicts():
    got = [(c.statement.label, c.statement.line, c.holds) for c in statement_checks()]
    assert got == [("eq. (2)", 70, False), ("section 3.1", 98, False), ("algorithm 1", 109, True),
                   ("section 3.3", 123, False), ("eq. (6)", 190, False), ("eq. (6)", 190, False),
                   ("eq. (7)", 200, True), ("eq. (8)", 210, True), ("eq. (9)", 210, False),
                   ("eq. (9)", 212, False), ("eq. (9)", 216, False)]


def test_eq2_as_written_gives_one_map_per_input_channel():
    c = statement_checks((_statement(70, "conv_formula"),))[0]
    printed = c.facts["printed"]
    assert printed["shape"] == (1, 2, 2, 2) and printed["layer_shape"] == (1, 2, 2)
    b, b1, b2 = sp.symbols("b b_{1} b_{2}")
    assert set(printed["difference"]) == {b1 - b, b2 - b}
    assert c.facts["other"]["difference"] == [4 * b1 + 4 * b2 - b]


def test_eq2_with_one_bias_per_filter_holds():
    assert _check(_statement(70, "conv_formula"), bias_index="k").holds
    spec = EQ2_SPEC.replace(out_channels=2)
    got = seed_conv_formula(spec, bias_index="k")
    want = conv(spec, bias=bias_symbols(spec))
    assert all(sp.expand(a - w) == 0 for a, w in zip(got.ravel(), want.ravel()))
    for shift in (0, -2):  # a wrong index offset is caught, never wrapped around
        assert "shift" in _check(_statement(70, "conv_formula"), bias_index="k", shift=shift).facts["error"]


def test_sharing_rule():
    st = _statement(98, "sharing_rule")
    c = statement_checks((st,))[0]
    assert c.facts == {"positions": 3, "sum": True, "mean": False}
    assert _check(st, rule="sum").holds


def test_stride_size():
    st = _statement(123, "stride_size")
    c = statement_checks((st,))[0]
    assert [r[1:3] for r in c.facts["rows"]] == [(3, 2), (5, 3)]
    assert c.facts["odd_only"] and c.facts["ceil_mismatches"] == 0
    assert _check(st, rounding="ceil").holds
    _rows, wrong, cases = stride_sizes(2, "none")
    assert wrong and all(n % 2 for n in wrong) and cases > len(wrong)


def test_eq6_shapes():
    bias, result = _statement(190, "eq6_bias"), _statement(190, "eq6_result")
    c = statement_checks((bias,))[0]
    assert c.facts["product"] == (9, 1) and c.facts["claimed"] == (1, 9) and c.facts["matches_layer"]
    assert not _check(bias, copies="C").holds  # the shape is still wrong
    assert _check(bias, shape=("C", "1"), copies="C").holds
    assert not _check(result, shape=("C", "1")).holds  # the name is still wrong
    assert _check(result, shape=("C", "1"), name=EQ_NAME).holds


def test_eq9_shapes():
    mats, q = batch_matrices(), quantities()
    assert mats["Y"].shape == (4, 18) and mats["F"].shape == (4, 3) and q["C"] == 9
    res = statement_checks((_statement(216, "batch_result"),))[0]
    assert res.facts["shape"] == (18, 3) and res.facts["claimed"] == (3, 9) and res.facts["is_conv"]
    M, C, K = sp.symbols("M C K")
    assert res.facts["general"] == (M * C, K)
    assert _check(_statement(216, "batch_result"), shape=("M*C", "K"), name=EQ_NAME).holds
    assert _check(_statement(210, "batch_product"), factors=("Y^T", "F")).holds
    sym = _statement(212, "batch_symbol")
    assert _check(sym, symbol=dict(sym.claim)["defined"]).holds
    assert not _check(_statement(200, "batch_shape"), shape=("Fh*Fw*D", "C")).holds


def test_parse_dims_rejects_expressions():
    with pytest.raises(ConvProofError, match="shape"):
        data.parse_dims(("M+C",))


@pytest.mark.skipif(not SEED.is_file(), reason="seed 000 not available")
def test_transcription_is_verbatim():
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for st in data.REMARKS:
        assert st.math in lines[st.line - 1], (st.label, st.line)
        assert st.quote in lines[(st.quote_line or st.line) - 1], (st.label, st.line)
