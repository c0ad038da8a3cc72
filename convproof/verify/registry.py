"""The registry of named statements: register, look up by name or glob, suggest close matches.

Built-in statements live in :mod:`convproof.verify.statements`; other packages add theirs by
calling :func:`register` at import time and listing their module in :data:`STATEMENT_MODULES`
(loaded lazily by :func:`load_builtin`, a missing optional module is ignored).

>>> from hypothesis import strategies as st
>>> from convproof.verify.statement import Statement
>>> reg = Registry()
>>> _ = reg.register(Statement("demo.one", "1=1", "trivial", lambda m: st.just(1), prove=lambda c: True))
>>> [s.name for s in reg.select(["demo.*"])]
['demo.one']
>>> reg.select(["demo.onr"])
Traceback (most recent call last):
...
convproof.errors.ConvProofError: statement='demo.onr': no such statement; did you mean 'demo.one'?
"""

from __future__ import annotations

import difflib
import fnmatch
import importlib
from typing import Iterable

from ..errors import fail
from .statement import Statement

__all__ = ["Registry", "REGISTRY", "register", "get", "select", "names", "load_builtin", "STATEMENT_MODULES"]

# Modules whose import registers statements. Optional ones may be absent.
STATEMENT_MODULES = ("convproof.verify.statements", "convproof.seeds.statements")
_REQUIRED = {"convproof.verify.statements"}


class Registry:
    """An ordered mapping ``name -> Statement``."""

    def __init__(self) -> None:
        self._items: dict[str, Statement] = {}

    def register(self, stmt: Statement, replace: bool = False) -> Statement:
        """Add ``stmt``; a second statement of the same name is an error unless ``replace``."""
        if not isinstance(stmt, Statement):
            raise fail("statement", stmt, "must be a convproof.verify.Statement")
        if stmt.name in self._items and not replace and self._items[stmt.name] is not stmt:
            raise fail("name", stmt.name, "a statement of this name is already registered")
        self._items[stmt.name] = stmt
        return stmt

    def unregister(self, name: str) -> None:
        """Remove a statement (tests register temporary ones)."""
        self._items.pop(name, None)

    def names(self) -> list[str]:
        return list(self._items)

    def get(self, name: str) -> Statement:
        """The statement called ``name``; unknown names get a close-match hint."""
        try:
            return self._items[name]
        except KeyError:
            raise self._unknown(name) from None

    def select(self, patterns: Iterable[str] | None = None) -> list[Statement]:
        """Statements matching any of ``patterns`` (exact names or globs), registry order.

        No patterns selects everything. A pattern that matches nothing is an error.
        """
        patterns = list(patterns or [])
        if not patterns:
            return list(self._items.values())
        chosen: dict[str, Statement] = {}
        for pat in patterns:
            hits = [n for n in self._items if fnmatch.fnmatchcase(n, pat)]
            if not hits and not any(ch in pat for ch in "*?["):
                hits = [n for n in self._items if n.startswith(pat + ".")]  # a prefix selects its group
            if not hits:
                raise self._unknown(pat)
            chosen.update((n, self._items[n]) for n in hits)
        return [s for n, s in self._items.items() if n in chosen]

    def _unknown(self, name: str):
        close = difflib.get_close_matches(name, self._items, n=3, cutoff=0.6)
        groups = sorted({n.split(".")[0] for n in self._items})
        if close:
            hint = "did you mean " + " or ".join(repr(c) for c in close) + "?"
        else:
            hint = f"known groups: {', '.join(groups)} (convproof verify --list shows all)"
        return fail("statement", name, f"no such statement; {hint}")


REGISTRY = Registry()
_loaded = False


def load_builtin() -> Registry:
    """Import the statement modules once (they register into :data:`REGISTRY`)."""
    global _loaded
    if not _loaded:
        _loaded = True
        for mod in STATEMENT_MODULES:
            try:
                importlib.import_module(mod)
            except ModuleNotFoundError as exc:
                if mod in _REQUIRED:
                    raise
                if not (exc.name and mod.startswith(exc.name)):
                    _register_load_failure(mod, exc)
            except Exception as exc:  # a broken optional module fails its own entry, not the whole run
                if mod in _REQUIRED:
                    raise
                _register_load_failure(mod, exc)
    return REGISTRY


def _register_load_failure(module: str, exc: Exception) -> None:
    from hypothesis import strategies as st

    from .statement import Comparison

    detail = f"importing {module} raised {type(exc).__name__}: {exc}"
    REGISTRY.register(Statement(
        name=f"load.{module}", latex=r"\text{statement module imports}", description=detail,
        space=lambda mode: st.just(module), prove=lambda case: Comparison("import statement module", False, detail=detail),
        examples={"quick": 1, "thorough": 1}), replace=True)


def register(stmt: Statement, replace: bool = False) -> Statement:
    """Register ``stmt`` in the global registry (returns it, so it can be used inline)."""
    return REGISTRY.register(stmt, replace=replace)


def get(name: str) -> Statement:
    """The registered statement called ``name`` (built-ins loaded first)."""
    return load_builtin().get(name)


def select(patterns: Iterable[str] | None = None) -> list[Statement]:
    """Registered statements matching names/globs (built-ins loaded first)."""
    return load_builtin().select(patterns)


def names() -> list[str]:
    """All registered statement names."""
    return load_builtin().names()
