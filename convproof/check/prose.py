r"""Arithmetic stated in plain prose (notes converted from HTML or slides): ``55*55*96 = 290 400``.

Outside the math of a document, a claim ``numbers and operators = number`` is read and evaluated
exactly (fractions; nothing is ``eval``-ed): ``*``, ``x``/``×``/``·`` between numbers are products,
``−`` a minus; the result may group its thousands with spaces, thin spaces or a lost character
``?`` (exactly three digits per group). A decimal result holds to its printed precision.

A ``?`` between two operands is a character lost in conversion (``(227?11)/4+1 = 55``). The claim
is evaluated under every reading of it (``-``, ``*``, ``+``, ``/``, and a thousands space before
three digits): ``holds`` only when every reading agrees, ``wrong`` only when none does (each
reading's value is named), else ``unchecked`` naming the readings that would make it true.

On by default for Markdown and plain text, off for LaTeX (``convproof check --prose``).

>>> [(c.status, c.message[:40]) for _, _, c in check_prose("So 5*5*3 = 75 and 2 x 3 = 7.", [])]
[('holds', 'holds exactly: 5*5*3 = 75'), ('wrong', 'wrong: 2 x 3 = 6, not 7')]
"""

from __future__ import annotations

import re
from fractions import Fraction
from itertools import product

from .verdict import StatementResult

__all__ = ["check_prose", "evaluate", "KIND"]

KIND = "prose-arithmetic"
_SEP = "[ \u2009\u202f\u00a0?]"
# A result followed at once by a letter is a magnitude or a unit (``150K``, ``3.2M``, ``10px``): not read.
_RESULT = (rf"(?P<rhs>\d{{1,3}}(?:{_SEP}\d{{3}})+(?![\d.,]\d)|\d+(?:\.\d+)?)"
           r"(?![\w.,]\w|\d|[%^]|\s*[*×x·/+?\-−^]|[^\W\d_])")
_CLAIM = re.compile(r"(?<![\w.,\-−+*/^×·?%])(?P<lhs>[(\[]*\d[\d\s()\[\]+\-−*/×x·?.]*?[\d)\]])\s*=\s*" + _RESULT)
_READINGS = ("-", "*", "+", "/", "")
_MAX_UNKNOWN = 3


class _Unread(ValueError):
    """Not an arithmetic expression."""


def _tokens(text: str) -> list:
    text = text.replace("−", "-").replace("×", "*").replace("·", "*").replace("[", "(").replace("]", ")")
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        m = re.match(r"\d+(?:\.\d+)?", text[i:])
        if m:
            out.append(m.group(0))
            i += len(m.group(0))
            continue
        if ch == "x" and out and out[-1][0].isdigit():
            ch = "*"
        if ch not in "+-*/()?":
            raise _Unread(ch)
        out.append(ch)
        i += 1
    return out


def evaluate(tokens: list) -> Fraction:
    """Value of ``+ - * /`` and brackets over decimal literals (recursive descent, exact)."""
    pos = [0]

    def peek():
        return tokens[pos[0]] if pos[0] < len(tokens) else None

    def atom():
        tok = peek()
        pos[0] += 1
        if tok == "(":
            val = expr()
            if peek() != ")":
                raise _Unread("(")
            pos[0] += 1
            return val
        if tok == "-":
            return -atom()
        if tok is None or not tok[0].isdigit():
            raise _Unread(str(tok))
        return Fraction(tok)

    def term():
        val = atom()
        while peek() in ("*", "/"):
            op = tokens[pos[0]]
            pos[0] += 1
            rhs = atom()
            if op == "/" and rhs == 0:
                raise _Unread("/0")
            val = val * rhs if op == "*" else val / rhs
        return val

    def expr():
        val = term()
        while peek() in ("+", "-"):
            op = tokens[pos[0]]
            pos[0] += 1
            val = val + term() if op == "+" else val - term()
        return val

    val = expr()
    if pos[0] != len(tokens):
        raise _Unread("trailing")
    return val


def _readings(tokens: list):
    """``(reading text, tokens)`` for each way of reading the ``?`` of ``tokens``; a thousands space
    only between a number and exactly three digits."""
    holes = [i for i, t in enumerate(tokens) if t == "?"]
    for choice in product(_READINGS, repeat=len(holes)):
        pick, out, skip = dict(zip(holes, choice)), [], False
        for i, tok in enumerate(tokens):
            if skip:
                skip = False
                continue
            if pick.get(i) == "":
                nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
                if not (out and out[-1].isdigit() and len(nxt) == 3 and nxt.isdigit()):
                    break
                out[-1], skip = out[-1] + nxt, True
                continue
            out.append(pick.get(i, tok))
        else:
            yield " ".join(o or "a thousands space" for o in choice), out


def _claimed(rhs: str) -> tuple:
    digits = re.sub(_SEP, "", rhs)
    places = len(digits.split(".")[1]) if "." in digits else 0
    return Fraction(digits), places


def _agrees(value: Fraction, claimed: Fraction, places: int) -> bool:
    return value == claimed if places == 0 else abs(value - claimed) <= Fraction(1, 2 * 10 ** places)


def _show(v: Fraction) -> str:
    return str(v.numerator) if v.denominator == 1 else f"{v} = {float(v):.6g}"


def _verdict(lhs: str, rhs: str) -> StatementResult | None:
    try:
        tokens = _tokens(lhs)
        claimed, places = _claimed(rhs)
    except (_Unread, ValueError):
        return None
    if not any(t in "+-*/?" for t in tokens) or tokens.count("?") > _MAX_UNKNOWN:
        return None
    sep = "; the result's thousands separated by '?' (a lost character)" if "?" in rhs else ""
    results = []
    for text, toks in _readings(tokens):
        try:
            results.append((text, evaluate(toks)))
        except (_Unread, ZeroDivisionError):
            continue
    if not results:
        return None
    shown = f"{lhs.strip()} = {rhs}"
    good = [t for t, v in results if _agrees(v, claimed, places)]
    if "?" not in tokens:
        value = results[0][1]
        if good:
            how = "exactly" if value == claimed else f"to the {places} printed decimals"
            return StatementResult("holds", KIND, f"holds {how}: {shown}{sep}")
        return StatementResult("wrong", KIND, f"wrong: {lhs.strip()} = {_show(value)}, not {rhs}{sep}",
                               [{"row": None, "col": None, "claimed": rhs, "expected": _show(value),
                                 "where": lhs.strip()}])
    lost = "; ".join(f"'?' read as {t}: {_show(v)}" for t, v in results)
    if len(good) == len(results):
        return StatementResult("holds", KIND, f"holds whatever character '?' stands for ({lost}){sep}")
    if not good:
        return StatementResult("wrong", KIND, f"wrong whatever character '?' (lost in conversion) stands for: "
                                              f"{lost}; claimed {rhs}{sep}",
                               [{"row": None, "col": None, "claimed": rhs,
                                 "expected": "; ".join(_show(v) for _, v in results), "where": lhs.strip()}])
    return StatementResult("unchecked", KIND, f"'?' is a character lost in conversion: {shown} holds if it is "
                                              f"{' or '.join(good)} ({lost}){sep}")


#: Text just before a claim that makes its left side the tail of a longer expression: an operator or
#: a LaTeX command (``\\cdot 10 + 10 = 795010`` in math the extractor did not see) -- not read.
_MID = re.compile(r"(?:\S[ \t]*[+\-−*/×·^]|[{]|\\[A-Za-z]+)[ \t]*\Z")  # a bullet '- ' or '* ' is not one


def _masked(text: str, spans: list) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def check_prose(text: str, math_spans: list) -> list:
    """``(start, end, StatementResult)`` for each arithmetic claim in the prose of ``text`` (the
    ``math_spans`` ``(start, end)`` are skipped)."""
    out = []
    masked = _masked(text, math_spans)
    for m in _CLAIM.finditer(masked):
        if _MID.search(masked, max(0, m.start() - 40), m.start()):
            continue
        lhs = m.group("lhs")
        while lhs.count("(") + lhs.count("[") > lhs.count(")") + lhs.count("]") and lhs[:1] in "([":
            lhs = lhs[1:]
        result = _verdict(lhs, m.group("rhs"))
        if result is not None:
            out.append((m.start("lhs") + len(m.group("lhs")) - len(lhs), m.end(), result))
    return out
