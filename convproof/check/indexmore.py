"""Index sums beyond :mod:`.indexconv`: grouped (:mod:`.indexgroup`), centered (:mod:`.indexcentered`),
deformable (:mod:`.indexdeform`, a stated reading only)."""

from __future__ import annotations

from .indexcentered import check_centered
from .indexdeform import check_deformable
from .indexgroup import check_grouped
from .verdict import StatementResult

__all__ = ["check_index_more"]


def check_index_more(text: str, before: str = "") -> StatementResult | None:
    """The verdict of the first of the grouped / centered readers that reads ``text``, or ``None``."""
    for check in (check_grouped, check_centered, check_deformable):
        res = check(text, before)
        if res is not None:
            return res
    return None
