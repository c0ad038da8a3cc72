r"""The theorem engine: a :class:`Theorem` is a claim over all integers, proved by z3 or SymPy.

A z3 theorem builds a :class:`Query`: its universally quantified integer variables, the
hypotheses and the claim. :func:`prove` asserts the hypotheses and the *negated* claim and
asks z3 whether that is satisfiable: ``unsat`` means the claim holds for every integer
assignment satisfying the hypotheses (:class:`Proved`), ``sat`` gives a counterexample
(:class:`Refuted`, shrunk to the smallest one deterministically), anything else, a timeout
included, is :class:`Unknown` and never reported as proved.

A SymPy theorem is a polynomial (or rational-function) identity ``lhs == rhs`` proved by bringing
``lhs - rhs`` to the normal form ``cancel(together(expand(...)))`` and finding ``0``.

Examples
--------
>>> import z3
>>> n = z3.Int("n")
>>> t = Theorem("demo.even", ("n(n+1) is even", "n(n+1) чётно"), r"2 \mid n(n+1)", ("n \\ge 0",),
...             lambda: Query({"n": n}, [n >= 0], (n * (n + 1)) % 2 == 0))
>>> prove(t).status
'proved'
>>> bad = Theorem("demo.odd", ("n(n+1) is odd", "n(n+1) нечётно"), r"2 \nmid n(n+1)", ("n \\ge 0",),
...               lambda: Query({"n": n}, [n >= 0], (n * (n + 1)) % 2 == 1))
>>> r = prove(bad)
>>> r.status, r.counterexample
('refuted', {'n': 0})
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import sympy as sp
import z3

from ..errors import fail
from .common import plain

__all__ = ["Theorem", "Query", "Identity", "Proved", "Refuted", "Unknown", "Outcome", "prove", "Z3_VERSION",
           "DEFAULT_TIMEOUT_MS"]

Z3_VERSION = z3.get_version_string()
DEFAULT_TIMEOUT_MS = 5000
_SHRINK_MS = 20000  # safety limit per query while shrinking a counterexample
_SHRINK_RLIMIT = 5_000_000  # z3 resource units per shrinking query (deterministic, unlike time)
_SEARCH_BOUND = 12  # SymPy identities: counterexamples searched with every variable in 1..bound


@dataclass(frozen=True)
class Query:
    """A z3 query: ``variables`` (name -> z3 Int, display order), ``hypotheses``, ``claim``.

    ``terms`` (name -> z3 expression) are evaluated at a counterexample, to show both sides.
    """

    variables: Mapping[str, Any]
    hypotheses: Sequence[Any]
    claim: Any
    terms: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Identity:
    """A SymPy polynomial identity ``lhs == rhs`` over ``variables`` (positive integers) with ``hypotheses``.

    ``hypotheses`` are SymPy relations used only to search counterexamples of a wrong identity.
    """

    variables: Mapping[str, sp.Symbol]
    lhs: sp.Expr
    rhs: sp.Expr
    hypotheses: Sequence[Any] = ()


@dataclass(frozen=True, repr=False)
class Theorem:
    """A claim for all integers satisfying its hypotheses.

    Parameters
    ----------
    name : str
        Dotted name, e.g. ``"size.output_count"``; a wrong variant is ``"size.output_count~no_floor"``.
    title : (str, str)
        The claim in words, English and Russian; math inside ``$...$`` (the reports typeset it as
        math, :meth:`text` gives the plain form).
    latex : str
        The claim in LaTeX math (no surrounding ``$``).
    hypotheses : tuple of str
        The hypotheses in LaTeX math.
    build : callable
        ``build() -> Query`` (engine ``"z3"``) or ``-> Identity`` (engine ``"sympy"``).
    engine : str
        ``"z3"`` or ``"sympy"``.
    wrong_of : str
        For a deliberately wrong variant, the name of the theorem it corrupts (empty otherwise).
    group : str
        ``"sizes"``, ``"index"`` or ``"counts"``.
    """

    name: str
    title: tuple[str, str]
    latex: str
    hypotheses: tuple[str, ...]
    build: Callable[[], Any]
    engine: str = "z3"
    wrong_of: str = ""
    group: str = ""

    @property
    def wrong(self) -> bool:
        return bool(self.wrong_of)

    def text(self, lang: str = "en") -> str:
        """The title as plain text (``$...$`` math unwrapped), English or Russian."""
        return plain(self.title[lang == "ru"])

    def __repr__(self) -> str:
        return f"Theorem({self.name!r}: {self.text()})"

    def _repr_markdown_(self) -> str:
        hyps = ", ".join(f"${h}$" for h in self.hypotheses)
        return f"**{self.title[0]}** (`{self.name}`)\n\n$${self.latex}$$\n\nfor all integers with {hyps}"


@dataclass(frozen=True)
class Outcome:
    """Common fields: the theorem's name, the engine and its version, the time taken."""

    theorem: str
    engine: str
    version: str
    ms: float

    status = "outcome"

    def _line(self, code: bool = False, math: bool = False) -> str:  # pragma: no cover - overridden
        return ""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.theorem!r}: {self._line()})"

    def _repr_markdown_(self) -> str:
        return f"**{self.theorem}**: {self._line(code=True)}"

    def _repr_latex_(self) -> str:
        """Text with ``$...$`` math, as Jupyter's LaTeX renderers (MathJax) take it."""
        name = r"}{\sim}\texttt{".join(part.replace("_", r"\_") for part in self.theorem.split("~"))
        return rf"$\texttt{{{name}}}$: " + self._line(math=True)


@dataclass(frozen=True, repr=False)
class Proved(Outcome):
    """The claim holds for every integer assignment satisfying the hypotheses."""

    status = "proved"

    def _line(self, code: bool = False, math: bool = False) -> str:
        return f"proved for all integers ({self.engine} {self.version}, {self.ms:.0f} ms)"


@dataclass(frozen=True, repr=False)
class Refuted(Outcome):
    """A counterexample: integer values of the variables where the hypotheses hold and the claim fails."""

    counterexample: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)

    status = "refuted"

    def _line(self, code: bool = False, math: bool = False) -> str:
        cex, at = _assignments(self.counterexample, code, math), _assignments(self.values, code, math)
        return f"refuted ({self.engine} {self.version}): counterexample {cex}" + (f"; there {at}" if at else "")


@dataclass(frozen=True, repr=False)
class Unknown(Outcome):
    """Neither proved nor refuted (timeout, or the solver gave up); ``reason`` says why."""

    reason: str = ""

    status = "unknown"

    def _line(self, code: bool = False, math: bool = False) -> str:
        reason = self.reason.replace("_", r"\_") if math else self.reason
        return f"unknown ({self.engine} {self.version}): {reason}"


def _math_name(name: str) -> str:
    """``p_lo`` -> ``p_{lo}``, ``last tap`` -> ``\\text{last tap}``."""
    base, _, sub = name.partition("_")
    base = base if len(base) == 1 else rf"\text{{{base}}}"
    return base + (rf"_{{\text{{{sub}}}}}" if "_" in sub else f"_{{{sub}}}" if sub else "")


def _assignments(values: Mapping, code: bool, math: bool) -> str:
    """``n=2, p_lo=0`` (plain), in a Markdown code span (``code``) or as ``$n = 2,\\ p_{lo} = 0$`` (``math``)."""
    if not values:
        return ""
    if math:
        return "$" + r",\ ".join(f"{_math_name(k)} = {v}" for k, v in values.items()) + "$"
    text = ", ".join(f"{k}={v}" for k, v in values.items())
    return f"`{text}`" if code else text


def prove(theorem: Theorem, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> Outcome:
    """Prove ``theorem`` (or refute it with its smallest counterexample); never raises for a false claim."""
    if not isinstance(timeout_ms, int) or timeout_ms < 1:
        raise fail("timeout_ms", timeout_ms, "must be a positive integer (milliseconds)")
    if theorem.engine == "sympy":
        return _prove_sympy(theorem)
    if theorem.engine != "z3":
        raise fail("engine", theorem.engine, "must be 'z3' or 'sympy'")
    return prove_query(theorem.build(), theorem.name, timeout_ms)


def prove_query(q: Query, name: str = "query", timeout_ms: int = DEFAULT_TIMEOUT_MS) -> Outcome:
    """Prove a bare :class:`Query` (see :func:`prove`).

    Integer-only queries go to z3's ``QF_NIA`` solver first (nonlinear integer arithmetic), then to
    the default solver; queries with reals (formulas without floor) to the default solver. Each
    try has ``timeout_ms``; the first ``sat``/``unsat`` answer decides.
    """
    start = time.perf_counter()
    base = dict(theorem=name, engine="z3", version=Z3_VERSION)
    q = _fresh(q)
    reasons: list = []
    for part in _split(q.claim):  # one refuted part refutes the claim; an undecided part leaves it unknown
        verdict, solver = _decide(q, part, timeout_ms, reasons)
        if verdict == z3.sat:
            return _refuted(solver, q, part, base, start)
    if reasons:
        return Unknown(ms=(time.perf_counter() - start) * 1000,
                       reason=f"z3 returned unknown ({'; '.join(reasons)}; limit {timeout_ms} ms per try)", **base)
    return Proved(ms=(time.perf_counter() - start) * 1000, **base)


def _fresh(q: Query) -> Query:
    """``q`` copied into a new z3 context: the answer (and the counterexample found) then does not
    depend on what else this process asked z3 before, so reports are reproducible."""
    ctx = z3.Context()
    move = lambda e: e.translate(ctx)  # noqa: E731
    return Query({k: move(v) for k, v in q.variables.items()}, [move(h) for h in q.hypotheses], move(q.claim),
                 {k: move(v) for k, v in q.terms.items()})


def _split(claim: Any) -> list:
    """A conjunction is proved part by part, an equivalence as two implications (smaller queries)."""
    if z3.is_and(claim):
        return [p for c in claim.children() for p in _split(c)]
    if z3.is_eq(claim) and z3.is_bool(claim.arg(0)):
        a, b = claim.children()
        return _split(z3.Implies(a, b)) + _split(z3.Implies(b, a))
    return [claim]


def _decide(q: Query, claim: Any, timeout_ms: int, reasons: list) -> tuple:
    """``(verdict, solver)`` of ``hypotheses and not claim`` (first decisive solver)."""
    solver = None
    for solver in _solvers(q, claim):
        solver.set(timeout=timeout_ms)
        solver.add(*q.hypotheses)
        solver.add(z3.Not(claim))
        verdict = solver.check()
        if verdict in (z3.sat, z3.unsat):
            return verdict, solver
    reasons.append(solver.reason_unknown())  # no solver decided this part
    return z3.unknown, solver


def _refuted(solver: z3.Solver, q: Query, part: Any, base: dict, start: float) -> Refuted:
    model = _shrink(solver, q, solver.model())
    cex = {k: _value(model.eval(v, model_completion=True)) for k, v in q.variables.items()}
    values = {k: _value(model.eval(v, model_completion=True)) for k, v in q.terms.items()}
    return Refuted(ms=(time.perf_counter() - start) * 1000, counterexample=cex, values=values, **base)


def _solvers(q: Query, claim: Any) -> list:
    ctx = claim.ctx
    if _has_reals([*q.hypotheses, claim]):
        return [z3.Solver(ctx=ctx)]
    return [z3.SolverFor("QF_NIA", ctx=ctx), z3.Solver(ctx=ctx)]


def _has_reals(exprs: list) -> bool:
    stack, seen = list(exprs), set()
    while stack:
        e = stack.pop()
        if e.get_id() in seen:
            continue
        seen.add(e.get_id())
        if e.sort() == z3.RealSort(e.ctx):
            return True
        stack.extend(e.children())
    return False


def _value(v: Any) -> Any:
    if z3.is_int_value(v):
        return v.as_long()
    if z3.is_rational_value(v):
        return sp.Rational(v.numerator_as_long(), v.denominator_as_long())
    if z3.is_true(v) or z3.is_false(v):
        return z3.is_true(v)
    return str(v)


def _shrink(solver: z3.Solver, q: Query, model: Any) -> Any:
    """The smallest counterexample: minimal sum of |variables|, then each variable minimal, last first.

    Last first: paddings and loop indices come last in the variable lists, so ties go to the
    counterexample with the least padding.

    Deterministic (each step is a bounded binary search with the same solver); a step z3 cannot
    decide within :data:`_SHRINK_MS` keeps the model found so far.
    """
    solver.set(timeout=_SHRINK_MS)
    solver.set(rlimit=_SHRINK_RLIMIT)  # a deterministic budget: the same answer on any machine
    absolute = [z3.If(v >= 0, v, -v) for v in q.variables.values() if z3.is_int(v)]  # reals keep the model's
    if not absolute:
        return model
    for target in [z3.Sum(absolute)] + absolute[::-1]:
        best = model.eval(target, model_completion=True).as_long()
        lo = 0
        while lo < best:
            mid = (lo + best) // 2
            solver.push()
            solver.add(target <= mid)
            verdict = solver.check()
            if verdict == z3.sat:
                model = solver.model()
                best = model.eval(target, model_completion=True).as_long()
            solver.pop()
            if verdict == z3.unknown:
                break  # budget spent: keep the smallest found so far
            if verdict == z3.unsat:
                lo = mid + 1
        solver.add(target == best)
        if solver.check() != z3.sat:
            break
        model = solver.model()
    return model


def _prove_sympy(theorem: Theorem) -> Outcome:
    start = time.perf_counter()
    ident: Identity = theorem.build()
    base = dict(theorem=theorem.name, engine="sympy", version=sp.__version__)
    diff = sp.cancel(sp.together(sp.expand(ident.lhs - ident.rhs)))  # rational-function normal form
    if diff == 0:
        return Proved(ms=(time.perf_counter() - start) * 1000, **base)
    cex = _search(ident, diff)
    ms = (time.perf_counter() - start) * 1000
    if cex is None:
        return Unknown(ms=ms, reason=f"lhs - rhs = {diff} is not identically zero, but no counterexample with "
                                     f"every variable in 1..{_SEARCH_BOUND} satisfies the hypotheses", **base)
    sub = {ident.variables[k]: v for k, v in cex.items()}
    values = {"lhs": ident.lhs.subs(sub), "rhs": ident.rhs.subs(sub)}
    return Refuted(ms=ms, counterexample=cex, values=values, **base)


def _by_sum(n: int, bound: int):
    """Tuples of ``n`` integers in ``1..bound``, by increasing sum, then lexicographically."""
    for total in range(n, n * bound + 1):
        yield from _compositions(n, total, bound)


def _compositions(n: int, total: int, bound: int):
    if n == 1:
        if 1 <= total <= bound:
            yield (total,)
        return
    for first in range(1, min(bound, total - n + 1) + 1):
        for rest in _compositions(n - 1, total - first, bound):
            yield (first,) + rest


def _search(ident: Identity, diff: sp.Expr) -> dict | None:
    """Smallest positive assignment (by sum, then lexicographic) satisfying the hypotheses with diff != 0."""
    names = list(ident.variables)
    syms = [ident.variables[k] for k in names]
    for vals in _by_sum(len(names), _SEARCH_BOUND):
        sub = dict(zip(syms, vals))
        if all(bool(h.subs(sub)) for h in ident.hypotheses) and diff.subs(sub) != 0:
            return dict(zip(names, vals))
    return None
