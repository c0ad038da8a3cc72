"""Verification: a registry of named statements, each proved exactly and cross-checked numerically.

Register a statement (at import time of your module)::

    from convproof.verify import Statement, register, compare
    register(Statement(name="nn.dense.grad", latex=r"\\frac{\\partial L}{\\partial W} = g x^T",
                       description="...", space=lambda mode: strategy, crosscheck=my_check,
                       oracles=("formula", "finite differences")))

or with the decorator (the function becomes the cross-check; ``role="prove"`` for a proof)::

    @statement("nn.dense.grad", latex=..., description=..., space=..., oracles=(...))
    def my_check(case, inputs):
        x = inputs.floats("x", (3,))
        return compare("formula vs finite differences", formula(x), fd(x), n_terms=3, magnitude=...)

Then ``convproof verify nn.*`` runs it. Add your module to
:data:`convproof.verify.registry.STATEMENT_MODULES` (``convproof.seeds.statements`` is already listed).
Library entry points: :func:`run_all` (the ``convproof build`` job), :func:`status` (reports),
:func:`evaluate` (one statement), :func:`write_markdown` (``reports/verify.md``).
"""

from __future__ import annotations

from typing import Any, Callable

from .compare import compare, dot_tolerance, is_exact
from .engine import HypothesisInputs, NumpyInputs, evaluate
from .registry import REGISTRY, STATEMENT_MODULES, get, load_builtin, names, register, select
from .result import Counterexample, Result, format_table, to_json_records, to_junit, to_markdown, write_markdown
from .runner import run, run_all, status
from .statement import Comparison, Inputs, NotApplicable, Statement

__all__ = [
    "Statement", "Comparison", "Inputs", "NotApplicable", "Result", "Counterexample",
    "register", "statement", "get", "select", "names", "load_builtin", "REGISTRY", "STATEMENT_MODULES",
    "compare", "dot_tolerance", "is_exact", "evaluate", "run", "run_all", "status",
    "NumpyInputs", "HypothesisInputs",
    "format_table", "to_json_records", "to_junit", "to_markdown", "write_markdown",
]


def statement(name: str, latex: str, description: str, space: Callable[[str], Any], *,
              role: str = "crosscheck", **fields: Any) -> Callable[[Callable], Callable]:
    """Decorator registering the decorated function as a statement's cross-check (or proof).

    ``role="crosscheck"``: ``fn(case, inputs)``; ``role="prove"``: ``fn(case)``. Other
    :class:`Statement` fields (``oracles``, ``examples``, ``pinned``, ``requires``, ``source``,
    and the other role's function) go in ``fields``.

    >>> from hypothesis import strategies as st
    >>> @statement("demo.even", r"2a \\equiv 0 \\pmod 2", "doubles are even",
    ...            lambda mode: st.integers(), role="prove", replace=True)
    ... def even(a):
    ...     return (2 * a) % 2 == 0
    >>> evaluate(get("demo.even")).status
    'proven'
    >>> REGISTRY.unregister("demo.even")
    """
    if role not in ("crosscheck", "prove"):
        from ..errors import fail

        raise fail("role", role, "must be 'crosscheck' or 'prove'")
    replace = bool(fields.pop("replace", False))

    def deco(fn: Callable) -> Callable:
        register(Statement(name=name, latex=latex, description=description, space=space,
                           **{role: fn}, **fields), replace=replace)
        return fn

    return deco
