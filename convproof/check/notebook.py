"""Jupyter notebooks: check the mathematics of their Markdown cells (nothing is executed).

The notebook is read as JSON with the standard library (no ``nbformat`` needed); its Markdown cells
are joined, in order, into one Markdown text that :func:`~convproof.check.document.check_text`
checks as any Markdown document.  Each result is then placed back: ``cell`` (1-based, counting
every cell of the notebook, code cells too), ``line`` (1-based within the cell's source) and, when
the notebook stores each source line on its own line of the file (as Jupyter writes it),
``file_line``, the line of the ``.ipynb`` file itself (for CI annotations).

>>> nb = '{"cells": [{"cell_type": "code", "source": ["x = 1"]},'
>>> nb += ' {"cell_type": "markdown", "source": ["Sum:\\\\n", "$$2 + 2 = 5$$"]}]}'
>>> e = check_notebook(nb, "n.ipynb").equations[0]
>>> (e.cell, e.line, e.status)
(2, 2, 'wrong')
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right

from .document import FileReport, check_text

__all__ = ["NOTEBOOK_SUFFIXES", "NotebookError", "check_notebook", "markdown_cells"]

NOTEBOOK_SUFFIXES = {".ipynb"}
_SOURCE_KEY = re.compile(r'"source"\s*:\s*')


class NotebookError(ValueError):
    """The file is not a Jupyter notebook (message says why)."""


def _source(cell, index: int) -> list[str]:
    src = cell.get("source", "")
    if isinstance(src, str):
        return src.splitlines(keepends=True)
    if not isinstance(src, list) or not all(isinstance(s, str) for s in src):
        raise NotebookError(f"cell {index}: 'source' is neither a string nor a list of strings")
    return src


def markdown_cells(raw: str) -> list[tuple[int, str]]:
    """``(cell number, source)`` of each Markdown cell of the notebook JSON ``raw``.

    Raises :class:`NotebookError` when ``raw`` is not notebook JSON (a dict with a list ``cells``).
    """
    try:
        nb = json.loads(raw)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise NotebookError(f"not JSON: {exc}") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        raise NotebookError("no 'cells' list (nbformat 4 notebooks only)")
    out = []
    for index, cell in enumerate(cells, 1):
        if not isinstance(cell, dict):
            raise NotebookError(f"cell {index} is not an object")
        if cell.get("cell_type") == "markdown":
            out.append((index, "".join(_source(cell, index))))
    return out


def _file_lines(raw: str, sources: list[tuple[int, str]]) -> dict[int, list[int]]:
    """For each Markdown cell, the file line of each of its source lines (cells whose ``source``
    is stored as one list element per line, verified by decoding; others are left out)."""
    found, pos, decoder = {}, 0, json.JSONDecoder()
    for cell, text in sources:
        want = text.splitlines(keepends=True)
        for m in _SOURCE_KEY.finditer(raw, pos):
            lines = _decode_list(raw, m.end(), decoder, want)
            if lines is not None:
                found[cell], pos = lines, m.end()
                break
    return found


def _decode_list(raw: str, pos: int, decoder, want: list[str]) -> list[int] | None:
    """File lines of the JSON list of strings at ``pos`` if it equals ``want``, else ``None``
    (a source stored as one string: its one file line for every line)."""
    if raw.startswith('"', pos):
        value, _ = decoder.raw_decode(raw, pos)
        return [raw.count("\n", 0, pos) + 1] * len(want) if value == "".join(want) else None
    if not raw.startswith("[", pos):
        return None
    items, starts, pos = [], [], pos + 1
    while True:
        pos = _skip_space(raw, pos)
        if raw.startswith("]", pos):
            break
        if len(items) > len(want) or not raw.startswith('"', pos):
            return None
        starts.append(pos)
        value, pos = decoder.raw_decode(raw, pos)
        items.append(value)
        pos = _skip_space(raw, pos)
        if raw.startswith(",", pos):
            pos += 1
    if items != want:
        return None
    return [raw.count("\n", 0, s) + 1 for s in starts]


def _skip_space(raw: str, pos: int) -> int:
    while pos < len(raw) and raw[pos] in " \t\r\n":
        pos += 1
    return pos


def check_notebook(raw: str, filename: str) -> FileReport:
    """Check the Markdown cells of the notebook JSON ``raw``; positions are cell and line.

    Every :class:`~convproof.check.document.EquationResult` gets ``cell``, ``line`` (within the
    cell) and ``file_line`` (``None`` when it cannot be placed in the file).  A file that is not
    a notebook raises :class:`NotebookError`.
    """
    cells = markdown_cells(raw)
    text, firsts = "", []
    for _, source in cells:
        firsts.append(text.count("\n") + 1)
        text += source + ("\n\n" if not source.endswith("\n") else "\n")
    report = check_text(text, "md", filename)
    file_lines = _file_lines(raw, cells) if report.equations else {}
    for eq in report.equations:
        k = bisect_right(firsts, eq.line) - 1
        cell = cells[k][0]
        eq.cell, eq.line = cell, eq.line - firsts[k] + 1
        lines = file_lines.get(cell)
        eq.file_line = lines[eq.line - 1] if lines and eq.line <= len(lines) else None
    return report
