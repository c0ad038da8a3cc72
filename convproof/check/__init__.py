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

Layers: :mod:`.extract` (find equations) -> :mod:`.split` / :mod:`.parse` over :mod:`.atoms`
and the tables of :mod:`.grammar` (purpose-built parser, never ``eval``) -> :mod:`.evaluate` +
:mod:`.env` / :mod:`.scope` (exact SymPy values, definitions carried across the document within
their scope) -> :mod:`.chain` (links, definitions) using :mod:`.compare` (one link), :mod:`.dims`,
:mod:`.derivative`, :mod:`.blame`, with :mod:`.verdict` (result types) and :mod:`.walk` (tree
traversal); :mod:`.conv` (convolution identification) joined by :mod:`.combine` ->
:mod:`.document` (per-document driver; Jupyter notebooks through :mod:`.notebook`) ->
:mod:`.report`.  The core (:mod:`.atoms`, :mod:`.evaluate`, :mod:`.compare`) imports no
construct: it calls the slots of :mod:`.hooks`, which the constructs beside the grammar
(:mod:`.notation`, :mod:`.elided`, :mod:`.diffop`, :mod:`.slashpartial`, :mod:`.vecgrad`,
:mod:`.derivlink`, :mod:`.branchwise`) fill when imported; :mod:`.constructs` imports them all,
and this package imports it first.
"""

from . import constructs  # noqa: F401  (fills the extension points of .hooks first)
from .document import EquationResult, FileReport, check_text
from .notebook import check_notebook
from .report import apply_fixes, summary, to_json

__all__ = ["EquationResult", "FileReport", "apply_fixes", "check_notebook", "check_text", "summary",
           "to_json"]
