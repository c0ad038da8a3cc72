"""Shared helpers of the seeds' statement modules: the :data:`STATEMENTS` list, ``fixed`` statements,
central-difference checks (:func:`fd_check`) and exact checks."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ..verify import Comparison, Statement, compare, register

__all__ = ["STATEMENTS", "ONCE", "fixed", "fd_check"]

STATEMENTS: list[Statement] = []
ONCE = {"quick": 1, "thorough": 1}


def _add(stmt: Statement) -> Statement:
    STATEMENTS.append(register(stmt, replace=True))
    return stmt


def fixed(name: str, latex: str, description: str, prove, source: str, oracles=("SymPy",)) -> Statement:
    """A statement without parameters: ``prove()`` is run once."""
    return _add(Statement(name=name, latex=latex, description=description, space=lambda mode: st.just(None),
                          prove=lambda _case: prove(), examples=ONCE, oracles=tuple(oracles), source=source))


def fd_check(what: str, f, x: np.ndarray, grad: np.ndarray, h: float = 1e-6) -> Comparison:
    """Central differences of scalar ``f`` at ``x`` vs ``grad``; tolerance ``~ h^2 f''' + eps f / h``."""
    fd = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x, dtype=float)
        e[idx] = h
        fd[idx] = (f(x + e) - f(x - e)) / (2 * h)
    scale = max(1.0, float(np.max(np.abs(grad))))
    tol = 1e-6 * scale
    return compare(what, np.asarray(grad, float), fd,
                   tolerance=(tol, f"central differences h={h}: truncation O(h^2) + rounding eps/h, x{scale:.3g}"))


def _exact(what: str, ok: bool, detail: str = "") -> Comparison:
    return Comparison(what, bool(ok), detail="" if ok else detail)
