"""A report: a :class:`~convproof.latex.document.Document` plus the pictures it includes.

``Report.write(outdir, stem)`` writes ``<stem>.tex`` and the pictures (under
``figures/``), and with ``pdf=True`` compiles ``<stem>.pdf``. Nothing else in convproof
writes report files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..errors import fail
from ..latex.compile import compile_pdf
from ..latex.document import Document, Figure

__all__ = ["Report", "FIGURE_DIR"]

FIGURE_DIR = "figures"


@dataclass
class Report:
    """A document and the pictures it needs (written on :meth:`write`)."""

    document: Document
    figures: dict[str, Callable[[str], Any]] = field(default_factory=dict)
    stem: str = "report"

    @property
    def lang(self) -> str:
        return self.document.lang

    def figure(self, name: str, draw: Callable[[str], Any], caption: str,
               width: str = r"0.6\linewidth") -> Figure:
        """Register a picture drawn by ``draw(path)``; the block includes ``figures/<stem>-<name>.png``."""
        if name in self.figures:
            raise fail("figure", name, "a report cannot have two pictures of the same name")
        self.figures[name] = draw
        return Figure(lambda: self.figure_path(name), caption, width)

    def figure_path(self, name: str) -> str:
        """``figures/<stem>-<name>.png``; pictures carry no text, so languages share them."""
        stem = self.stem.removesuffix(f"-{self.lang}") if self.lang != "en" else self.stem
        return f"{FIGURE_DIR}/{stem}-{name}.png"

    def latex(self, standalone: bool = True, stem: str | None = None) -> str:
        """The ``.tex`` text; ``stem`` names the pictures (as :meth:`write` would)."""
        if stem is not None:
            self.stem = stem
        return self.document.latex(standalone)

    def write(self, outdir: str | os.PathLike, stem: str, standalone: bool = True,
              pdf: bool = False) -> list[Path]:
        """Write ``<stem>.tex`` (and pictures; the PDF with ``pdf``); return the written paths."""
        out = Path(outdir)
        out.mkdir(parents=True, exist_ok=True)
        self.stem = stem
        written = []
        for name, draw in sorted(self.figures.items()):
            path = out / self.figure_path(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            draw(os.fspath(path))
            written.append(path)
        tex = out / f"{stem}.tex"
        tex.write_text(self.latex(standalone), encoding="utf-8")
        written.insert(0, tex)
        if pdf:
            written.append(compile_pdf(tex))
        return written

    def _repr_latex_(self) -> str:
        return self.document._repr_latex_()
