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

from ..errors import ConvProofError, fail
from ..files import check_dir, check_stem, replacing, write_text
from ..latex.compile import compile_pdf
from ..latex.document import Document, Figure
from ..latex.escape import check_title

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
        """Write ``<stem>.tex`` (and pictures; the PDF with ``pdf``); return the written paths.

        ``stem`` must be a plain file name (:func:`convproof.files.check_stem`), so nothing is written
        outside ``outdir``. Every file is written atomically. When the PDF cannot be compiled, an
        older ``<stem>.pdf`` is removed, so it never sits beside a ``.tex`` it was not built from.
        """
        check_stem(stem, "stem")
        if standalone:
            check_title(self.document.title, self.lang, "title")
        out = check_dir(outdir, "outdir")
        self.stem = stem
        text = self.latex(standalone)
        written = []
        if self.figures:
            check_dir(out / FIGURE_DIR, "outdir")
        for name, draw in sorted(self.figures.items()):
            path = out / self.figure_path(name)
            with replacing(path) as tmp:
                draw(tmp)
            written.append(path)
        tex = write_text(out / f"{stem}.tex", text)
        written.insert(0, tex)
        if pdf:
            try:
                written.append(compile_pdf(tex))
            except ConvProofError:
                (out / f"{stem}.pdf").unlink(missing_ok=True)
                raise
        return written

    def _repr_latex_(self) -> str:
        return self.document._repr_latex_()
