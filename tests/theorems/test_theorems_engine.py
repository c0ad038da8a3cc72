"""The theorem engine: verdicts, unknown handling, argument checks, the SymPy bridge, result display."""

from __future__ import annotations

import pytest
import sympy as sp
import z3

from convproof.errors import ConvProofError
from convproof.geometry import conv_output_size
from convproof.theorems import THEOREMS, Query, Theorem, Unknown, prove, prove_size_formula, to_z3
from convproof.theorems.engine import Identity, prove_query

n, p, k, s, d = sp.symbols("n p k s d", integer=True)
ROLES = {"n": n, "p_lo": p, "p_hi": p, "k": k, "s": s}


def _hard() -> Query:
    """x^3 + y^3 = z^3 has no positive solution (Fermat, n = 3): far beyond a 1 ms budget."""
    x, y, z = z3.Ints("x y z")
    return Query({"x": x, "y": y, "z": z}, [x >= 1, y >= 1, z >= 1], x**3 + y**3 != z**3)


def test_tiny_timeout_is_unknown_never_proved():
    r = prove_query(_hard(), "fermat3", timeout_ms=1)
    assert r.status == "unknown" and "limit 1 ms" in r.reason


def test_false_claim_gives_smallest_counterexample():
    x = z3.Int("x")
    r = prove_query(Query({"x": x}, [x >= 0], x * x != 4 * x), "demo")
    assert r.status == "refuted" and r.counterexample == {"x": 0}


@pytest.mark.parametrize("bad", [0, -5, 1.5, "10"], ids=repr)
def test_timeout_must_be_positive_int(bad):
    with pytest.raises(ConvProofError, match="timeout_ms"):
        prove(THEOREMS["size.transposed"], timeout_ms=bad)


def test_unknown_engine_is_an_error():
    t = Theorem("demo.x", ("", ""), "", (), lambda: None, engine="lean")
    with pytest.raises(ConvProofError, match="engine"):
        prove(t)


def test_sympy_identity_refuted_with_values():
    a, b = sp.symbols("a b", integer=True, positive=True)
    t = Theorem("demo.sq", ("", ""), "", (), lambda: Identity({"a": a, "b": b}, (a + b) ** 2, a**2 + b**2),
                engine="sympy")
    r = prove(t)
    assert r.status == "refuted" and r.counterexample == {"a": 1, "b": 1}
    assert (r.values["lhs"], r.values["rhs"]) == (4, 2)


def test_results_display_in_jupyter():
    r = prove(THEOREMS["size.transposed"])
    assert "proved for all integers (z3" in r._repr_markdown_()
    bad = prove(THEOREMS["size.transposed~no_output_padding"])
    assert "counterexample" in bad._repr_latex_() and r"\texttt{size.transposed" in bad._repr_latex_()
    assert "`n=2" in bad._repr_markdown_() and "`o=" in bad._repr_markdown_()
    for shown in (r._repr_latex_(), bad._repr_latex_()):
        assert shown.startswith(r"$\texttt{size.transposed") and shown.count("$") % 2 == 0
    assert r"p_{lo} = " in bad._repr_latex_() and r"\text{transposed} = " in bad._repr_latex_()


def test_repr_is_short_and_telling():
    bad = prove(THEOREMS["size.transposed~no_output_padding"])
    assert repr(bad).startswith("Refuted('size.transposed~no_output_padding': refuted (z3")
    assert "counterexample n=" in repr(bad) and "ms=" not in repr(bad)
    assert repr(prove(THEOREMS["size.transposed"])).startswith("Proved('size.transposed': proved for all integers")
    u = Unknown(theorem="x", engine="z3", version="v", ms=1.0, reason="timeout")
    assert repr(u) == "Unknown('x': unknown (z3 v): timeout)"
    t = THEOREMS["size.exact_division"]
    assert repr(t) == "Theorem('size.exact_division': " + t.text() + ")" and "$" not in repr(t)
    assert t._repr_markdown_().startswith("**Without floor") and "$$" + t.latex + "$$" in t._repr_markdown_()


@pytest.mark.parametrize("formula", [
    sp.floor((n + 2 * p - k) / s) + 1,
    sp.floor((n + 2 * p - k + s) / s),
    -sp.ceiling((k - n - 2 * p) / s) + 1,
    (n + 2 * p - k - sp.Mod(n + 2 * p - k, s)) / s + 1,
], ids=["floor", "floor_plus_s", "ceiling", "mod"])
def test_sympy_formula_proved(formula):
    assert prove_size_formula(formula, ROLES).status == "proved"


@pytest.mark.parametrize("formula", [
    (n + 2 * p - k) / s + 1,
    sp.ceiling((n + 2 * p - k) / s) + 1,
    sp.floor((n + 2 * p - k) / s),
    sp.floor((n - k) / s) + 1,
    sp.Max(sp.floor((n + 2 * p - k) / s) + 1, n),
], ids=["no_floor", "ceiling", "no_plus_one", "padding_forgotten", "max"])
def test_sympy_formula_refuted_and_confirmed(formula):
    r = prove_size_formula(formula, ROLES)
    assert r.status == "refuted"
    c = r.counterexample
    at = {n: c["n"], p: c["p_lo"], k: c["k"], s: c["s"]}
    assert c["p_lo"] == c["p_hi"] and c["d"] == 1
    assert formula.subs(at) != conv_output_size(c["n"], c["k"], c["s"], c["p_lo"], c["p_hi"])


def test_sympy_formula_with_dilation_and_per_side_padding():
    lo, hi = sp.symbols("lo hi", integer=True)
    roles = {"n": n, "k": k, "s": s, "d": d, "p_lo": lo, "p_hi": hi}
    assert prove_size_formula(sp.floor((n + lo + hi - d * (k - 1) - 1) / s) + 1, roles).status == "proved"
    assert prove_size_formula(sp.floor((n + lo + hi - d * k) / s) + 1, roles).status == "refuted"


def test_sympy_formula_bad_input():
    with pytest.raises(ConvProofError, match="roles"):
        prove_size_formula(n, {"width": n})
    with pytest.raises(ConvProofError, match="unknown symbol"):
        prove_size_formula(n + sp.Symbol("q"), {"n": n})
    with pytest.raises(ConvProofError, match="supported"):
        prove_size_formula(sp.sin(n), {"n": n})


def test_to_z3_walks_the_tree():
    x, y = z3.Ints("x y")
    num, den, side, dens = to_z3(n**2 / (s + 1) + sp.Rational(1, 2), {n: x, s: y})
    solver = z3.Solver()
    solver.add(x == 3, y == 1, *side)
    assert solver.check() == z3.sat
    m = solver.model()
    assert sp.Rational(m.eval(num).as_long(), m.eval(den).as_long()) == sp.Rational(9, 2) + sp.Rational(1, 2)


def test_refuted_part_wins_over_an_undecided_part():
    q = _hard()
    x = q.variables["x"]
    both = Query(q.variables, q.hypotheses, z3.And(q.claim, x < 1))
    r = prove_query(both, "mixed", timeout_ms=200)
    assert r.status == "refuted" and r.counterexample["x"] >= 1
    undecided = Query(q.variables, q.hypotheses, z3.And(q.claim, x >= 1))
    assert prove_query(undecided, "mixed", timeout_ms=50).status == "unknown"
