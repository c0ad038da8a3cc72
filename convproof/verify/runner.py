"""Running many statements: in-process or spread over worker processes; never prints.

Statements are independent, so ``jobs > 1`` evaluates them in a process pool (``fork`` start
method; each worker looks its statement up by name in the registry it inherited). A
``progress(done, total, result)`` callback is called as each statement finishes.

Workers ignore Ctrl-C (SIGINT); the parent gets the ``KeyboardInterrupt``, stops the workers and
re-raises it, so an interrupted run prints no worker tracebacks and leaves no worker behind.
"""

from __future__ import annotations

import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Callable, Iterable, Sequence

from .engine import evaluate
from .registry import REGISTRY, select
from .result import Result
from .statement import Statement

__all__ = ["run", "run_all", "status", "Progress"]

Progress = Callable[[int, int, Result], None]


def _evaluate_by_name(name: str, mode: str) -> Result:
    return evaluate(REGISTRY.get(name), mode)


def _ignore_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _pooled(statements: Sequence[Statement], mode: str, jobs: int, ctx, progress, results: dict) -> None:
    total = len(statements)
    pool = ProcessPoolExecutor(max_workers=min(jobs, total), mp_context=ctx, initializer=_ignore_interrupt)
    try:
        futures = {pool.submit(_evaluate_by_name, s.name, mode): s.name for s in statements}
        for fut in as_completed(futures):
            res = fut.result()
            results[res.name] = res
            if progress:
                progress(len(results), total, res)
    except BaseException:  # Ctrl-C or a failing worker: stop the others now instead of waiting for them
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in workers:
            proc.terminate()
        raise
    pool.shutdown(wait=True)


def _fork_context():
    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork
        return None


def run(statements: Sequence[Statement], mode: str = "quick", jobs: int = 1,
        progress: Progress | None = None) -> list[Result]:
    """Evaluate ``statements``; results come back in the given order.

    ``jobs > 1`` uses that many worker processes (statements must be registered, as the
    workers look them up by name). ``progress`` is called after each statement.
    """
    total = len(statements)
    results: dict[str, Result] = {}
    ctx = _fork_context()
    if jobs > 1 and total > 1 and ctx is not None and all(_registered(s) for s in statements):
        _pooled(statements, mode, jobs, ctx, progress, results)
    else:
        for s in statements:
            res = evaluate(s, mode)
            results[s.name] = res
            if progress:
                progress(len(results), total, res)
    return [results[s.name] for s in statements]


def _registered(stmt: Statement) -> bool:
    """Whether ``stmt`` is the registered statement of its name (workers can find it)."""
    return stmt.name in REGISTRY.names() and REGISTRY.get(stmt.name) is stmt


def run_all(quick: bool = True, jobs: int = 1, patterns: Iterable[str] | None = None,
            progress: Progress | None = None) -> list[Result]:
    """Run every registered statement (or those matching ``patterns``): the ``convproof build`` hook.

    >>> rs = run_all(patterns=["shape.output_size"])
    >>> [(r.name, r.status) for r in rs]
    [('shape.output_size', 'proven')]
    """
    return run(select(patterns), "quick" if quick else "thorough", jobs, progress)


_CACHE: dict[tuple[str, str], Result] = {}


def status(names: Iterable[str] | None = None, quick: bool = True) -> list[Result]:
    """Results for ``names`` (names or globs; all when ``None``), computed once per process.

    Reports call this to show a verification badge next to a formula without re-running a
    statement they already asked about.

    >>> [r.status for r in status(["shape.output_size"])]
    ['proven']
    """
    mode = "quick" if quick else "thorough"
    out = []
    for stmt in select(names):
        key = (stmt.name, mode)
        if key not in _CACHE:
            _CACHE[key] = evaluate(stmt, mode)
        out.append(_CACHE[key])
    return out
