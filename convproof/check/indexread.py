r"""Read an index-sum statement: ``out_{rc} = \sum_i \sum_j X_{(r+i-1)(c+j-1)} K_{ij} + b``.

Only the shape of the statement is read here (names, index expressions as SymPy, the summation
variables with their bounds); :mod:`.indexconv` evaluates it.  Accepted notation: subscripts
(``F_{ijd}``, ``Y_{(r+i-1)(c+j-1)d}``, ``x_{i+u-1,j+v-1}``), superscripts as channel indices
(``X^m``, ``F^{mk}``) or layer tags (``^{(l)}``, ``^{[l]}``), bracket indexing (``X[i+m, j+n]``),
``\mathbf``/``\bm``/``\boldsymbol`` names, ``\sum_{i=1}^{k}``, ``\sum_{i}``, ``\sum_{u,v=1}^{p,q}``,
a body of two factors (``\cdot``, ``\times`` or juxtaposition, optionally in parentheses), and at
most one added bias.  Anything else gives ``None`` (not read).

>>> s = read_index_sum(r"z_{rc} = \sum_{i=1}^{k} \sum_{j=1}^{k} Y_{(r+i-1)(c+j-1)} F_{ij} + b")
>>> s.out.name, [str(e) for e in s.out.indices], [str(e) for e in s.factors[0].indices]
('z', ['r', 'c'], ['i + r - 1', 'c + j - 1'])
>>> s.sums["i"], s.bias.name
((1, 'k'), 'b')
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from .lexer import LexError, Token, tokenize

__all__ = ["Ref", "IndexSum", "read_index_sum"]

_FONTS = {r"\mathbf", r"\bm", r"\boldsymbol", r"\mathrm", r"\mathit", r"\bf", r"\mathcal", r"\vec"}
_TIMES = {r"\cdot", r"\times", "*", r"\ast"}
_STOP = {",", ";", r"\quad", r"\qquad", r"\forall", r"\text", r"\tag", r"\label", r"\mathrm{for}"}
_OPS = {"*", r"\ast", r"\star", r"\otimes", r"\circledast"}
_GREEK = {r"\delta", r"\theta", r"\omega", r"\sigma", r"\alpha", r"\beta", r"\gamma"}


class _NotRead(Exception):
    pass


@dataclass
class Ref:
    """A named entry: ``name``, index expressions (subscript or bracket first, then superscript
    channel indices), the layer tag (``(l)``), ``bracket`` for ``X[i, j]``, ``grad_of`` for a
    factor ``\\frac{\\partial L}{\\partial O[i-m]}`` (the name of ``O``)."""

    name: str
    indices: list = field(default_factory=list)
    tag: str = ""
    bracket: bool = False
    sup_count: int = 0
    pointwise: bool = False
    operands: tuple = ()


@dataclass
class IndexSum:
    """``out = sum over sums of factors[0] * factors[1] + bias``; ``grad`` when the left side is
    ``\\partial L / \\partial out`` (``loss`` its numerator)."""

    out: Ref
    sums: dict
    factors: list
    bias: Ref | None = None
    grad: bool = False
    loss: str = ""
    text: str = ""


def _toks(text):
    return [t for t in tokenize(text) if t.text not in (r"\left", r"\right", r"\limits", r"\nolimits",
                                                           r"\displaystyle", r"\,", r"\;", r"\!", r"\ ")]


def _group(toks, i):
    """``(inner_tokens, next)`` of the ``{...}`` group or the single token at ``i``."""
    if i >= len(toks):
        raise _NotRead("end")
    if toks[i].text != "{":
        return [toks[i]], i + 1
    depth = 0
    for j in range(i, len(toks)):
        depth += {"{": 1, "}": -1}.get(toks[j].text, 0)
        if depth == 0:
            return toks[i + 1:j], j + 1
    raise _NotRead("unbalanced")


def _split_top(toks, sep):
    parts, cur, depth = [], [], 0
    for t in toks:
        if t.text in ("(", "[", "{"):
            depth += 1
        elif t.text in (")", "]", "}"):
            depth -= 1
        if depth == 0 and t.text == sep:
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    return parts + [cur]


def _expr(toks):
    """An integer-affine index expression (letters, integers, + - and products) as SymPy."""
    pos = 0

    def atom():
        nonlocal pos
        if pos >= len(toks):
            raise _NotRead("expr")
        t = toks[pos]
        pos += 1
        if t.kind == "num" and t.text.isdigit():
            return sp.Integer(int(t.text))
        if t.kind == "char" and t.text.isalpha() and t.text.isascii():
            return sp.Symbol(t.text, integer=True)
        if t.text in ("(", "{"):
            val = add()
            if pos >= len(toks) or toks[pos].text not in (")", "}"):
                raise _NotRead("paren")
            pos += 1
            return val
        raise _NotRead(t.text)

    def mul():
        nonlocal pos
        val = atom()
        while pos < len(toks) and (toks[pos].text in (r"\cdot", "*") or toks[pos].text in ("(", "{")
                                   or (toks[pos].kind in ("char", "num") and toks[pos].text not in "+-)}")):
            if toks[pos].text in (r"\cdot", "*"):
                pos += 1
            val = val * atom()
        return val

    def add():
        nonlocal pos
        sign = 1
        if pos < len(toks) and toks[pos].text in "+-":
            sign = -1 if toks[pos].text == "-" else 1
            pos += 1
        val = sign * mul()
        while pos < len(toks) and toks[pos].text in ("+", "-"):
            op = toks[pos].text
            pos += 1
            val = val + mul() if op == "+" else val - mul()
        return val

    result = add()
    if pos != len(toks):
        raise _NotRead("trailing")
    return result


def _index_list(toks):
    """Indices of one subscript group: comma-separated, else one per letter / parenthesized group
    (``rc``, ``(r+i-1)(c+j-1)d``), else one expression (``i+1``)."""
    if not toks:
        raise _NotRead("empty index")
    if any(t.text == "," for t in toks):
        return [_expr(p) for p in _split_top(toks, ",")]
    depth, atoms, cur, ops = 0, [], [], False
    for t in toks:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        elif depth == 0 and t.text in "+-":
            ops = True
        cur.append(t)
        if depth == 0:
            atoms.append(cur)
            cur = []
    if ops:
        return [_expr(toks)]
    return [_expr(a) for a in atoms]


def _name(toks, i):
    t = toks[i]
    if t.text == "(" and i + 3 < len(toks) and toks[i + 2].text == "'" and toks[i + 3].text == ")":
        name, _ = _name(toks, i + 1)  # (\omega')^{l}_{m,n}
        return name + "'", i + 4
    if t.text == "[" and i + 2 < len(toks):  # d2l's [\mathbf{X}]_{i,j}
        name, j = _name(toks, i + 1)
        if j < len(toks) and toks[j].text == "]" and j + 1 < len(toks) and toks[j + 1].text == "_":
            return name, j + 1
        raise _NotRead("bracketed name")
    if t.text in _FONTS:
        inner, j = _group(toks, i + 1)
        if len(inner) != 1 or not (inner[0].kind == "char" and inner[0].text.isalpha()):
            raise _NotRead("font")
        return inner[0].text, j
    if t.kind == "char" and t.text.isalpha() and t.text.isascii():
        return t.text, i + 1
    if t.text in _GREEK:
        return t.text[1:], i + 1
    raise _NotRead("name")


def _ref(toks, i):
    """One named entry starting at ``i``: ``(Ref, next)``; ``\\sigma'(z_{ij})`` is an entry of
    ``\\sigma'(z)`` with the indices of ``z`` (``pointwise``)."""
    name, i = _name(toks, i)
    while i < len(toks) and toks[i].text == "'":
        name, i = name + "'", i + 1
    if name.endswith("'") and i < len(toks) and toks[i].text == "(":
        inner, j = _ref(toks, i + 1)
        if j >= len(toks) or toks[j].text != ")":
            raise _NotRead("call")
        inner.name, inner.pointwise = f"{name}({inner.name})", True
        return inner, j + 1
    ref = Ref(name)
    subs, sups = [], []
    while i < len(toks) and toks[i].text in ("_", "^", "[", "("):
        op = toks[i].text
        if op in ("(", "[") and (subs or sups or ref.tag):
            break  # the next factor
        if op in ("[", "("):
            close = "]" if op == "[" else ")"
            depth, j = 0, i
            while j < len(toks):
                depth += {op: 1, close: -1}.get(toks[j].text, 0)
                if depth == 0:
                    break
                j += 1
            subs += [_expr(p) for p in _split_top(toks[i + 1:j], ",")]
            ref.bracket, i = op == "[", j + 1
            continue
        inner, i = _group(toks, i + 1)
        if op == "_":
            subs += _index_list(inner)
        elif inner and inner[0].text in ("(", "[") and inner[-1].text in (")", "]"):
            ref.tag = "".join(t.text for t in inner)
        else:
            sups += _index_list(inner)
    ref.indices, ref.sup_count = subs + sups, len(sups)
    return ref, i


def _sum_spec(toks, i, sums):
    """``\\sum_{i=1}^{k}`` at ``i``: records the variables and bounds, returns the next index."""
    if i + 1 >= len(toks) or toks[i + 1].text != "_":
        raise _NotRead("sum without index")
    sub, i = _group(toks, i + 2)
    hi = None
    if i < len(toks) and toks[i].text == "^":
        hi, i = _group(toks, i + 1)
    parts = _split_top(sub, "=")
    names = [p[0].text for p in _split_top(parts[0], ",") if len(p) == 1 and p[0].kind == "char"]
    if len(names) != len(_split_top(parts[0], ",")) or not all(n.isalpha() for n in names) or len(parts) > 2:
        raise _NotRead("sum index")
    lo = None
    if len(parts) == 2:
        if len(parts[1]) != 1 or not parts[1][0].text.isdigit():
            raise _NotRead("lower bound")
        lo = int(parts[1][0].text)
    his = _split_top(hi, ",") if hi is not None else [None] * len(names)
    if len(his) != len(names):
        his = [hi] * len(names) if len(names) == 1 else None
    if his is None:
        raise _NotRead("upper bounds")
    for n, h in zip(names, his):
        if n in sums:
            raise _NotRead("repeated sum index")
        sums[n] = (lo, "".join(t.text for t in h) if h else None)
    return i


def _factors(toks):
    while toks and (toks[0].text, toks[-1].text) in (("(", ")"), ("{", "}")) and \
            len(_split_top(toks[1:-1], "+")) == 1 and _balanced(toks[1:-1]):
        toks = toks[1:-1]
    refs, i = [], 0
    while i < len(toks):
        if toks[i].text in _TIMES:
            i += 1
            continue
        if toks[i].text == r"\frac":
            ref, i = _partial(toks, i)
        else:
            ref, i = _ref(toks, i)
        refs.append(ref)
    return refs


def _balanced(toks):
    depth = 0
    for t in toks:
        depth += {"(": 1, ")": -1, "[": 1, "]": -1, "{": 1, "}": -1}.get(t.text, 0)
        if depth < 0:
            return False
    return depth == 0


def _partial(toks, i):
    """``\\frac{\\partial L}{\\partial REF}``: ``(Ref with name 'dL/dREF', next)``."""
    num, i = _group(toks, i + 1)
    den, i = _group(toks, i)
    if len(num) < 2 or num[0].text != r"\partial" or not all(t.kind == "char" and t.text.isalpha()
                                                              for t in num[1:]) or not den \
            or den[0].text != r"\partial":
        raise _NotRead("derivative")
    ref, j = _ref(den, 1)
    if j != len(den):
        raise _NotRead("derivative denominator")
    ref.name = f"d{''.join(t.text for t in num[1:])}/d{ref.name}"
    return ref, i


def read_index_sum(text: str) -> IndexSum | None:
    """The statement ``text`` read as an index sum (see the module docstring), or ``None``."""
    try:
        toks = _toks(text)
        return _read(toks, text)
    except (_NotRead, LexError, RecursionError, TypeError, ValueError):
        return None


def _read(toks, text):
    for k, t in enumerate(toks):
        if (t.text in _STOP or t.kind == "sep") and _balanced(toks[:k]):
            toks = toks[:k]
            break
    while toks and toks[-1].text in (".", ","):
        toks = toks[:-1]
    sides = _split_top(toks, "=")
    if len(sides) != 2:
        return None
    lhs, rhs = sides
    grad, loss = False, ""
    if lhs and lhs[0].text == r"\frac":
        out, j = _partial(lhs, 0)
        loss, out.name, grad = out.name.split("/")[0][1:], out.name.split("/d", 1)[1], True
    elif len(lhs) > 5 and lhs[0].text == "(" and lhs[2].text in _OPS and lhs[4].text == ")":
        out, j = _ref([Token("char", "Q", 0, 0)] + lhs[5:], 0)  # (f * g)[n]: the operator's value
        out.name, out.operands, j = f"({lhs[1].text} {lhs[2].text} {lhs[3].text})", (lhs[1].text, lhs[3].text), j + 4
    else:
        out, j = _ref(lhs, 0)
    lead = None
    if j != len(lhs) or not rhs:
        return None
    if rhs[0].text != r"\sum":  # a bias written first: u + \sum ...
        lead, k = _ref(rhs, 0)
        if k + 1 >= len(rhs) or rhs[k].text != "+" or rhs[k + 1].text != r"\sum":
            return None
        rhs = rhs[k + 1:]
    sums, i = {}, 0
    while i < len(rhs) and rhs[i].text == r"\sum":
        i = _sum_spec(rhs, i, sums)
    terms = _split_top(rhs[i:], "+")
    factors = _factors(terms[0])
    if len(factors) not in (2, 3) or len(terms) > (1 if lead is not None else 2):
        return None
    bias = lead
    if len(terms) == 2 and lead is None:
        bias, j = _ref(terms[1], 0)
        if j != len(terms[1]):
            return None
    st = IndexSum(out, sums, factors, bias, grad, loss, text)
    _layer_tags(st)
    return st


def _layer_tags(st) -> None:
    """Superscript indices ``l``, ``l+1``, ``l-1`` of a letter that is not summed and appears
    with an offset somewhere are layer numbers: moved into the tag (``a^{l-1}`` -> tag ``l-1``)."""
    refs = [st.out] + list(st.factors) + ([st.bias] if st.bias is not None else [])
    sups = [(ref, e) for ref in refs for e in ref.indices[len(ref.indices) - ref.sup_count:]]
    letters = {next(iter(e.free_symbols)) for _, e in sups if len(e.free_symbols) == 1 and not e.is_Symbol}
    letters -= {sp.Symbol(v, integer=True) for v in st.sums}
    for ref in refs:
        keep, tags = [], []
        for pos, e in enumerate(ref.indices):
            sup = pos >= len(ref.indices) - ref.sup_count
            (tags if sup and e.free_symbols and e.free_symbols <= letters else keep).append(e)
        if tags:
            ref.indices, ref.sup_count, ref.tag = keep, ref.sup_count - len(tags), ",".join(map(str, tags))
