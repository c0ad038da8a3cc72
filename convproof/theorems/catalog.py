"""All theorems by name, the correct ones and their deliberately wrong variants."""

from __future__ import annotations

from .engine import Theorem
from .same import SAME_THEOREMS
from .sizes import SIZE_THEOREMS

__all__ = ["THEOREMS", "WRONG", "correct", "wrong_variants"]


def _all() -> list[Theorem]:
    out = SIZE_THEOREMS + SAME_THEOREMS
    for extra in ("index", "sums", "counts"):
        try:
            mod = __import__(f"convproof.theorems.{extra}", fromlist=["THEOREMS"])
        except ModuleNotFoundError:
            continue
        out = out + mod.THEOREMS
    return out


THEOREMS: dict[str, Theorem] = {t.name: t for t in _all()}
WRONG: dict[str, list[Theorem]] = {}
for _t in THEOREMS.values():
    if _t.wrong_of:
        WRONG.setdefault(_t.wrong_of, []).append(_t)


def correct() -> list[Theorem]:
    """The theorems (not the wrong variants), in catalogue order."""
    return [t for t in THEOREMS.values() if not t.wrong]


def wrong_variants() -> list[Theorem]:
    """The deliberately wrong variants, each refuted with a counterexample."""
    return [t for t in THEOREMS.values() if t.wrong]
