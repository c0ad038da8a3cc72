"""One time-bounded Hypothesis search-and-shrink routine (used by the engine and by ``convproof.testing``).

Hypothesis draws cases (derandomized, no example database: reproducible, leaves no files); the
first failing case is shrunk for at most ``shrink_seconds``; then the run stops (a
``BaseException`` that Hypothesis does not catch) and the smallest failure found so far, the last
one (the shrinker only tries smaller cases), is returned.
"""

from __future__ import annotations

import time
from typing import Any, Callable

from hypothesis import HealthCheck, Phase, Verbosity, given, reject, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from hypothesis.reporting import with_reporter

__all__ = ["search", "Skip", "PHASES"]

PHASES = (Phase.explicit, Phase.generate, Phase.shrink)  # no 'explain' phase: it re-runs costly checks


class Skip(Exception):
    """Raised by a case runner: the case does not apply (Hypothesis rejects it)."""


class _Found(Exception):
    pass


class _TimeUp(BaseException):
    """Shrinking budget spent: ends the Hypothesis run at once (it only catches ``Exception``)."""


def search(cases: st.SearchStrategy, run: Callable[[Any], Any], max_examples: int,
           shrink_seconds: float) -> Any:
    """Run ``run(case)`` over ``cases``; return the smallest failure found, or ``None``.

    ``run`` returns ``None`` for a passing case, a failure object otherwise, and raises
    :class:`Skip` for a case that does not apply. Cases are compared by ``repr``.

    Examples
    --------
    >>> search(st.integers(0, 100), lambda a: a if a >= 7 else None, 50, 1.0)
    7
    >>> search(st.integers(0, 5), lambda a: None, 10, 1.0) is None
    True
    """
    state: dict[str, Any] = {"until": None, "last": None}

    @settings(max_examples=max_examples, derandomize=True, database=None, deadline=None, print_blob=False,
              phases=PHASES, suppress_health_check=list(HealthCheck), report_multiple_bugs=False,
              verbosity=Verbosity.quiet)
    @given(case=cases)
    def body(case: Any) -> None:
        if state["until"] is not None and time.perf_counter() > state["until"]:
            raise _TimeUp()
        try:
            failure = run(case)
        except Skip:
            reject()
        if failure is not None:
            state["last"] = failure  # the shrinker only tries smaller cases: the last failure is the smallest
            if state["until"] is None:
                state["until"] = time.perf_counter() + shrink_seconds
            raise _Found()

    try:
        with with_reporter(lambda *_: None):
            body()
    except (_Found, _TimeUp):
        return state["last"]
    except Unsatisfiable:
        return state["last"]
    except Exception:  # Hypothesis objecting to the cut-short shrink: keep the smallest failure seen
        if state["last"] is None:
            raise
    return state["last"]
