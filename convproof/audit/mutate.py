"""Systematic single mutations of a LaTeX equation (string and token level, deterministic).

:func:`mutants` lists every mutant of a text, in order, each labelled with its kind:

``subscript``      one index of one subscript changed by one (``y_{3}`` -> ``y_{4}``)
``digit``          one digit of one number (outside subscripts) changed (``24`` -> ``25``)
``swap-entries``   two adjacent different cells of one matrix row exchanged
``swap-rows``      two adjacent different rows of one matrix exchanged
``drop-term``      one term of a sum removed (with its operator)
``add-term``       one term of a sum repeated (``a + b`` -> ``a + b + b``)
``sign``           a leading minus added to or removed from one term
``operator``       one binary operator changed (``+`` <-> ``-``, ``\\cdot``/``\\times`` -> ``+``)
``transpose``      a transpose mark added to a matrix operand, or one removed
``move-zero``      a zero cell of a matrix exchanged with an adjacent non-zero cell

Relations are never changed (``=`` vs ``\\approx`` is not a change of value).

>>> [(m.kind, m.text) for m in mutants("a_1 + 2 = 3") if m.kind in ("subscript", "digit")]
[('subscript', 'a_2 + 2 = 3'), ('subscript', 'a_0 + 2 = 3'), ('digit', 'a_1 + 3 = 3'), ('digit', 'a_1 + 2 = 4')]
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from .latex_tokens import Tok, matrices, regions, tokenize

__all__ = ["KINDS", "Mutant", "defined_name_end", "mutants", "sample_mutants"]

KINDS = ("subscript", "digit", "swap-entries", "swap-rows", "drop-term", "add-term", "sign",
         "operator", "transpose", "move-zero")
_DEFINED = re.compile(r"\s*(?:\\(?:mathbf|boldsymbol|hat|bar|tilde|mathrm|vec)\{[^{}]*\}|[A-Za-z]|"
                      r"\\frac\{\\partial [^{}]*\}\{\\partial [^{}]*\})"
                      r"(?:_\{[^{}]*\}|_\w)?(?:\^\{[^{}]*\}|\^\w)?(?=\s*&?\s*:?=)")
_TRANSPOSE_MARKS = ("^{\\top}", "^\\top", "^{T}", "^T", "^{\\mathsf{T}}", "^{\\intercal}")


@dataclass(frozen=True)
class Mutant:
    """``text`` is the mutated equation; ``start:end`` of the original was replaced by ``new``."""

    kind: str
    text: str
    start: int
    end: int
    old: str
    new: str


def _edit(kind: str, text: str, start: int, end: int, new: str) -> Mutant:
    return Mutant(kind, text[:start] + new + text[end:], start, end, text[start:end], new)


def _subscript_digits(toks: list[Tok]) -> list[int]:
    """Indices of number tokens that are (part of) a subscript."""
    out, i = [], 0
    while i < len(toks):
        if toks[i].text == "_" and i + 1 < len(toks):
            if toks[i + 1].text == "{":
                j = i + 2
                while j < len(toks) and toks[j].text != "}":
                    if toks[j].text.isdigit():
                        out.append(j)
                    j += 1
                i = j
            elif toks[i + 1].text[:1].isdigit():
                out.append(i + 1)
        i += 1
    return out


def _subscript(text: str, toks: list[Tok]):
    for i in _subscript_digits(toks):
        tok = toks[i]
        digits = tok.text
        end = tok.start + len(digits)
        single = len(digits) == 1 or (i > 0 and toks[i - 1].text == "{" and toks[i + 1].text == "}"
                                      and int(digits) < 10)
        for delta in (1, -1):
            if len(digits) > 1 and not single:  # f_{12}: two indices written together
                last = int(digits[-1]) + delta
                if 0 <= last <= 9:
                    yield _edit("subscript", text, end - 1, end, str(last))
            elif int(digits) + delta >= 0:
                yield _edit("subscript", text, tok.start, end, str(int(digits) + delta))


def _digit(text: str, toks: list[Tok]):
    skip = set(_subscript_digits(toks))
    for i, tok in enumerate(toks):
        if i in skip or not tok.text[:1].isdigit():
            continue
        pos = tok.start + len(tok.text) - 1
        last = int(tok.text[-1])
        yield _edit("digit", text, pos, pos + 1, str((last + 1) % 10))


def _swap(kind: str, text: str, a: tuple, b: tuple) -> Mutant:
    (s1, e1), (s2, e2) = a, b
    new = text[s2:e2] + text[e1:s2] + text[s1:e1]
    return _edit(kind, text, s1, e2, new)


def _swap_entries(text: str, toks):
    for env in matrices(text):
        for row in env.rows:
            for a, b in zip(row, row[1:]):
                x, y = text[a[0]:a[1]], text[b[0]:b[1]]
                if x != y and (x == "0") == (y == "0"):  # a zero moved is move-zero
                    yield _swap("swap-entries", text, a, b)


def _swap_rows(text: str, toks):
    for env in matrices(text):
        for r1, r2 in zip(env.rows, env.rows[1:]):
            a, b = (r1[0][0], r1[-1][1]), (r2[0][0], r2[-1][1])
            if text[a[0]:a[1]] != text[b[0]:b[1]]:
                yield _swap("swap-rows", text, a, b)


def _span(toks: list[Tok], term: list[int]) -> tuple[int, int]:
    return toks[term[0]].start, toks[term[-1]].start + len(toks[term[-1]].text)


def _drop_term(text: str, toks):
    for terms in regions(toks):
        if len(terms) < 2:
            continue
        for j, term in enumerate(terms):
            if j == 0:
                start, end = _span(toks, term)[0], _span(toks, terms[1])[0]
                op = text[_span(toks, term)[1]:end].strip()
                yield _edit("drop-term", text, start, end, "-" if op == "-" else "")
            else:
                start, end = _span(toks, terms[j - 1])[1], _span(toks, term)[1]
                yield _edit("drop-term", text, start, end, "")


def _add_term(text: str, toks):
    for terms in regions(toks):
        s, e = _span(toks, terms[-1])
        if text[s:e] == "0":
            continue
        yield _edit("add-term", text, e, e, " + " + text[s:e])


def _sign(text: str, toks):
    for terms in regions(toks):
        s, e = _span(toks, terms[0])
        if text[s:e] == "0":
            continue
        before = text[:s].rstrip()
        if before.endswith("-"):
            cut = len(before) - 1
            yield _edit("sign", text, cut, s, "")
        else:
            yield _edit("sign", text, s, s, "-")


def _operator(text: str, toks):
    new_for = {"+": "-", "-": "+", r"\cdot": "+", r"\times": "+"}
    for terms in regions(toks):
        for prev, term in zip(terms, terms[1:]):
            a, b = _span(toks, prev)[1], _span(toks, term)[0]
            op = text[a:b].strip()
            if op in ("+", "-"):
                at = text.index(op, a)
                yield _edit("operator", text, at, at + 1, new_for[op])
        for i in (j for t in terms for j in t):
            if toks[i].text in (r"\cdot", r"\times"):
                yield _edit("operator", text, toks[i].start, toks[i].start + len(toks[i].text), "+")


def _transpose(text: str, toks):
    for env in matrices(text):
        rest = text[env.close:]
        mark = next((m for m in _TRANSPOSE_MARKS if rest.startswith(m)), None)
        if mark:
            yield _edit("transpose", text, env.close, env.close + len(mark), "")
        elif not rest.startswith("^"):
            yield _edit("transpose", text, env.close, env.close, "^T")


def _move_zero(text: str, toks):
    for env in matrices(text):
        for row in env.rows:
            for a, b in zip(row, row[1:]):
                za, zb = text[a[0]:a[1]] == "0", text[b[0]:b[1]] == "0"
                if za != zb:
                    yield _swap("move-zero", text, a, b)


_GENERATORS = {"subscript": _subscript, "digit": _digit, "swap-entries": _swap_entries,
               "swap-rows": _swap_rows, "drop-term": _drop_term, "add-term": _add_term,
               "sign": _sign, "operator": _operator, "transpose": _transpose,
               "move-zero": _move_zero}


def defined_name_end(text: str) -> int:
    """End offset of the name a statement defines (``v_{4} = ...``, ``\\mathbf{z}^{(l+1)} = ...``,
    ``\\frac{\\partial L}{\\partial w_1} = ...``), or 0 when it does not start with a bare name."""
    m = _DEFINED.match(text)
    return m.end() if m else 0


def mutants(text: str, kinds=KINDS) -> list[Mutant]:
    """Every single mutant of ``text`` of the given kinds, in a fixed order, without repeats.

    Renaming what a statement defines (a subscript or digit inside the bare name before the first
    ``=``) is not a change of value and is not generated; making the name an expression
    (``-v``, ``v + v``) is.
    """
    toks = tokenize(text)
    seen, out = {text}, []
    name_end = defined_name_end(text)
    for kind in kinds:
        for m in _GENERATORS[kind](text, toks):
            if kind in ("subscript", "digit") and m.end <= name_end:
                continue
            if m.text not in seen:
                seen.add(m.text)
                out.append(m)
    return out


def sample_mutants(text: str, per_kind: int, cap: int, seed) -> list[Mutant]:
    """At most ``per_kind`` mutants of each kind and ``cap`` in all, drawn with ``seed``."""
    rng = random.Random(f"convproof-mutate/{seed}")
    by_kind: dict = {}
    for m in mutants(text):
        by_kind.setdefault(m.kind, []).append(m)
    picked = []
    for kind in KINDS:
        group = by_kind.get(kind, [])
        picked += rng.sample(group, min(per_kind, len(group)))
    rng.shuffle(picked)
    return sorted(picked[:cap], key=lambda m: (KINDS.index(m.kind), m.start))
