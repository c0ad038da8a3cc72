"""Shared by the checker benchmarks (:mod:`.coverage`, :mod:`.checker`): per-statement timing, the
warm-up document, the repository commit."""

from __future__ import annotations

import subprocess
import time
from contextlib import contextmanager

__all__ = ["WARM_UP", "cold_caches", "commit", "statement_timer"]

#: Checked before timing: every construct once (imports on first use), no formula of ``checker.SIZE_FORMULAS``.
WARM_UP = ("$$ 1 + 1 = 2 $$\n\n$$ t = 1 $$\n\nLet $y = 2 w$ and $L = y^2$.\n"
           "$$ \\frac{\\partial L}{\\partial w} = 4 y $$\n\n"
           "With input size $i$, kernel size $k$, padding $p$ and stride $s$ the output size is\n"
           "$$ o = \\left\\lfloor \\frac{i + 2p - k}{s} \\right\\rfloor + 2 $$\n")


@contextmanager
def statement_timer():
    """Record ``(line, seconds, source)`` of every statement the checker evaluates while active."""
    from convproof.check import document

    times: list = []
    originals = {name: getattr(document, name, None) for name in ("_check_statement", "_standalone")}

    def wrap(fn):
        def timed(*args, **kwargs):
            eq = next((a for a in args if hasattr(a, "line") and hasattr(a, "text")), None)
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                if eq is not None:
                    times.append((eq.line, time.perf_counter() - start, " ".join(eq.text.split())[:90]))
        return timed

    for name, fn in originals.items():
        if fn is not None:
            setattr(document, name, wrap(fn))
    try:
        yield times
    finally:
        for name, fn in originals.items():
            if fn is not None:
                setattr(document, name, fn)


def commit() -> str:
    """Short hash of the checked-out commit (``unknown`` outside git)."""
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def cold_caches() -> None:
    """Empty SymPy's cache and the checker's proof memo, so that a document is timed as a fresh
    ``convproof check`` run would meet it (imports aside), not helped by the documents before it."""
    from sympy.core.cache import clear_cache

    from convproof.check import sizeformula

    clear_cache()
    memo = getattr(sizeformula, "_proof", None)
    if hasattr(memo, "cache_clear"):
        memo.cache_clear()
