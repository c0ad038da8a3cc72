r"""Documents: blocks of prose, displayed math, tables, figures and boxes, as LaTeX.

A :class:`Document` renders either as a standalone ``article`` (amsmath, booktabs,
hyperref; T2A + babel for Russian) or as a fragment for ``\input{}`` into existing
notes. Output is deterministic: no dates, no random names; the PDF trailer ID is
emptied (``\pdftrailerid{}``) and dates are omitted (``\pdfinfoomitdate=1``).

Every block, section and document has ``_repr_latex_`` for Jupyter.

Examples
--------
>>> doc = Document("Demo", [Section("One", [Para("Text."), Math("a = b")])])
>>> print(doc.latex(standalone=False))
% convproof fragment: Demo
% Needs in the preamble: \usepackage{amsmath,amssymb,array,booktabs,float,graphicx}
\section{One}
Text.
<BLANKLINE>
\begin{equation*}
a = b
\end{equation*}
<BLANKLINE>
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from ..errors import fail

__all__ = ["LANGS", "tr", "Para", "Math", "Table", "Figure", "Box", "Raw", "Section", "Document"]

LANGS = ("en", "ru")
PACKAGES = "amsmath,amssymb,array,booktabs,float,graphicx"


def tr(lang: str, en: str, ru: str) -> str:
    """Pick the text for ``lang``.

    >>> tr("ru", "Output", "Выход")
    'Выход'
    """
    if lang not in LANGS:
        raise fail("lang", lang, f"must be one of {list(LANGS)}")
    return ru if lang == "ru" else en


class Block:
    """A piece of a section."""

    def latex(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def jupyter(self) -> str:
        return self.latex()

    def _repr_latex_(self) -> str:
        return self.jupyter()


@dataclass
class Para(Block):
    """A paragraph of LaTeX text (already escaped where it came from a user)."""

    text: str

    def latex(self) -> str:
        return self.text + "\n"


@dataclass
class Math(Block):
    r"""Displayed math: ``equation*`` for one line, ``align*`` when ``align`` is set."""

    body: str
    align: bool = False

    def latex(self) -> str:
        env = "align*" if self.align else "equation*"
        return f"\\begin{{{env}}}\n{self.body}\n\\end{{{env}}}\n"

    def jupyter(self) -> str:
        body = rf"\begin{{aligned}}{self.body}\end{{aligned}}" if self.align else self.body
        return f"$$\n{body}\n$$\n"


@dataclass
class Table(Block):
    r"""A ``table`` float around a ``tabular`` body, with a caption."""

    tabular: str
    caption: str = ""

    def latex(self) -> str:
        cap = f"\\caption{{{self.caption}}}\n" if self.caption else ""
        return f"\\begin{{table}}[H]\n\\centering\n{cap}{self.tabular}\n\\end{{table}}\n"

    def jupyter(self) -> str:
        return f"{self.caption}\n"


@dataclass
class Figure(Block):
    r"""An included picture (a PNG next to the .tex), with a caption.

    ``path`` may be a callable returning the path, so a report can name its pictures after the
    file stem it is written under.
    """

    path: Any
    caption: str = ""
    width: str = r"0.6\linewidth"

    @property
    def where(self) -> str:
        return self.path() if callable(self.path) else self.path

    def latex(self) -> str:
        cap = f"\\caption{{{self.caption}}}\n" if self.caption else ""
        return (f"\\begin{{figure}}[H]\n\\centering\n"
                f"\\includegraphics[width={self.width}]{{{self.where}}}\n{cap}\\end{{figure}}\n")

    def jupyter(self) -> str:
        return f"[{self.where}] {self.caption}\n"


@dataclass
class Box(Block):
    """A framed box with a title and items; an item ``(heading, [items])`` is a titled group."""

    title: str
    items: Sequence[Any]

    @staticmethod
    def _list(items: Sequence[str]) -> str:
        return "\\begin{itemize}\n" + "".join(f"\\item {it}\n" for it in items) + "\\end{itemize}\n"

    def latex(self) -> str:
        body = ""
        for it in self.items:
            if isinstance(it, tuple):
                body += f"\\par\\smallskip\\noindent\\textit{{{it[0]}}}\n" + self._list(it[1])
            else:
                body += self._list([it])
        body = body.replace("\\end{itemize}\n\\begin{itemize}\n", "")
        return ("\\par\\medskip\\noindent\\fbox{\\begin{minipage}{0.96\\linewidth}\n"
                f"\\textbf{{{self.title}}}\n{body}"
                "\\end{minipage}}\\par\\medskip\n")

    def jupyter(self) -> str:
        out = self.title + "\n"
        for it in self.items:
            if isinstance(it, tuple):
                out += it[0] + "\n" + "".join(f"- {x}\n" for x in it[1])
            else:
                out += f"- {it}\n"
        return out


@dataclass
class Raw(Block):
    """LaTeX passed through unchanged (built by convproof, never by a user)."""

    tex: str

    def latex(self) -> str:
        return self.tex if self.tex.endswith("\n") else self.tex + "\n"


@dataclass
class Section:
    """A titled list of blocks; ``level`` 1 is ``\\section``, 2 ``\\subsection``."""

    title: str
    blocks: list = field(default_factory=list)
    level: int = 1

    def latex(self) -> str:
        cmd = {1: "section", 2: "subsection", 3: "subsubsection"}[self.level]
        return f"\\{cmd}{{{self.title}}}\n" + "\n".join(b.latex() for b in self.blocks)

    def jupyter(self) -> str:
        return f"{self.title}\n\n" + "\n".join(b.jupyter() for b in self.blocks)

    def _repr_latex_(self) -> str:
        return self.jupyter()


@dataclass
class Document:
    """A titled list of sections in one language."""

    title: str
    sections: list = field(default_factory=list)
    lang: str = "en"
    intro: list = field(default_factory=list)

    def __post_init__(self) -> None:
        tr(self.lang, "", "")

    def body(self) -> str:
        parts = [b.latex() for b in self.intro] + [s.latex() for s in self.sections]
        return "\n".join(parts)

    def latex(self, standalone: bool = True) -> str:
        """The whole ``.tex`` file: an article, or a fragment for ``\\input{}``."""
        if not standalone:
            return (f"% convproof fragment: {self.title}\n"
                    f"% Needs in the preamble: \\usepackage{{{PACKAGES}}}\n" + self.body())
        return self.preamble() + "\\begin{document}\n\\maketitle\n" + self.body() + "\\end{document}\n"

    def preamble(self) -> str:
        ru = self.lang == "ru"
        fontenc = "T2A" if ru else "T1"
        babel = "\\usepackage[english,russian]{babel}\n" if ru else ""
        return (f"% Generated by convproof. Regenerate rather than edit.\n"
                "\\pdfinfoomitdate=1\n\\pdftrailerid{}\n\\pdfsuppressptexinfo=-1\n"
                "\\documentclass[11pt,a4paper]{article}\n"
                f"\\usepackage[{fontenc}]{{fontenc}}\n\\usepackage[utf8]{{inputenc}}\n{babel}"
                "\\usepackage[margin=2cm]{geometry}\n"
                f"\\usepackage{{{PACKAGES}}}\n"
                "\\usepackage[hidelinks]{hyperref}\n"
                "\\allowdisplaybreaks\n"
                f"\\title{{{self.title}}}\n\\author{{convproof}}\n\\date{{}}\n")

    def _repr_latex_(self) -> str:
        return f"{self.title}\n\n" + "\n".join(s.jupyter() for s in self.sections)
