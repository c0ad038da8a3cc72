"""The theorems of :mod:`convproof.theorems` as verify statements ``theorem.<name>`` (scope: all sizes).

Each statement has one case, the theorem itself; its exact proof is the z3 (or SymPy) proof for
every integer assignment satisfying the hypotheses. A refutation or an ``unknown`` (timeout) is a
failed check: a theorem that is not proved is never reported as proven. The JSON record's
``extra`` says ``"scope": "all sizes"`` with the hypotheses, where sweep statements say
``"instances"``.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st

from ...theorems import Z3_VERSION, correct, prove
from ...theorems.engine import Theorem
from ..registry import register
from ..statement import Comparison, Statement


def prove_theorem(theorem: Theorem) -> Comparison:
    """One check: the theorem proved for all integers (its engine and version in the detail)."""
    r = prove(theorem)
    what = f"{theorem.engine} proof for all integers satisfying the hypotheses"
    if r.status == "proved":
        return Comparison(what, True, detail=f"proved ({r.engine} {r.version})")
    if r.status == "refuted":
        cex = ", ".join(f"{k}={v}" for k, v in r.counterexample.items())
        return Comparison(what, False, detail=f"refuted: counterexample {cex}")
    return Comparison(what, False, detail=f"not proved: {r.reason}")


def _statement(t: Theorem) -> Statement:
    engine = f"z3 {Z3_VERSION}" if t.engine == "z3" else f"sympy {sp.__version__}"
    return Statement(
        name=f"theorem.{t.name}", latex=t.latex, description=t.text() + " (for all integers: " +
        ", ".join(t.hypotheses) + ").", space=lambda mode, t=t: st.just(t), prove=prove_theorem,
        oracles=(t.engine,), examples={"quick": 1, "thorough": 1}, show=lambda th: th.name,
        source="convproof.theorems", extra={"scope": "all sizes", "hypotheses": list(t.hypotheses), "engine": engine})


for _t in correct():
    register(_statement(_t))
