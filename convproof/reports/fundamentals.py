"""Built-in report ``fundamentals``: neural-network basics (seeds 002-004), content from :mod:`convproof.nn`.

The content (dense layers, activations, losses, backprop on a graph, optimizers, with their
checks) is written by the fundamentals engineer in ``convproof.nn.report_content``; this module
only assembles it into a document. The contract, in order of preference:

* ``report_content.sections(lang) -> list[convproof.latex.document.Section]``, or
* ``report_content.document(lang) -> convproof.latex.document.Document``.

``lang`` is ``"en"`` or ``"ru"``. When the content module is absent the report cannot be built
and :func:`available` is ``False`` (``build_all`` then skips it and says so).
"""

from __future__ import annotations

import importlib
from typing import Any

from ..errors import fail
from ..latex.document import Document, Section, tr
from ..latex.notation import Notation
from .base import Report

__all__ = ["fundamentals_report", "available", "CONTENT_MODULE"]

CONTENT_MODULE = "convproof.nn.report_content"


def _content() -> Any:
    try:
        return importlib.import_module(CONTENT_MODULE)
    except ImportError:
        return None


def available() -> bool:
    """True when the content module can be imported and offers ``sections`` or ``document``."""
    mod = _content()
    return mod is not None and (hasattr(mod, "sections") or hasattr(mod, "document"))


def fundamentals_report(lang: str = "en", notation: Notation | None = None, max_size: int = 10) -> Report:
    """Assemble the fundamentals report (``notation`` and ``max_size`` are not used by this content)."""
    mod = _content()
    title = tr(lang, "Neural network fundamentals, verified", "Основы нейронных сетей, проверено")
    if mod is not None and hasattr(mod, "document"):
        doc = mod.document(lang)
        if not isinstance(doc, Document):
            raise fail("report_content.document", type(doc).__name__, "must return a Document")
        return Report(doc)
    if mod is not None and hasattr(mod, "sections"):
        sections = list(mod.sections(lang))
        if not all(isinstance(s, Section) for s in sections):
            raise fail("report_content.sections", "items", "must be convproof.latex.document.Section objects")
        return Report(Document(title, sections, lang))
    raise fail("report", "fundamentals", f"its content module {CONTENT_MODULE} is not available yet")
