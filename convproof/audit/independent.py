"""An evaluation of an equation that shares no code with :mod:`convproof.check`.

Each side of a relation chain is read by SymPy's own LaTeX parser
(``sympy.parsing.latex.parse_latex(..., backend="lark")``, needs the ``lark`` package); a side
that is a product of matrix environments is read cell by cell and multiplied here.  The verdict
of :func:`judge` is one of

``"true"``       every link evaluates equal (exactly; to the printed precision when one side
                 is a decimal literal, see below); a first side that is a bare name is a
                 definition;
``"false"``      some link without free symbols evaluates unequal;
``"undecided"``  anything else (unreadable, ``\\approx``, shapes, a link with free symbols that
                 is not an identity -- it may hold under the document's bindings).

Printed precision (the rule README states for ``holds``, implemented here on its own): with
``=``, a finite decimal ``d`` with ``k`` printed decimals equals a value ``v`` when it is ``v``
correctly rounded to ``k`` decimals, ``|v - d| <= 5 * 10**-(k+1)`` (either neighbour of an
exact tie); a truncated decimal, or one off in its last digit, is not equal.  A printed integer
is compared exactly.  The decision is exact for rational ``v`` and made from 50 digits otherwise.

>>> judge("2 + 2 = 4"), judge("2 + 2 = 5"), judge("x_1 + 1 = 1 + x_{1}")
('true', 'false', 'true')
>>> judge(r"3.0 + 0.7 \\cdot 0.2511 = 3.1758"), judge(r"3.0 + 0.7 \\cdot 0.2511 = 3.1757")
('true', 'false')
"""

from __future__ import annotations

import re
from decimal import Decimal

import sympy as sp

__all__ = ["available", "judge"]

_MATRIX = re.compile(r"\\begin\{([bpvBV]?matrix)\}(.*?)\\end\{\1\}(\^\{?(?:T|\\top|\\mathsf\{T\}|"
                     r"\\intercal)\}?)?", re.S)
_STRIP = (r"\left", r"\right", r"\begin{aligned}", r"\end{aligned}", r"\displaystyle", r"\,", r"\!",
          r"\;", r"\big", r"\Big")
_DECIMAL = re.compile(r"^\s*-?\d+\.\d+\s*$")
_NAME = re.compile(r"^\s*(\\mathbf\{)?[A-Za-z](\})?(_\{?[\w,]+\}?)?(\^\{?\(?\w+\)?\}?)?\s*$")
_MAX_CHARS = 6000
ILL_FORMED = "ill-formed"  # a product of matrices whose shapes do not fit


def available() -> bool:
    """Whether SymPy's lark LaTeX parser can be used here."""
    try:
        from sympy.parsing.latex.lark import LarkLaTeXParser  # noqa: F401
    except Exception:  # noqa: BLE001  (missing lark, old SymPy)
        return False
    return True


_ATOM = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?)|\(\s*(?P<paren>-?\s*\d+(?:\.\d+)?)\s*\)|"
                   r"(?P<name>[A-Za-z](?:_(?:\d|\{[\w,]+\}))?)(?:\^(?:(?P<pow>\d)|(?P<sup>\{[^{}]*\})))?|"
                   r"(?P<op>[+-])|(?P<dot>\\cdot))")


def _simple(text: str):
    """A sum of products of numbers and indexed names (``2 f_{1} y_3 - (-1) \\cdot x``), read
    here; ``None`` when ``text`` is anything else (then SymPy's parser reads it)."""
    total, term, sign, pos, started = sp.Integer(0), None, 1, 0, False
    while pos < len(text.rstrip()):
        m = _ATOM.match(text, pos)
        if not m:
            return None
        pos = m.end()
        if m.group("op"):
            if term is not None:
                total, term = total + sign * term, None
            elif started:
                return None
            sign = sign * (-1 if m.group("op") == "-" else 1) if term is None and not started \
                else (-1 if m.group("op") == "-" else 1)
            started = True
            continue
        if m.group("dot"):
            continue
        term = (term if term is not None else 1) * _atom_value(m)
    if term is None:
        return None
    return total + sign * term


def _atom_value(m):
    if m.group("num") or m.group("paren"):
        return sp.Rational(str(m.group("num") or m.group("paren").replace(" ", "")))
    name = m.group("name")
    if "_" in name and "{" not in name:
        name = name[:2] + "{" + name[2:] + "}"
    if m.group("sup"):
        return sp.Symbol(name + "^" + m.group("sup"))
    return sp.Symbol(name) ** int(m.group("pow") or 1)


_PARSER: list = []


def _parse(text: str):
    simple = _simple(text)
    if simple is not None:
        return simple
    if not _PARSER:
        from sympy.parsing.latex.lark import LarkLaTeXParser
        _PARSER.append(LarkLaTeXParser())
    expr = _PARSER[0].doparse(text)
    if not isinstance(expr, sp.Basic):
        raise ValueError("ambiguous or unreadable")
    return expr.replace(lambda e: isinstance(e, sp.Float), lambda e: sp.Rational(str(e)))


def _split_top(text: str, seps: tuple) -> list[str]:
    """``text`` cut at top-level separators (outside braces, brackets and environments)."""
    out, depth, cur, i = [], 0, [], 0
    while i < len(text):
        if text.startswith("\\begin", i):
            depth += 1
        elif text.startswith("\\end", i):
            depth -= 1
        ch = text[i]
        depth += ch in "{([" and not text[max(0, i - 1)] == "\\"
        depth -= ch in "})]" and not text[max(0, i - 1)] == "\\"
        sep = next((s for s in seps if depth == 0 and text.startswith(s, i)), None)
        if sep:
            out.append("".join(cur))
            cur, i = [], i + len(sep)
            continue
        cur.append(ch)
        i += 1
    out.append("".join(cur))
    return out


def _side_value(side: str):
    """A SymPy value (scalar or Matrix) of one side, or ``None`` if it cannot be read."""
    blocks = list(_MATRIX.finditer(side))
    if not blocks:
        if "\\times" in side:
            return None  # a shape or a cross product: not decided here
        return _parse(side)
    rest = _MATRIX.sub("", side).replace("\\cdot", "").strip()
    if rest:
        return None
    value = None
    for m in blocks:
        rows = [r for r in re.split(r"\\\\", m.group(2)) if r.strip()]
        mat = sp.Matrix([[_parse(c) for c in r.split("&")] for r in rows])
        mat = mat.T if m.group(3) else mat
        if value is not None and value.shape[1] != mat.shape[0]:
            return ILL_FORMED
        value = mat if value is None else value * mat
    return value


def _rounds_to(value, text: str) -> bool:
    """Whether the decimal ``text`` is ``value`` correctly rounded to its printed decimals."""
    places = len(text.strip().split(".")[1])
    printed = sp.Rational(text.strip())
    half = sp.Rational(1, 2 * 10 ** places)
    if isinstance(value, sp.Rational):
        return abs(value - printed) <= half
    gap = Decimal(str(sp.N(value - printed, 50)))
    return abs(gap) <= Decimal(5).scaleb(-(places + 1))


def _entry_equal(a, b, b_text: str | None, a_text: str | None) -> bool:
    """One value (or matrix entry): exactly equal, or a printed decimal that rounds it."""
    for value, text in ((a, b_text), (b, a_text)):
        if text is not None and _DECIMAL.match(text) and not _free(value):
            return _rounds_to(value, text)
    return sp.simplify(a - b) == 0


def _cell_texts(side: str) -> list | None:
    """The cells of a side that is one matrix environment, in the order of its value."""
    m = _MATRIX.fullmatch(side.strip())
    if not m:
        return None
    rows = [[c.strip() for c in r.split("&")] for r in re.split(r"\\\\", m.group(2)) if r.strip()]
    if m.group(3):
        rows = [list(col) for col in zip(*rows)]
    return [c for row in rows for c in row]


def _equal(a, b, b_text: str, a_text: str) -> bool | None:
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        if not (isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase)) or a.shape != b.shape:
            return False
        a_cells = _cell_texts(a_text) or [None] * len(a)
        b_cells = _cell_texts(b_text) or [None] * len(b)
        if len(a_cells) != len(a) or len(b_cells) != len(b):
            a_cells, b_cells = [None] * len(a), [None] * len(b)
        return all(_entry_equal(x, y, bt, at) for x, y, at, bt in zip(a, b, a_cells, b_cells))
    return _entry_equal(a, b, b_text, a_text)


def _clean_envs(text: str) -> str:
    for junk in _STRIP:
        text = text.replace(junk, "")
    return re.sub(r"\\begin\{(?![bpvBV]?matrix)[a-z]+\*?\}|\\end\{(?![bpvBV]?matrix)[a-z]+\*?\}", " ", text)


def _clean(text: str) -> str:
    parts = re.split(r"(\\begin\{[bpvBV]?matrix\}.*?\\end\{[bpvBV]?matrix\})", text, flags=re.S)
    text = "".join(p if i % 2 else p.replace("&", " ").replace("\\\\", " ")
                   for i, p in enumerate(parts))
    return re.sub(r"\^\{?\\top\}?|\^\{\\mathsf\{T\}\}|\^\{\\intercal\}", "^T", text)


def _chains(text: str) -> list[str]:
    """Rows of an ``aligned`` block grouped into chains: a row that starts with a relation
    (``&= ...``) continues the previous chain, any other row starts a new one."""
    parts = re.split(r"(\\begin\{[bpvBV]?matrix\}.*?\\end\{[bpvBV]?matrix\})", text, flags=re.S)
    rows, cur = [], ""
    for i, part in enumerate(parts):
        pieces = [part] if i % 2 else part.split("\\\\")
        for j, piece in enumerate(pieces):
            if j and cur.strip():
                rows.append(cur)
                cur = ""
            cur += piece
    rows.append(cur)
    chains: list[str] = []
    for row in rows:
        if chains and re.match(r"\s*&?\s*(=|\\approx)", row):
            chains[-1] += " " + row
        elif row.strip():
            chains.append(row)
    return chains


def judge(text: str, identities: bool = False) -> str:
    """``"true"``, ``"false"`` or ``"undecided"`` for ``text``: every relation chain of it (rows of
    an ``aligned`` block that do not start with a relation start a new chain)."""
    if len(text) > _MAX_CHARS or "\\approx" in text or not available():
        return "undecided"
    from .independent_size import judge_size  # general size formulas: compared on a grid of sizes
    size = judge_size(text)
    if size is not None:
        return size
    from .independent_count import judge_count  # parameter counts, MACs, receptive fields
    size = judge_count(text) if size is None else size
    if size is not None:
        return size
    from .independent_index import judge_index  # index sums: literal loops against numeric.reference
    indexed = judge_index(text)
    if indexed is not None:
        return indexed
    from .independent_indexmore import judge_index_more  # grouped and centered index sums
    indexed = judge_index_more(text)
    if indexed is not None:
        return indexed
    from .independent_sumdot import judge_sum_dot  # a symbolic-length sum against a dot product
    summed = judge_sum_dot(text)
    if summed is not None:
        return summed
    from .independent_shapes import judge_receptive_step, judge_shape  # matrix shapes, r_l with a product
    shaped = judge_shape(text) or judge_receptive_step(text)
    if shaped is not None:
        return shaped
    from .independent_notation import judge_notation  # cases, Hadamard, max/min over a list
    listed = judge_notation(text)
    if listed is not None:
        return listed
    from .independent_deriv2 import judge_diff2  # the operator d/dx, cases of activations
    if (deriv2 := judge_diff2(text)) is not None:
        return deriv2
    from .independent_actsum import judge_activation_sum  # ReLU'(z) + ReLU'(z) = 0, z < 0
    summed = judge_activation_sum(text) if "'(" in text else None
    if summed is not None:
        return summed
    from .independent_deriv import judge_derivative  # activation derivatives, by SymPy
    deriv = judge_derivative(text)
    if deriv is not None and deriv != "undecided":
        return deriv
    verdicts = [_judge_chain(_clean(c), identities)
                for c in _chains(_clean_envs(text))]
    if "false" in verdicts:
        return "false"
    return "true" if verdicts and all(v == "true" for v in verdicts) else "undecided"


def _judge_chain(text: str, identities: bool = False) -> str:
    """One relation chain.  With ``identities`` the free symbols are known to be unbound (the
    audit corpus), so a link that is not an identity is ``"false"``."""
    sides = _split_top(text, ("=",))
    if len(sides) < 2:
        return "undecided"
    try:
        values = [_side_value(s) for s in sides]
    except Exception:  # noqa: BLE001  (the parser rejects what it cannot read)
        return "undecided"
    if any(v is ILL_FORMED for v in values):
        return "false"
    verdict = "true"
    for i, (a, b) in enumerate(zip(values, values[1:])):
        if i == 0 and _is_name(sides[0]):
            label = _labels(a, b)
            if label == "false":
                return "false"
            if len(values) == 2 or label == "undecided":
                verdict = "undecided"
            continue  # a definition: the name takes the value of the rest of the chain
        if a is None or b is None:
            verdict = "undecided"
            continue
        try:
            same = _equal(a, b, sides[i + 1], sides[i])
        except Exception:  # noqa: BLE001
            verdict = "undecided"
            continue
        free = _free(a) or _free(b)
        if not same and (identities or not free):
            return "false"
        if not same:
            verdict = "undecided"
    return verdict


def _is_name(side: str) -> bool:
    """A bare name, a derivative name, or a column of bare names (labels)."""
    if _NAME.match(side) or "\\partial" in side:
        return True
    m = _MATRIX.fullmatch(side.strip())
    return bool(m) and all(_NAME.match(c) for r in m.group(2).split("\\\\") if r.strip()
                           for c in r.split("&"))


def _labels(names, values) -> str:
    """Labels that name two different values are ``"false"``; other label vectors are
    ``"undecided"`` (whether a label is the right one is the document's convention)."""
    if not isinstance(names, sp.MatrixBase):
        return "true"
    if not isinstance(values, sp.MatrixBase) or names.shape != values.shape:
        return "undecided"
    seen: dict = {}
    for n, v in zip(names, values):
        if n in seen and sp.expand(seen[n] - v) != 0:
            return "false"
        seen[n] = v
    return "undecided"


def _free(value) -> bool:
    return bool(getattr(value, "free_symbols", set()))
