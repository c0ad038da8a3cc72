"""Report content: a report for any spec, and the built-in reports committed in ``reports/``.

>>> sorted(BUILTIN)
['backprop', 'conventions', 'fundamentals', 'layers', 'lecture', 'theorems']
"""

from __future__ import annotations

import difflib
import importlib
import os
import sys
from pathlib import Path
from typing import Any, Callable

from ..errors import fail
from ..notation import LECTURE, Notation
from .base import Report

__all__ = ["BUILTIN", "Report", "build_report", "spec_report", "build_all", "report_stem", "available"]

# name -> (module, function, languages committed in reports/)
BUILTIN: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "lecture": ("lecture", "lecture_report", ("en", "ru")),
    "backprop": ("backprop", "backprop_report", ("en",)),
    "layers": ("layers", "layers_report", ("en",)),
    "conventions": ("conventions", "conventions_report", ("en",)),
    "fundamentals": ("fundamentals", "fundamentals_report", ("en", "ru")),
    "theorems": ("theorems", "theorems_report", ("en", "ru")),
}


def _builder(name: str) -> Callable[..., Report]:
    if name not in BUILTIN:
        close = difflib.get_close_matches(name, sorted(BUILTIN), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise fail("report", name, f"must be one of {sorted(BUILTIN)}{hint}")
    module, func, _ = BUILTIN[name]
    return getattr(importlib.import_module(f".{module}", __name__), func)


def build_report(name: str, lang: str = "en", notation: Notation | None = None, **options: Any) -> Report:
    """Build the built-in report ``name`` (not written yet: call ``.write``)."""
    return _builder(name)(lang=lang, notation=notation or LECTURE, **options)


def spec_report(spec: Any, lang: str = "en", notation: Notation | None = None, **options: Any) -> Report:
    """The report for one :class:`~convproof.ConvSpec` (see :mod:`convproof.reports.spec`)."""
    from .spec import spec_report as build

    return build(spec, lang=lang, notation=notation or LECTURE, **options)


def report_stem(name: str, lang: str) -> str:
    """File stem: ``lecture`` for English, ``lecture-ru`` for Russian."""
    return name if lang == "en" else f"{name}-{lang}"


def available(name: str) -> bool:
    """Whether the built-in report ``name`` can be built here (``fundamentals`` needs its content module)."""
    _builder(name)
    if name == "fundamentals":
        from .fundamentals import available as content_available

        return content_available()
    return True


def build_all(outdir: str | os.PathLike = "reports", pdf: bool = True, require_pdf: bool = False) -> list[Path]:
    """Write every built-in report (``.tex``, pictures, and with ``pdf`` the PDF) to ``outdir``.

    A report whose content is not available (see :func:`available`) is skipped with a message on
    stderr. Without pdflatex the ``.tex`` files are still written and the install hint is printed
    (raised instead with ``require_pdf``).
    """
    from ..latex.compile import INSTALL_HINT, LatexMissing, have_latex

    if pdf and not have_latex():
        if require_pdf:
            raise LatexMissing(INSTALL_HINT)
        print(f"convproof.reports.build_all: writing .tex only. {INSTALL_HINT}", file=sys.stderr)
        pdf = False
    written: list[Path] = []
    for name, (_, _, langs) in BUILTIN.items():
        if not available(name):
            print(f"convproof.reports.build_all: skipped {name!r} (content not available)", file=sys.stderr)
            continue
        for lang in langs:
            written += build_report(name, lang).write(outdir, report_stem(name, lang), pdf=pdf)
    return written
