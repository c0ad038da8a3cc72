"""Tables of the lecture grammar shared by the parser (:mod:`.parse`), its atom table
(:mod:`.atoms`) and the constructs beside them: builtin functions, matrix, ``cases`` and ellipsis
commands, exact number literals, the ``|`` rules drawn beside column vectors.

Below the parser, so that :mod:`.atoms` reads them without importing :mod:`.parse`
(:mod:`.parse` re-exports them).

>>> num_node(Token("num", "0.25", 0, 4)).value
1/4
"""

from __future__ import annotations

import sympy as sp

from .lexer import Token
from .nodes import Num, ParseError

__all__ = ["BUILTIN_CMDS", "BUILTIN_WORDS", "CASES_ENVS", "ELLIPSES", "MATRIX_ENVS", "drop_rules",
           "num_node"]

BUILTIN_CMDS = {r"\tanh": "tanh", r"\sinh": "sinh", r"\cosh": "cosh", r"\sin": "sin",
                r"\cos": "cos", r"\tan": "tan", r"\exp": "exp", r"\ln": "ln", r"\log": "log",
                r"\max": "max", r"\min": "min", r"\sqrt": "sqrt", r"\det": "det",
                r"\lg": "lg", r"\lb": "lb", r"\tg": "tan", r"\ctg": "cot", r"\cot": "cot",
                r"\arctan": "atan", r"\arctg": "atan", r"\arcsin": "asin", r"\arccos": "acos"}
BUILTIN_WORDS = {"softmax": "softmax", "relu": "relu", "sigmoid": "sigmoid", "tanh": "tanh",
                 "exp": "exp", "max": "max", "min": "min", "ln": "ln", "log": "log",
                 "sign": "sign", "abs": "abs"}
BUILTIN_WORDS["hardtanh"] = "hardtanh"  # max(-1, min(1, x)), as PyTorch's Hardtanh
BUILTIN_WORDS.update({"tg": "tan", "ctg": "cot", "arctg": "atan", "lg": "lg"})  # \operatorname{tg}: Russian notation
MATRIX_ENVS = {"bmatrix", "pmatrix", "vmatrix", "Bmatrix", "Vmatrix", "matrix", "smallmatrix",
               "array"}
ELLIPSES = {r"\dots", r"\ldots", r"\cdots", r"\vdots", r"\ddots"}
#: Environments read as ``cases`` (:mod:`.notation`).
CASES_ENVS = {"cases", "dcases", "rcases", "cases*", "dcases*"}


def num_node(tok: Token) -> Num:
    """Exact number node from a ``num`` token."""
    whole, _, frac = tok.text.partition(".")
    if len(tok.text) > 60:
        raise ParseError("number literal too long")
    value = sp.Rational(int(whole + frac), 10 ** len(frac))
    return Num(value, tok.text, len(frac), (tok.start, tok.end))


def drop_rules(rows):
    """Token rows without the rows drawn only with ``|`` (``| & | & \\cdots & |`` above and below
    a row of column vectors)."""

    def rule(row) -> bool:
        bars = [len(c) == 1 and c[0].text in ("|", r"\vert") for c in row]
        return any(bars) and all(b or (len(c) == 1 and c[0].text in ELLIPSES) for b, c in zip(bars, row))
    kept = [r for r in rows if not rule(r)]
    return kept if kept else rows
