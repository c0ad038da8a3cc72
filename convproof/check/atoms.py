"""Atoms of the lecture grammar: numbers, names, calls, builtins, groups, fractions, matrices.

Split from :mod:`convproof.check.parse` to keep both modules small; ``parse_atom(parser)`` is the
only entry point.

>>> from convproof.check.parse import parse_chain
>>> side = parse_chain(r"\\mathbf{y}_{padded}^{(l)} = 0").sides[0]
>>> side.key, side.sub, side.label
('y_{padded}^{(l)}', 'padded', '(l)')
"""

from __future__ import annotations

from . import hooks
from .grammar import BUILTIN_CMDS, BUILTIN_WORDS, CASES_ENVS, ELLIPSES, MATRIX_ENVS, drop_rules, num_node
from .names import (
    BOLD,
    DECOR_DROP,
    DECOR_KEEP,
    GREEK,
    canonical_decoration,
    name_key,
    sup_kind,
    tokens_text,
)
from .nodes import Bin, Builtin, Call, Mat, Name, ParseError, Pow, Transpose, Vec

__all__ = ["parse_atom"]

_UNSUPPORTED = {r"\sum": "sums with bounds", r"\prod": "products with bounds",
                r"\int": "integrals", r"\lim": "limits", r"\partial": "partial derivatives",
                r"\infty": "infinity", r"\pm": "plus-minus", r"\mp": "minus-plus",
                r"\forall": "quantifiers", r"\exists": "quantifiers", r"\mathbb": "number sets",
                r"\arg": "argmin/argmax", r"\underbrace": "braces", r"\overbrace": "braces",
                r"\stackrel": "stacked relations", r"\overset": "stacked relations",
                r"\cases": "cases", r"\|": "norms", r"\langle": "angle brackets",
                r"\evalbar": r"evaluation bar \left. ... \right| (a value substituted)"}


def parse_atom(p):
    """Parse one atom at the parser's position (see the grammar in :mod:`.parse`)."""
    tok = p.peek()
    if tok is None:
        raise ParseError("unexpected end of equation")
    start = tok.start
    if tok.kind == "num":
        return num_node(p.take())
    if tok.kind == "char" and tok.text.isalpha():
        p.take()
        return _name_tail(p, tok.text, start)
    if tok.kind == "word":
        p.take()
        low = tok.text.lower()
        if low in ("argmin", "argmax"):
            return hooks.arg_operator(p, start, low)   # notation.py
        if low in ("arg", "lim", "sup", "inf", "dim", "rank", "tr"):
            raise ParseError(f"unsupported operator {tok.text}")
        if low in BUILTIN_WORDS:
            return _builtin(p, BUILTIN_WORDS[low], start)
        if not (tok.text.isascii() and tok.text.replace("_", "").isalnum()):
            raise ParseError(f"text {tok.text!r} inside an equation")
        return _name_tail(p, r"\text{" + tok.text + "}", start)
    if tok.kind == "sep":
        raise ParseError("line break inside an expression")
    if tok.kind == "char":
        return _char_atom(p, tok, start)
    cmd = tok.text
    if cmd in GREEK:
        p.take()
        return _name_tail(p, cmd, start)
    if cmd in DECOR_DROP or cmd in DECOR_KEEP:
        p.take()
        group = p.group_tokens()
        inner = tokens_text([t for t in group if t.text not in DECOR_DROP and t.text not in "{}"])
        if not inner or "=" in inner:
            raise ParseError(f"{cmd} without a name")
        if _operator_inside(group):
            raise ParseError(f"{cmd} of an expression, not of a name")
        base = inner if cmd in DECOR_DROP else canonical_decoration(cmd) + "{" + inner + "}"
        return _name_tail(p, base, start, bold=cmd in BOLD)
    if cmd == r"\arg":
        return hooks.arg_operator(p, start)
    if cmd in BUILTIN_CMDS:
        p.take()
        return _builtin(p, BUILTIN_CMDS[cmd], start)
    if cmd == r"\nabla":
        p.take()
        if p.at("_"):                   # \nabla_w L (slashpartial.py)
            return hooks.nabla_subscript(p, start)
        nxt = p.take()
        if not (nxt.kind == "char" and nxt.text.isalpha()) and nxt.text not in GREEK:
            raise ParseError(r"\nabla of an expression")
        return _name_tail(p, r"\nabla " + nxt.text, start)
    if cmd in (r"\frac", r"\dfrac", r"\tfrac", r"\cfrac"):
        p.take()
        return _fraction(p, start)
    if cmd in (r"\lfloor", r"\lceil"):
        p.take()
        inner = p.expr()
        p.expect(r"\rfloor" if cmd == r"\lfloor" else r"\rceil")
        return Builtin("floor" if cmd == r"\lfloor" else "ceil", (inner,), 0, p.span_from(start))
    if cmd in (r"\lvert", r"\vert"):
        p.take()
        inner = p.expr()
        p.expect(r"\rvert" if cmd == r"\lvert" else r"\vert")
        return Builtin("abs", (inner,), 0, p.span_from(start))
    if cmd == r"\begin":
        p.take()
        return _environment(p, start)
    if cmd in ELLIPSES:
        raise ParseError("elided entries (\\dots)")
    if cmd == r"\{" and p.peek(1) is not None and p.peek(1).text == r"\begin":
        return hooks.brace_cases(p, start)  # \left\{ \begin{array}..\end{array} \right. (notation.py)
    if cmd == r"\partial":        # \partial L / \partial w (slashpartial.py)
        return hooks.slash_partial(p, start)
    if cmd == r"\#" and p.peek(1) is not None and p.peek(1).kind == "word":  # \#\text{params}: a count's name
        p.take()
        inner = parse_atom(p)
        return Name(r"\#" + inner.key, r"\#" + inner.base, inner.sub, inner.label, p.span_from(start))
    raise ParseError(f"unsupported: {_UNSUPPORTED.get(cmd, cmd)}")


def _char_atom(p, tok, start):
    if tok.text in "([":
        p.take()
        closing = ")" if tok.text == "(" else "]"
        items = [hooks.vector_item(p, closing)]   # a lone \dots is elided (elided.py)
        while p.at(","):
            p.take()
            items.append(hooks.vector_item(p, closing))
        p.expect(closing)
        if len(items) == 1:
            return items[0]
        return hooks.vector_node(tuple(items), p.span_from(start))
    if tok.text == "{":
        p.take()
        inner = p.expr()
        p.expect("}")
        return inner
    if tok.text == "|":
        p.take()
        inner = p.expr()
        p.expect("|")
        return Builtin("abs", (inner,), 0, p.span_from(start))
    if tok.text == "^":
        raise ParseError("unexpected '^': a superscript without a base (an operator such as *^T?)")
    raise ParseError(f"unexpected {tok.text!r}")


def _name_tail(p, base: str, start: int, bold: bool = False):
    """Subscript, label superscript, primes and call arguments after a name's base."""
    sub = label = None
    transpose = False
    for _ in range(2):
        if p.at("_") and sub is None:
            p.take()
            group = p.group_tokens()
            sub = _canonical_sub(group)
        elif p.at("^") and label is None and base != "e":
            save = p.pos
            p.take()
            group = p.group_tokens()
            kind, lab = sup_kind(group)
            if kind == "power" and p.at("_") and sub is None:
                kind, lab = "label", "".join(t.text for t in group)  # z^{1}_{11}: a channel
            if kind in ("label", "label_transpose"):
                label, transpose = lab, kind == "label_transpose"
            else:
                p.pos = save
                break
    primes = 0
    while p.at("'"):
        p.take()
        primes += 1
    node = Name(name_key(base, sub, label), base, sub, label, p.span_from(start), bold)
    power = _power_before_call(p)
    if p.at("("):
        node = Call(node, _call_args(p), primes, p.span_from(start))
    elif primes:  # o', i': a name of its own (the transposed sizes), never a derivative
        node = Name(node.key + "'" * primes, base, sub, label, p.span_from(start), bold)
    if power is not None:
        node = Pow(node, power, p.span_from(start))
    return Transpose(node, p.span_from(start)) if transpose else node


def _canonical_sub(group) -> str:
    text = tokens_text(group)
    if len(group) == 1 or text.isalnum():
        return text
    return text


def _power_before_call(p):
    """``f^2(x)``: a numeric power written between a function name and its arguments."""
    if not p.at("^"):
        return None
    save = p.pos
    p.take()
    group = p.group_tokens()
    kind, _ = sup_kind(group)
    if kind == "power" and p.at("("):
        return p.sub(group).whole_expr()
    p.pos = save
    return None


def _call_args(p) -> tuple:
    p.expect("(")
    args = [p.expr()]
    while p.at(","):
        p.take()
        args.append(p.expr())
    p.expect(")")
    return tuple(args)


def _builtin(p, name: str, start: int):
    primes = 0
    while p.at("'"):
        p.take()
        primes += 1
    if p.at("_") and name in ("max", "min"):  # \max_i z_i over the document's values (notation.py)
        return hooks.max_over_index(p, name, start)
    if p.at("_") and name == "log" and not primes:  # \log_2 x, \log_{10} x
        return _log_base(p, start)
    if p.at("_"):
        raise ParseError(f"subscripted {name}")
    power = _power_before_call(p)
    if name == "sqrt":
        if p.at("["):
            raise ParseError("n-th roots are not supported")
        node = Builtin("sqrt", (p.sub_expr(),), 0, p.span_from(start))
    elif p.at("("):
        node = Builtin(name, _call_args(p), primes, p.span_from(start))
    elif p.at("{"):
        node = Builtin(name, (p.sub_expr(),), primes, p.span_from(start))
    elif p.at(r"\{"):  # \max\{a, b\}
        node = Builtin(name, hooks.brace_args(p), primes, p.span_from(start))
    else:
        node = Builtin(name, (p.postfix(),), primes, p.span_from(start))
    return Pow(node, power, p.span_from(start)) if power is not None else node


def _log_base(p, start: int):
    """``\\log_b x`` as the builtin ``logb`` of ``(b, x)``."""
    p.take()
    group = p.group_tokens()
    if not group:
        raise ParseError("empty base of \\log")
    base = p.sub(group).whole_expr()
    power = _power_before_call(p)
    if p.at("("):
        arg = _call_args(p)
        if len(arg) != 1:
            raise ParseError("\\log_b with several arguments")
        arg = arg[0]
    else:
        arg = p.sub_expr() if p.at("{") else p.postfix()
    node = Builtin("logb", (base, arg), 0, p.span_from(start))
    return Pow(node, power, p.span_from(start)) if power is not None else node


def _fraction(p, start: int):
    num, den = p.group_tokens(fraction=True), p.group_tokens(fraction=True)
    if num and den and hooks.is_diff_operator(num, den):  # \frac{d}{dx} f(x): the operator (diffop.py)
        return hooks.diff_operator(p, num, den, start)
    if num and den and num[0].text == r"\partial" and den[0].text == r"\partial":
        key = r"\frac{\partial " + _inner_key(num[1:], p) + r"}{\partial " + \
            _inner_key(den[1:], p) + "}"
        return Name(key, key, None, None, p.span_from(start))
    if not num or not den:
        raise ParseError("empty \\frac argument")
    if _is_d(num) and _is_d(den):
        if len(num) == 1 or len(den) == 1:
            raise ParseError("derivative operator d/dx (not evaluated)")
        key = r"\frac{d" + _inner_key(num[1:], p) + r"}{d" + _inner_key(den[1:], p) + "}"
        return Name(key, key, None, None, p.span_from(start))
    top = p.sub(num).whole_expr()
    bottom = p.sub(den).whole_expr()
    return Bin("/", top, bottom, p.span_from(start))


def _is_d(tokens) -> bool:
    """``dL``, ``d``, ``\\mathrm{d}x``: the Leibniz ``d`` of a derivative."""
    first = tokens[0].text
    if first == r"\mathrm" and len(tokens) > 1:
        first = tokens_text(tokens[1:4]).strip("{}")
    return first == "d"


_OPERATORS = {"+", "-", "*", "/", "=", r"\cdot", r"\times", r"\partial", r"\pm", r"\mp"}


def _operator_inside(tokens) -> bool:
    """Whether a name's group holds an operator outside its sub- and superscripts
    (``\\mathbf{z + z}``, ``\\partial v + \\partial v``; not ``z_{1}^{(l+1)}``): then it is an
    expression, and is not read as a name."""
    depth = 0
    for t in tokens:
        depth += (t.text == "{") - (t.text == "}")
        if depth == 0 and t.text in _OPERATORS:
            return True
    return False


def _inner_key(tokens, p) -> str:
    """The key of the name in a derivative's ``tokens`` (read with a parser ``p.sub`` makes)."""
    if not tokens:
        raise ParseError("derivative without a variable")
    if _operator_inside(tokens):
        raise ParseError("derivative of an expression (only of a name is read)")
    try:
        node = p.sub(tokens).whole_expr()
    except ParseError:
        return tokens_text(tokens)
    return node.key if isinstance(node, Name) else tokens_text(tokens)


def _environment(p, start: int):
    env = tokens_text(p.group_tokens())
    if env in CASES_ENVS:
        return hooks.cases_environment(p, env, start)   # notation.py
    if env not in MATRIX_ENVS:
        raise ParseError(f"unsupported environment {env!r}")
    if env == "array":
        p.group_tokens()
    rows, spans = _matrix_rows(p, env)
    if spans is None:
        return hooks.elided_matrix(rows, lambda c: p.sub(c).whole_expr(), ELLIPSES, env,
                                   p.span_from(start))   # elided.py
    mat = Mat(rows, spans, env, p.span_from(start))
    if env in ("vmatrix", "Vmatrix"):
        return Builtin("det", (mat,), 0, p.span_from(start))
    return mat


def environment_cells(p, env: str) -> list:
    """The rows of an environment up to its ``\\end``: cells of tokens split at top-level ``&``."""
    rows, row, cell, depth = [], [], [], 0
    while True:
        tok = p.take()
        if tok.text == r"\begin":
            depth += 1
        elif tok.text == r"\end" and depth > 0:
            depth -= 1
        elif tok.text == r"\end":
            if tokens_text(p.group_tokens()) != env:
                raise ParseError(f"\\end does not match \\begin{{{env}}}")
            break
        if depth == 0 and (tok.text == "&" or tok.kind == "sep"):
            row.append(cell)
            cell = []
            if tok.kind == "sep":
                rows.append(row)
                row = []
            continue
        cell.append(tok)
    if cell or row:
        row.append(cell)
        rows.append(row)
    return rows


def _matrix_rows(p, env: str):
    rows = environment_cells(p, env)
    rows = drop_rules(rows)  # rows of | rules drawn beside column vectors
    if any(t.text in ELLIPSES for row in rows for c in row for t in c):
        return rows, None  # token cells of a matrix with elided entries (elided.py)
    out_rows, out_spans = [], []
    for row in rows:
        if any(not c for c in row):
            raise ParseError("matrix with an empty cell")
        out_rows.append(tuple(p.sub(c).whole_expr() for c in row))
        out_spans.append(tuple((c[0].start, c[-1].end) for c in row))
    if not out_rows:
        raise ParseError("empty matrix")
    return tuple(out_rows), tuple(out_spans)


__all__ += ["Transpose", "Vec"]
