r"""Sums in lecture formulas: ``\sum`` with numeric bounds expanded, index sums identified.

:func:`expand_sums` rewrites every ``\sum_{i=a}^{b} body`` whose bounds are integers into the
explicit terms ``{(body_a) + ... + (body_b)}`` (the index replaced token by token, subscripts such
as ``x_{2+1}`` folded to ``x_{3}``), so that the usual checker evaluates the statement exactly;
nothing is evaluated here. The body of a sum runs to the next ``+``/``-``/relation at its own
bracket depth, as in print.

:func:`index_sum_note` reads a sum with symbolic bounds that states a convolution or a kernel
gradient entry by entry (``z_{rc} = \sum_i \sum_j Y_{(r+i-1)(c+j-1)} F_{ij} + b``) and names the
convention its index map states (cross-correlation or flipped convolution, 1- or 0-based), with
the map compared symbolically with convproof's definition (stride 1, no padding); a bias indexed
by a summation index outside its sum is named too. It gives a note for an ``unchecked`` result,
never ``holds``: the ranges and the names' meanings are not proven.

>>> expand_sums(r"\sum_{i=1}^{3} i^2 = 14")
'{(1^2) + (2^2) + (3^2)} = 14'
>>> expand_sums(r"\sum_{i=1}^{2} w_i x_{i+1}")
'{(w_1 x_{2}) + (w_2 x_{3})}'
"""

from __future__ import annotations

import re

import sympy as sp

from .lexer import LexError, tokenize

__all__ = ["expand_sums", "index_sum_note", "MAX_TERMS"]

MAX_TERMS = 64
_MAX_CHARS = 20000
_RELATIONS = {"=", "<", ">", ",", ";", "&"}
_REL_CMDS = {r"\approx", r"\le", r"\leq", r"\ge", r"\geq", r"\ne", r"\neq", r"\equiv", r"\quad", r"\qquad",
             r"\to", r"\in", r"\sim", r"\forall", r"\right"}
_STOP = {"+", "-"} | _RELATIONS
_SUB = re.compile(r"_\{([0-9+\-\s,]+)\}")


def _group(tokens, i):
    """``(text_tokens, next_index)`` of a ``{...}`` group or single token at ``i``."""
    if i >= len(tokens):
        return None, i
    if tokens[i].text != "{":
        return [tokens[i]], i + 1
    depth, j = 0, i
    while j < len(tokens):
        depth += {"{": 1, "}": -1}.get(tokens[j].text, 0)
        if depth == 0:
            return tokens[i + 1:j], j + 1
        j += 1
    return None, j


def _bounds(tokens, i):
    """``(var, lo, hi, body_start)`` for the ``\\sum`` at ``i`` with integer bounds, else ``None``."""
    j = i + 1
    if j < len(tokens) and tokens[j].text in (r"\limits", r"\nolimits"):
        j += 1
    if j >= len(tokens) or tokens[j].text != "_":
        return None
    sub, j = _group(tokens, j + 1)
    if j >= len(tokens) or tokens[j].text != "^" or not sub:
        return None
    sup, j = _group(tokens, j + 1)
    if sub is None or sup is None or len(sup) != 1 or sup[0].kind != "num" or not sup[0].text.isdigit():
        return None
    if len(sub) != 3 or sub[0].kind != "char" or not sub[0].text.isalpha() or sub[1].text != "=" \
            or sub[2].kind != "num" or not sub[2].text.isdigit():
        return None
    return sub[0].text, int(sub[2].text), int(sup[0].text), j


def _body_end(tokens, j):
    depth, k = 0, j
    while k < len(tokens):
        tok = tokens[k]
        if tok.text in ("(", "[", "{", r"\left"):
            depth += 1
        elif tok.text in (")", "]", "}"):
            depth -= 1
            if depth < 0:
                return k
        elif depth == 0 and k > j and ((tok.kind == "char" and tok.text in _STOP)
                                       or tok.kind == "sep" or (tok.kind == "cmd" and tok.text in _REL_CMDS)):
            return k
        k += 1
    return k


def _fold(match) -> str:
    """``_{2+1}`` -> ``_{3}``; each comma-separated part summed (integers, + and - only)."""
    parts = []
    for part in match.group(1).split(","):
        terms = re.findall(r"([+-]?)\s*(\d+)", part.replace(" ", ""))
        if "".join(s + d for s, d in terms) != part.replace(" ", ""):
            return match.group(0)
        parts.append(str(sum(int(d) * (-1 if s == "-" else 1) for s, d in terms)))
    return "_{" + ",".join(parts) + "}"


def _term(text, tokens, start, end, var, value) -> str:
    out, last = [], tokens[start].start
    for k in range(start, end):
        tok = tokens[k]
        if tok.kind == "char" and tok.text == var:
            prev = tokens[k - 1] if k > start else None
            times = prev is not None and (prev.kind == "num" or prev.text == ")")  # 2 i -> 2 \cdot 3
            out += [text[last:tok.start], (r"\cdot " if times else "") + str(value)]
            last = tok.end
    out.append(text[last:tokens[end - 1].end])
    return _SUB.sub(_fold, "".join(out))


def _expand_first(text: str):
    tokens = tokenize(text)
    for i, tok in enumerate(tokens):
        if tok.text != r"\sum":
            continue
        found = _bounds(tokens, i)
        if found is None:
            continue
        var, lo, hi, j = found
        end = _body_end(tokens, j)
        if end == j or not 0 < hi - lo + 1 <= MAX_TERMS:
            return None
        terms = [f"({_term(text, tokens, j, end, var, v)})" for v in range(lo, hi + 1)]
        stop = tokens[end].start if end < len(tokens) else len(text)
        return text[:tok.start] + "{" + " + ".join(terms) + "}" + (" " if end < len(tokens) else "") + \
            text[stop:].lstrip()
    return None


def expand_sums(text: str):
    """``text`` with every numeric-bound sum written out, or ``None`` when there is none (or a
    sum is too long, ``MAX_TERMS`` terms, or its body is empty)."""
    if r"\sum" not in text:
        return None
    out, changed = text, False
    try:
        for _ in range(8):
            nxt = _expand_first(out)
            if nxt is None:
                break
            out, changed = nxt, True
            if len(out) > _MAX_CHARS:
                return None
    except LexError:
        return None
    return out if changed and r"\sum" not in out else None


_SUM_VARS = re.compile(r"\\sum(?:\\limits)?_\{?\s*([a-z](?:\s*,\s*[a-z])*)\s*(?:=|\}|\s)")
_LHS = re.compile(r"^\s*(?:\\frac\{\\partial\s*\w+\}\{\\partial\s*)?\\?(?:mathbf\{)?[A-Za-z]\}?"
                  r"(?:\^\{?[^_{}]*\}?)?_\{?([a-z](?:\s*,?\s*[a-z])?)\}?")
_INDEX = re.compile(r"(?<=[{,(])\s*([a-z])\s*([+-])\s*([a-z])\s*(?:[+-]\s*1)?\s*(?=[},)])")  # a whole index


def index_sum_note(text: str):
    """The convention an index sum states (``None`` when not read); see the module docstring.

    >>> index_sum_note(r"z_{rc} = \\sum_{i} \\sum_{j} Y_{(r+i-1)(c+j-1)} F_{ij} + b")[:48]
    'states a cross-correlation, 1-based: input index'
    """
    lhs, eq, rhs = text.partition("=")
    found = _LHS.match(lhs)
    if not eq or not found or r"\sum" not in rhs:
        return None
    outs = set(found.group(1).replace(",", "").replace(" ", ""))
    sums = {v.strip() for m in _SUM_VARS.findall(rhs) for v in m.split(",")}
    maps = []
    for m in _INDEX.finditer(rhs):
        a, sign, b = m.groups()
        if {a, b} & outs and {a, b} & sums and a != b:
            maps.append((a, sign, b, m.group(0).strip()))
    if not maps or not outs or not sums:
        return None
    return _describe(maps, outs, sums, rhs)


def _describe(maps, outs, sums, rhs) -> str | None:
    kinds = set()
    for a, sign, b, written in maps:
        tail = written.replace(" ", "")[-2:]
        offset = {"-1": -1, "+1": 1}.get(tail, 0) if len(written.replace(" ", "")) > 3 else 0
        r, i = sp.Symbol(a), sp.Symbol(b)
        stated = (r + i if sign == "+" else r - i) + offset
        corr = r + i - 1  # convproof: input s(r-1) + d(i-1) + 1 - p, with s = d = 1, p = 0
        if sign == "+" and offset in (-1, 0):
            kinds.add("cross-correlation, 1-based" if sp.expand(stated - corr) == 0 else "cross-correlation, 0-based")
        elif sign == "-" and offset in (0, 1):
            kinds.add("flipped-kernel convolution")
        else:
            return None
    if len(kinds) != 1:
        return None
    kind = kinds.pop()
    gradient = not (outs & {m[0] for m in maps})
    text = (f"states a {kind}: input index {maps[0][3]}"
            + (", equal to convproof's index s(r-1) + d(i-1) + 1 - p for s = d = 1, p = 0 for every index (SymPy)"
               if kind.endswith("1-based") else ", not convproof's 1-based cross-correlation index r + i - 1"))
    if gradient:
        text += "; the summed indices run over the output: a kernel-gradient entry (correlation of input and output gradient)"
    bias = re.search(r"\+\s*b_\{?([a-z])\}?\s*(?:,|$|\\quad)", rhs)
    if bias and bias.group(1) in sums:
        text += (f"; finding: the bias b_{bias.group(1)} is indexed by the summation index {bias.group(1)} "
                 "outside its sum (a bias belongs to the output channel, one per filter)")
    return text + "; not proven as a whole (ranges and names not read): unchecked"
