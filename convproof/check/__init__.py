"""Equation checker for lecture notes (``convproof check``): read the equations of a LaTeX or
Markdown document, verify what can be verified, point at the exact wrong entry.

Layers: :mod:`.extract` (find equations) -> :mod:`.statements` / :mod:`.parse` (purpose-built
parser, never ``eval``) -> :mod:`.evaluate` + :mod:`.env` (exact SymPy values, definitions carried
across the document) -> :mod:`.verify` / :mod:`.chain` (links, approximations) and :mod:`.conv`
(convolution identification) -> :mod:`.document` (per-document driver) -> :mod:`.report`.
"""

from .document import EquationResult, FileReport, check_text
from .report import apply_fixes, summary, to_json

__all__ = ["EquationResult", "FileReport", "apply_fixes", "check_text", "summary", "to_json"]
