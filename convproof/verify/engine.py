"""Checking one statement: pinned cases, a Hypothesis sweep, and shrinking to the smallest failure.

The sweep is a Hypothesis run (derandomized, no example database, so it is reproducible and
leaves no files): each drawn case is proved and cross-checked, input arrays are drawn through
Hypothesis too, and the first failing case is shrunk (spec and inputs) before it is reported.
"""

from __future__ import annotations

import math
import importlib.util
import time
import traceback
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from hypothesis.extra import numpy as hnp

from .entries import show_inputs
from .search import Skip, search
from .result import FAILED, PROVEN, SKIPPED, Counterexample, Result
from .statement import Comparison, Inputs, NotApplicable, Statement

__all__ = ["evaluate", "NumpyInputs", "HypothesisInputs", "MODES"]

MODES = ("quick", "thorough")
SHRINK_SECONDS = {"quick": 10.0, "thorough": 60.0}  # time Hypothesis may spend shrinking a failure
_HYPOTHESIS_LIMIT = 400  # arrays larger than this are drawn from a seed (Hypothesis buffer limits)


class NumpyInputs(Inputs):
    """Inputs from a NumPy generator (pinned cases, user code)."""

    def __init__(self, rng: np.random.Generator | int = 0) -> None:
        super().__init__()
        self.rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)

    def _ints(self, shape, lo, hi):
        return self.rng.integers(lo, hi + 1, size=shape, dtype=np.int64)

    def _floats(self, shape, scale):
        return self.rng.uniform(-scale, scale, size=shape)

    def _distinct(self, shape):
        return self.rng.permutation(math.prod(shape)).reshape(shape).astype(np.int64)


class HypothesisInputs(Inputs):
    """Inputs drawn through Hypothesis ``data``, so failing arrays shrink towards zeros."""

    def __init__(self, data: Any) -> None:
        super().__init__()
        self.data = data

    def _big(self, shape) -> NumpyInputs | None:
        if math.prod(shape) <= _HYPOTHESIS_LIMIT:
            return None
        return NumpyInputs(self.data.draw(st.integers(0, 2**32 - 1), label="seed"))

    def _ints(self, shape, lo, hi):
        big = self._big(shape)
        if big:
            return big._ints(shape, lo, hi)
        return self.data.draw(hnp.arrays(np.int64, shape, elements=st.integers(lo, hi), fill=st.nothing()))

    def _floats(self, shape, scale):
        big = self._big(shape)
        if big:
            return big._floats(shape, scale)
        elems = st.floats(-scale, scale, allow_nan=False, allow_infinity=False, allow_subnormal=False)
        return self.data.draw(hnp.arrays(np.float64, shape, elements=elems, fill=st.nothing()))

    def _distinct(self, shape):
        n = math.prod(shape)
        big = self._big(shape)
        if big:
            return big._distinct(shape)
        return np.array(self.data.draw(st.permutations(range(n))), dtype=np.int64).reshape(shape)


@dataclass
class _Failure:
    case: Any
    drawn: dict
    check: Comparison
    stage: str = ""


class _Tally:
    """Aggregates checks over the sweep (frozen once a failure is found, so shrinking is not counted)."""

    def __init__(self) -> None:
        self.cases: set[str] = set()
        self.checks = 0
        self.exact = self.floats = False
        self.worst: Comparison | None = None
        self.refusals: dict[tuple[str, str], int] = {}
        self.frozen = False

    def add(self, case: Any, checks: list[Comparison]) -> None:
        if self.frozen:
            return
        self.cases.add(repr(case))
        for c in checks:
            if c.refused:
                key = (c.what, c.refused)
                self.refusals[key] = self.refusals.get(key, 0) + 1
                continue
            self.checks += 1
            self.exact |= c.exact
            self.floats |= not c.exact
            if not c.exact and (self.worst is None or _rank(c) > _rank(self.worst)):
                self.worst = c

    def exactness(self) -> str:
        return "+".join(k for k, v in (("exact", self.exact), ("float", self.floats)) if v) or "exact"

    def notes(self) -> tuple[str, ...]:
        return tuple(f"{what}: declined {n} case(s): {why}" for (what, why), n in self.refusals.items())


def _rank(c: Comparison) -> tuple[float, float]:
    """Closest to its tolerance first; among equals, the largest tolerance (the most telling one)."""
    ratio = c.max_error / c.tolerance if c.tolerance else (0.0 if c.ok else float("inf"))
    return ratio, c.tolerance


def _as_checks(out: Any, what: str) -> list[Comparison]:
    if out is None:
        return []
    if isinstance(out, Comparison):
        return [out]
    if isinstance(out, (bool, np.bool_)):
        return [Comparison(what, bool(out), detail="" if out else f"{what} does not hold")]
    return [c for item in out for c in _as_checks(item, what)]


def _error_check(exc: BaseException, stage: str) -> Comparison:
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return Comparison(f"{stage} raised", False,
                 detail=f"{type(exc).__name__}: {exc} (at {where.filename.rsplit('/', 1)[-1]}:{where.lineno})")


def _run_case(stmt: Statement, case: Any, inputs: Inputs, tally: _Tally,
              only: str | None = None) -> _Failure | None:
    checks: list[tuple[str, Comparison]] = []
    for stage, fn in (("exact proof", stmt.prove), ("cross-check", stmt.crosscheck)):
        if fn is None or (only and stage != only):
            continue
        try:
            out = fn(case) if stage == "exact proof" else fn(case, inputs)
            checks += [(stage, c) for c in _as_checks(out, stage)]
        except NotApplicable:
            raise
        except Exception as exc:  # any crash of an oracle on a valid case is a failure
            checks.append((stage, _error_check(exc, stage)))
    tally.add(case, [c for _, c in checks])
    bad = next(((stage, c) for stage, c in checks if not c.ok), None)
    return _Failure(case, dict(inputs.drawn), bad[1], bad[0]) if bad else None


def _search(stmt: Statement, mode: str, tally: _Tally, max_examples: int | None) -> _Failure | None:
    n = max_examples or stmt.examples.get(mode) or 10
    only: dict[str, str | None] = {"stage": None}

    def run(drawn: tuple) -> _Failure | None:
        case, data = drawn
        try:
            failure = _run_case(stmt, case, HypothesisInputs(data), tally, only["stage"])
        except NotApplicable:
            raise Skip() from None
        if failure is not None:
            tally.frozen = True
            if only["stage"] is None and failure.stage == "cross-check":
                only["stage"] = "cross-check"  # shrink without re-running the (draw-free) proof
        return failure

    return search(st.tuples(stmt.space(mode), st.data()), run, n, SHRINK_SECONDS[mode])


def _missing(requires: Iterable[str]) -> str:
    for mod in requires:
        try:
            if importlib.util.find_spec(mod) is None:
                return mod
        except ModuleNotFoundError:
            return mod
    return ""


def evaluate(stmt: Statement, mode: str = "quick", max_examples: int | None = None) -> Result:
    """Prove and cross-check ``stmt`` over its ``mode`` sweep; never raises for a failing claim.

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> s = Statement("demo.floor", r"\\lfloor a/2 \\rfloor \\le a/2", "floor halves",
    ...               lambda mode: st.integers(0, 50), prove=lambda a: (a // 2) * 2 <= a)
    >>> r = evaluate(s)
    >>> r.status, r.specs_checked > 5
    ('proven', True)
    >>> bad = Statement("demo.bad", "a < 7", "false for large a", lambda mode: st.integers(0, 50),
    ...                 prove=lambda a: a < 7)
    >>> r = evaluate(bad)
    >>> r.status, r.counterexample.case
    ('failed', '7')
    """
    if mode not in MODES:
        from ..errors import fail

        raise fail("mode", mode, f"must be one of {list(MODES)}")
    start = time.perf_counter()
    base = dict(name=stmt.name, oracles=stmt.oracles, latex=stmt.latex, mode=mode, requires=tuple(stmt.requires),
                extra={"scope": "instances", **stmt.extra})
    missing = _missing(stmt.requires)
    if missing:
        return Result(status=SKIPPED, reason=f"needs {missing}, which is not installed/importable", **base)
    tally = _Tally()
    failure = None
    try:
        for case in stmt.pinned:
            failure = _run_case(stmt, case, NumpyInputs(0), tally)
            if failure:
                break
        if failure is None:
            failure = _search(stmt, mode, tally, max_examples)
    except Unsatisfiable:
        pass
    except NotApplicable:
        pass
    return _finish(stmt, tally, failure, time.perf_counter() - start, base)


def _finish(stmt: Statement, tally: _Tally, failure: _Failure | None, seconds: float, base: dict) -> Result:
    worst = tally.worst
    common = dict(specs_checked=len(tally.cases), checks=tally.checks, exactness=tally.exactness(),
                  max_error=worst.max_error if worst else 0.0, tolerance=worst.tolerance if worst else 0.0,
                  tolerance_rule=worst.tolerance_rule if worst else "", seconds=seconds, notes=tally.notes(),
                  **base)
    if failure is not None:
        c = failure.check
        cex = Counterexample(case=stmt.show_case(failure.case), inputs=show_inputs(failure.drawn),
                             check=c.what, detail=c.detail)
        if not c.exact:
            common.update(max_error=c.max_error, tolerance=c.tolerance, tolerance_rule=c.tolerance_rule)
        return Result(status=FAILED, reason=f"{c.what} failed on the smallest case found", counterexample=cex,
                      **common)
    if tally.checks == 0:
        return Result(status=SKIPPED, reason="no applicable case in the sweep", **common)
    return Result(status=PROVEN, **common)
