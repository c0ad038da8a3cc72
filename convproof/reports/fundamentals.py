"""Built-in report ``fundamentals``: neural-network basics (seeds 002-004), content from :mod:`convproof.nn`.

The content is data written by the fundamentals engineer in :mod:`convproof.seeds.report_content`:
``sections()`` returns ``ContentSection`` objects (``key``, ``title`` as ``Text``, ``blocks`` of
``Text`` / ``Display`` / ``TableData``, and ``statements``: names of registered statements that
verify the section). This module turns them into LaTeX sections for one language and closes each
section with the status of its statements from :func:`convproof.verify.status`.

A table's ``quotes`` columns hold the seed's own text, wrong equations included.  Those cells are
written between ``% convproof-check: off`` and ``% convproof-check: on`` comment lines, so
``convproof check`` on the report reads only the report's own equations as claims.
"""

from __future__ import annotations

import importlib
from typing import Any

from ..errors import fail
from ..latex.document import Box, Document, Math, Para, Section, Table, tr
from ..latex.escape import escape_text
from ..notation import Notation
from .base import Report
from .common import check_item, tabular

__all__ = ["fundamentals_report", "available", "CONTENT_MODULE", "to_section", "quoted_cell"]

CONTENT_MODULE = "convproof.seeds.report_content"
# The markers of convproof.check.extract (not imported: reports and check are separate layers).
OFF_MARK, ON_MARK = "convproof-check: off", "convproof-check: on"
# A statement's status (convproof.verify.result: proven / failed / skipped) in the Russian report.
STATUS_RU = {"proven": "доказано", "failed": "не выполнено", "skipped": "пропущено"}


def _content() -> Any:
    try:
        return importlib.import_module(CONTENT_MODULE)
    except ImportError:
        return None


def available() -> bool:
    """True when the content module can be imported and offers ``sections()``."""
    mod = _content()
    return mod is not None and hasattr(mod, "sections")


def quoted_cell(cell: str) -> str:
    r"""A table cell the equation checker skips: a quote of the seed, not a claim of the report.

    >>> print(quoted_cell("$1 = 2$"))
    %
    % convproof-check: off
    $1 = 2$%
    % convproof-check: on
    <BLANKLINE>
    """
    return f"%\n% {OFF_MARK}\n{cell}%\n% {ON_MARK}\n" if cell.strip() else cell


def _cells(block: Any, lang: str) -> list[tuple[str, ...]]:
    quotes = set(getattr(block, "quotes", ()))
    return [tuple(quoted_cell(c) if i in quotes else c for i, c in enumerate(row)) for row in block.cells(lang)]


def _block(block: Any, lang: str):
    kind = type(block).__name__
    if kind == "Text":
        return Para(block.text(lang))
    if kind == "Display":
        return Math(block.latex)
    if kind == "TableData":
        cols = block.columns.replace("p{", r">{\raggedright\arraybackslash}p{")
        body = tabular(cols, block.header(lang), _cells(block, lang))
        return Table("\\small\\renewcommand{\\arraystretch}{1.2}\n" + body, block.caption.text(lang))
    raise fail("block", kind, "fundamentals content blocks must be Text, Display or TableData")


def _statement_box(names: tuple[str, ...], lang: str) -> Box | None:
    if not names:
        return None
    try:
        from ..verify import status

        results = status(list(names))
    except Exception as exc:  # noqa: BLE001 - report what could not be checked instead of crashing
        return Box(tr(lang, "Verified", "Проверено"),
                   [check_item(lang, False, escape_text(f"{', '.join(names)}: {type(exc).__name__}"))])
    # Status only: how many cases a time-bounded sweep drew depends on the machine and its load,
    # and a committed report must not (reports/verify.local.md has the counts).
    items = [check_item(lang, r.status == "proven", f"\\texttt{{{escape_text(r.name)}}}: "
                        + tr(lang, r.status, STATUS_RU.get(r.status, r.status)))
             for r in results]
    return Box(tr(lang, "Verified (convproof verify)", "Проверено (convproof verify)"), items)


def to_section(content: Any, lang: str) -> Section:
    """One ``ContentSection`` as a LaTeX section, closed by the status of its statements."""
    blocks = [_block(b, lang) for b in content.blocks]
    box = _statement_box(tuple(getattr(content, "statements", ())), lang)
    return Section(content.title.text(lang), blocks + ([box] if box else []))


def fundamentals_report(lang: str = "en", notation: Notation | None = None, max_size: int = 10) -> Report:
    """Assemble the fundamentals report (``notation`` and ``max_size`` do not apply to this content)."""
    mod = _content()
    if mod is None or not hasattr(mod, "sections"):
        raise fail("report", "fundamentals", f"its content module {CONTENT_MODULE} is not available")
    title = tr(lang, "Neural network fundamentals, verified", "Основы нейронных сетей, проверено")
    intro = Para(tr(lang, "Dense layers, activations, losses, gradient descent, optimizers and backpropagation on a "
                          "computational graph (seed lectures 002--004), every formula and worked number checked.",
                    "Полносвязные слои, функции активации, потери, градиентный спуск, оптимизаторы и обратное "
                    "распространение на вычислительном графе (лекции 002--004); каждая формула и каждое число "
                    "проверены."))
    return Report(Document(title, [to_section(c, lang) for c in mod.sections()], lang, [intro]))
