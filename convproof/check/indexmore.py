"""Index sums beyond :mod:`.indexconv`: grouped (:mod:`.indexgroup`), centered (:mod:`.indexcentered`),
deformable (:mod:`.indexdeform`, a stated reading only)."""

from __future__ import annotations

from .indexcentered import check_centered
from .indexdeform import check_deformable
from .indexgroup import check_grouped
from .verdict import StatementResult

__all__ = ["check_index_more"]


def check_index_more(text: str, before: str = "", chains: bool = True) -> StatementResult | None:
    """The verdict of the first of the grouped / centered / deformable readers (and, with
    ``chains``, of chains of three or more sides, :mod:`.indexchain`) that reads ``text``, or ``None``."""
    from .indexchain import check_chain
    for check in (check_grouped, check_centered, check_deformable) + ((check_chain,) if chains else ()):
        res = check(text, before)
        if res is not None:
            return res
    return None
