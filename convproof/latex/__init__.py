"""LaTeX side of convproof: lecture notation, matrix elision, escaping, documents, pictures, PDF compile.

The only package (with :mod:`convproof.reports`) that builds LaTeX strings or writes files.
"""

from .compile import INSTALL_HINT, LatexMissing, compile_pdf, have_latex
from .document import LANGS, Box, Document, Figure, Math, Para, Raw, Section, Table, tr
from .escape import escape_text
from ..notation import LECTURE, Notation
from .matrix import aligned_latex, matrix_latex, shown_indices, sum_lines, vector_latex
from .printer import LecturePrinter, SymbolTable, latex

__all__ = [
    "Notation", "LECTURE", "LecturePrinter", "SymbolTable", "latex", "escape_text",
    "matrix_latex", "vector_latex", "aligned_latex", "shown_indices", "sum_lines",
    "Document", "Section", "Para", "Math", "Table", "Figure", "Box", "Raw", "LANGS", "tr",
    "compile_pdf", "have_latex", "LatexMissing", "INSTALL_HINT",
]
