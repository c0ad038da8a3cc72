"""Where a binding may be used: passages, table rows, lapse by distance, quantified names.

A worked example's numbers are meant for the statements of that example, not for a general
claim two slides later.  The checker applies the rule a careful reader applies:

1. **Passages.**  A binding is visible only in the passage where it was made.  Passages are
   delimited by LaTeX sectioning (``\\part`` ... ``\\subsubsection``, ``\\paragraph``), the begin
   and end of ``frame`` and of example-like environments (``example``, ``exercise``,
   ``problem``, ``solution``, ``proof``, ...), and by Markdown headings and rules (``#``,
   ``---``).
2. **Table rows.**  In a table whose rows are cases side by side (ReLU, Leaky ReLU, ELU: a row
   defines a function, or two rows define the same name; see :func:`case_tables`), a binding
   made in a row (a LaTeX ``tabular`` row, a Markdown ``|`` row) is visible only in that row.
   A table computed row after row (a forward pass) is a sequence like the text around it.
3. **Lapse.**  Inside a passage, a binding lapses when :data:`GAP` lines pass without the name
   being defined or used (documents converted from slides carry no slide markup; a worked
   example uses its numbers again and again, a name resurfacing far away is a new context).

Rules 1 and 3 apply to instances: numbers, numeric matrices and functions.  A definition whose
value keeps symbols (``T = [f_1, f_2, 0; ...]``, notation) holds for the whole document, as a
reader carries notation from section to section; it is still replaced by a redefinition and
confined to its row in a table of cases.
4. **Quantified names.**  A name the equation puts a condition on (``z < 0``, ``x \\ge 0``,
   ``\\forall x``) is a variable of the statement: no binding is used for it, and a sign
   condition becomes an assumption on the symbol (``ReLU'(z) = 0, z < 0`` is checked for every
   negative ``z``).

A statement with names left free is checked as an identity for all their values (or reported
unchecked); a statement decided with bindings says which, and on which line they were made.

>>> pos = Positions(r"\\section{A} $x = 1$ \\section{B} $x$", "tex")
>>> pos.passage(12) != pos.passage(30)
True
>>> quantified(r"\\mathrm{ReLU}'(z) = 0, \\quad z < 0")
{'z': {'negative': True}}
"""

from __future__ import annotations

import bisect
import re

from .env import GAP

__all__ = ["GAP", "Positions", "case_tables", "quantified", "restricted"]

_EXAMPLE_ENVS = ("frame", "example", "exercise", "problem", "solution", "proof", "theorem",
                 "lemma", "definition", "remark", "task", "question", "answer")
_TEX_BOUNDARY = re.compile(
    r"\\(?:part|chapter|section|subsection|subsubsection|paragraph)\*?\s*[\[{]"
    r"|\\(?:begin|end)\{(?:" + "|".join(_EXAMPLE_ENVS) + r")\*?\}")
_MD_BOUNDARY = re.compile(r"^(?:#{1,6}\s|(?:-{3,}|\*{3,}|_{3,})\s*$)", re.MULTILINE)
_TABULAR = re.compile(r"\\begin\{(tabular[x*]?|longtable|tabulary)\}(.*?)\\end\{\1\}", re.DOTALL)
_NAME = (r"(?:\\[a-zA-Z]+\{[a-zA-Z]\}|\\(?:alpha|beta|gamma|delta|epsilon|theta|lambda|mu|sigma|"
         r"tau|phi|omega|xi|eta)|(?<![\w\\])[a-zA-Z])(?:_\{[^{}]*\}|_[a-zA-Z0-9])?")
_CONDITION = re.compile(
    r"(" + _NAME + r")\s*"
    r"(<|>|(?:\\lt|\\gt|\\le|\\leq|\\ge|\\geq|\\leqslant|\\geqslant|\\neq|\\ne|\\in)(?![a-zA-Z]))"
    r"\s*(-?[0-9.]*)")
_FORALL = re.compile(r"\\forall\s*(" + _NAME + ")")
_SIGN = {("<", "0"): {"negative": True}, (r"\lt", "0"): {"negative": True},
         (">", "0"): {"positive": True}, (r"\gt", "0"): {"positive": True},
         (r"\le", "0"): {"nonpositive": True}, (r"\leq", "0"): {"nonpositive": True},
         (r"\leqslant", "0"): {"nonpositive": True},
         (r"\ge", "0"): {"nonnegative": True}, (r"\geq", "0"): {"nonnegative": True},
         (r"\geqslant", "0"): {"nonnegative": True}}


class Positions:
    """Passage and table-row of each offset of one document."""

    def __init__(self, text: str, fmt: str):
        pattern = _TEX_BOUNDARY if fmt == "tex" else _MD_BOUNDARY
        self._bounds = [m.start() for m in pattern.finditer(text)]
        self._text = text
        self._rows = self._table_rows(text, fmt)

    def passage(self, offset: int) -> int:
        """Index of the passage holding ``offset``."""
        return bisect.bisect_right(self._bounds, offset)

    def row(self, offset: int):
        """``(table, row)`` when ``offset`` lies in a table row, else ``None``."""
        for start, end, cuts in self._rows:
            if start <= offset < end:
                return (start, bisect.bisect_right(cuts, offset))
        return None

    @staticmethod
    def _table_rows(text: str, fmt: str) -> list:
        rows = []
        if fmt == "tex":
            for m in _TABULAR.finditer(text):
                cuts = [m.start(2) + c.start() for c in re.finditer(r"\\\\(?!\w)", m.group(2))]
                rows.append((m.start(2), m.end(2), cuts))
            return rows
        pos = 0
        for line in text.splitlines(keepends=True):
            if line.lstrip().startswith("|"):
                rows.append((pos, pos + len(line), []))
            pos += len(line)
        return rows


def case_tables(equations, positions: Positions) -> set:
    """Tables whose rows are cases side by side (ReLU, Leaky ReLU, ELU): a row defines a
    function, or two rows define the same name.  Other tables (a forward pass, row after row)
    are sequences."""
    from .chain import definition_target
    from .split import StatementError, statements
    defined: dict = {}
    cases = set()
    for eq in equations:
        where = positions.row(eq.start)
        if where is None:
            continue
        try:
            chains, _ = statements(eq.text, eq.env)
        except StatementError:
            continue
        for chain in chains:
            target = None if isinstance(chain, tuple) else definition_target(chain)
            if target is None or target[0] not in ("name", "func"):
                continue
            rows = defined.setdefault((where[0], target[1]), set())
            rows.add(where[1])
            if target[0] == "func" or len(rows) > 1:
                cases.add(where[0])
    return cases


def _key(name: str) -> str | None:
    from .parse import ParseError, parse_chain
    try:
        sides = parse_chain(name).sides
    except (ParseError, RecursionError, ValueError):
        return None
    from .nodes import Name
    return sides[0].key if len(sides) == 1 and isinstance(sides[0], Name) else None


# prose right after an equation that puts a condition on it: "$f(x) = x$ for $x \ge 0$"
_AFTER_CONDITION = re.compile(
    r"^\s*(?:\$\$|\$|\\\]|\\\)|\\end\{[A-Za-z*]+\})?\s*[,;]?\s*(?:for|when|whenever|if|where|при|если|когда|для|где)\s+"
    r"(?:all\s+|всех\s+)?(?:\$\$?|\\\()([^$]{1,160}?)(?:\$\$?|\\\))", re.IGNORECASE)
_BRANCHES = re.compile(r"\\begin\{(array|[dr]?cases\*?)\}.*?\\end\{\1\}", re.DOTALL)  # their conditions are
# the branches' (a piecewise definition read by notation.py), not the whole equation's
_REALS = re.compile(r"\s*\\mathbb\s*\{?\s*[RCQ]\b|\s*\\R\b")  # x \in R: a type, not a restriction


def restricted(text: str, after: str = "") -> set:
    r"""Names an equation holds for only some values of: an inequality or a membership (not in R) in it
    (``h(x) = 2x \quad \text{for } x \ge 0``) or in the math of a condition the prose puts right after
    it (``$f(x) = x$ for $x \ge 0$``); conditions of ``cases`` / brace-``array`` branches do not count.
    A definition of a function of such a name is not used elsewhere."""
    m = _AFTER_CONDITION.match(after)
    out = set()
    for part in (_BRANCHES.sub(lambda b: " " * len(b.group()), text), m.group(1) if m else ""):
        for c in _CONDITION.finditer(part):
            if (c.group(2) == r"\in" and _REALS.match(part, c.end(2))) or _nested(part, c.start()):
                continue
            key = _key(c.group(1))
            if key is not None:
                out.add(key)
    return out


def _nested(text: str, at: int) -> bool:
    """Is ``at`` inside brackets (an argument: ``\\mathbb{1}(x >= y)``), not at the top of ``text``?"""
    head = re.sub(r"\\(?:left|right|big|Big|bigg|Bigg)\b", "", text[:at])
    return sum(head.count(o) for o in "([") > sum(head.count(c) for c in ")]")


def quantified(text: str) -> dict:
    """Names an equation puts a condition on, mapped to SymPy assumptions (may be empty)."""
    out: dict = {}
    from .notation import without_cases
    text = without_cases(text)  # a branch's condition quantifies the branch, not the statement
    for m in _CONDITION.finditer(text):
        key = _key(m.group(1))
        if key is not None:
            term = text[:m.start()].rstrip()[-1:] in ("-", "+", "*", "/", "^", ")")
            out.setdefault(key, {}).update({} if term else    # -z < 0 is no sign of z
                                           _SIGN.get((m.group(2), m.group(3)), {}))
    for m in _FORALL.finditer(text):
        key = _key(m.group(1))
        if key is not None:
            out.setdefault(key, {})
    return out
