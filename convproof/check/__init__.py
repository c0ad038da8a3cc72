"""Equation checker for lecture notes (``convproof check``): read the equations of a LaTeX or
Markdown document, verify what can be verified, point at the exact wrong entry.

What ``holds`` means: every relation of the statement (every link of a chain, both sides) was
evaluated -- exactly, as an identity in its free symbols (for all their values), or to the
printed precision for a printed decimal -- and agreed; the message says which, and names every
binding it used with its line.  Recognising a convolution matrix or a labelled product never
gives ``holds`` (it can only add a finding or a note); nothing unknown is assumed (undefined
functions, ``*`` between symbols, transposes and bold names of unknown shape are unchecked);
a binding is used only inside its passage, its row of a table of cases, until it lapses, and
never for a name the statement quantifies (:mod:`.scope`).

Layers: :mod:`.extract` (find equations) -> :mod:`.statements` / :mod:`.parse` (purpose-built
parser, never ``eval``) -> :mod:`.evaluate` + :mod:`.env` (exact SymPy values, definitions carried
across the document) -> :mod:`.verify` / :mod:`.chain` (links, approximations) and :mod:`.conv`
(convolution identification) -> :mod:`.document` (per-document driver) -> :mod:`.report`.
"""

from .document import EquationResult, FileReport, check_text
from .report import apply_fixes, summary, to_json

__all__ = ["EquationResult", "FileReport", "apply_fixes", "check_text", "summary", "to_json"]
