"""Notation with more than one reading: ``\\log`` without a base.

``\\log x`` is the natural logarithm in most mathematics and machine-learning texts, the binary
one in computer science and information theory (entropy in bits) and the decimal one in
engineering; ISO 80000-2 writes ``\\ln``, ``\\lb`` and ``\\lg`` and leaves a bare ``log`` for
texts where the base does not matter.  A verdict must not depend on a guess, so a statement
that evaluates such a logarithm is checked under each reading (:func:`each_reading`) and keeps
its verdict only when the readings agree: ``\\log(ab) = \\log a + \\log b`` and ``\\log 1 = 0``
hold, ``\\log 8 = 3`` is unchecked ("holds as log_2, wrong as ln and log_10"), ``\\log 8 = 5``
is wrong in every base.  The evaluator reads the base from :func:`log_function`; nothing else
changes between the runs.

>>> with reading("log_2"):
...     log_function()(8)
3
"""

from __future__ import annotations

import contextlib
import contextvars

import sympy as sp

__all__ = ["READINGS", "each_reading", "log_function", "reading", "describe"]

#: The readings of ``\log x``, the first being the one used outside :func:`each_reading`.
READINGS = {"ln": sp.log, "log_2": lambda t: sp.log(t, 2), "log_10": lambda t: sp.log(t, 10)}
_CURRENT: contextvars.ContextVar[str] = contextvars.ContextVar("log_reading", default="ln")
_SEEN: contextvars.ContextVar[list | None] = contextvars.ContextVar("log_seen", default=None)


def log_function():
    """The function ``\\log`` (no base) stands for now; notes that one was evaluated."""
    seen = _SEEN.get()
    if seen is not None:
        seen.append(True)
    return READINGS[_CURRENT.get()]


@contextlib.contextmanager
def reading(name: str):
    """Evaluate ``\\log`` as ``name`` (a key of :data:`READINGS`) inside the block."""
    token = _CURRENT.set(name)
    try:
        yield
    finally:
        _CURRENT.reset(token)


@contextlib.contextmanager
def _watch():
    seen: list = []
    token = _SEEN.set(seen)
    try:
        yield seen
    finally:
        _SEEN.reset(token)


def each_reading(run):
    """``{reading: run()}`` for every reading when the first run evaluated a ``\\log`` without
    a base, else ``{"ln": run()}``.  ``run`` is called inside :func:`reading`."""
    with _watch() as seen:
        first = run()
    if not seen:
        return {"ln": first}
    out = {"ln": first}
    for name in list(READINGS)[1:]:
        with reading(name):
            out[name] = run()
    return out


def describe(statuses: dict) -> str:
    """``holds as log_2; wrong as ln and log_10``: the verdict under each reading."""
    by_status: dict = {}
    for name, status in statuses.items():
        by_status.setdefault(status, []).append(name)
    parts = [f"{status} as {' and '.join(names)}" for status, names in by_status.items()]
    return "\\log without a base: " + "; ".join(parts) + \
        " (write \\ln, \\log_2 or \\log_{10} to say which)"


def decide(run, env):
    """``run(env)`` (a statement's whole check, returning a
    :class:`~convproof.check.verdict.StatementResult`), repeated under every reading on copies of
    ``env`` as it was when a ``\\log`` without a base was evaluated.  The verdict stands when the
    readings agree, else the statement is unchecked with each reading's verdict; a name the
    statement defines whose value differs between readings is forgotten (its later uses are not
    computed)."""
    from .verdict import StatementResult

    before = env.snapshot()
    envs = []

    def attempt():
        here = env if not envs else before.snapshot()
        envs.append(here)
        return run(here)

    results = each_reading(attempt)
    first = results["ln"]
    if len(results) == 1:
        return first
    unsure = _forget_unsure(env, before, envs[1:])
    statuses = {name: r.status for name, r in results.items()}
    note = f"; {', '.join(unsure)} not used later (its value depends on the base of \\log)" \
        if unsure else ""
    if len(set(statuses.values())) == 1:
        if first.status in ("holds", "wrong"):
            first.message += f"; {first.status} whichever base \\log has (ln, log_2, log_10)"
        first.message += note
        return first
    return StatementResult("unchecked", "log-base",
                           f"{describe(statuses)}; as ln: {first.message}{note}")


def _forget_unsure(env, before, others) -> list[str]:
    changed = [k for k, b in env.values.items() if before.values.get(k) is not b]
    unsure = [k for k in changed
              if any(_value(o, k) is None or _value(o, k) != env.values[k].value for o in others)]
    for key in unsure:
        env.forget(key)
    return unsure


def _value(env, key):
    binding = env.values.get(key)
    return None if binding is None else binding.value
