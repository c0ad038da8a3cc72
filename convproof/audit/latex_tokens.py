"""A small LaTeX tokenizer and region splitter for the mutation engine (no checker code).

Tokens keep every character (whitespace included), so ``"".join(t.text for t in tokens)`` is
the input.  A *region* is a flat run of tokens between structural boundaries (``=``, ``&``,
``\\\\``, ``,``, relations, environment commands) inside one bracket level; a bracket group is one
atom of its parent region.  Terms of a region are its atoms between top-level ``+``/``-``.

>>> [t.text for t in tokenize(r"f_{1} y_2 + 3")]
['f', '_', '{', '1', '}', ' ', 'y', '_', '2', ' ', '+', ' ', '3']
>>> toks = tokenize("a + b = c")
>>> [[[toks[i].text for i in term] for term in region] for region in regions(toks)]
[[['a'], ['b']], [['c']]]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Tok", "matrices", "regions", "tokenize"]

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\d+(?:\.\d+)?|[A-Za-z]|\s+|.", re.S)
_BOUNDARY_CMDS = {r"\approx", r"\leq", r"\geq", r"\neq", r"\equiv", r"\quad", r"\qquad",
                  r"\begin", r"\end", r"\text", r"\mathrm", r"\in", r"\to", r"\cdots", r"\dots",
                  r"\ldots", r"\vdots", r"\ddots", r"\left", r"\right"}
_OPEN, _CLOSE = "{(", "})"


@dataclass(frozen=True)
class Tok:
    """One token: its text and its offset in the equation."""

    text: str
    start: int

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def tokenize(text: str) -> list[Tok]:
    """All tokens of ``text`` in order (lossless)."""
    return [Tok(m.group(), m.start()) for m in _TOKEN.finditer(text)]


def _boundary(tok: Tok) -> bool:
    return tok.text in ("=", "&", ",", ";", "<", ">", "\\\\") or tok.text in _BOUNDARY_CMDS


def _script(toks: list[Tok], i: int) -> bool:
    """Whether the ``{`` at ``i`` opens the argument of ``_`` or ``^``."""
    j = i - 1
    while j >= 0 and toks[j].blank:
        j -= 1
    return j >= 0 and toks[j].text in ("_", "^")


def regions(toks: list[Tok]) -> list[list[list[int]]]:
    """Regions as lists of terms; a term is the list of its token indices (blanks included).

    The operator before a term is not part of it; ``terms_ops`` recovers operators by looking at
    the tokens between terms.
    """
    stack: list[list[int]] = [[]]
    done: list[list[int]] = []
    scripts: list[bool] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.text in _OPEN:
            stack[-1].append(i)
            stack.append([])
            scripts.append(tok.text == "{" and _script(toks, i))
        elif tok.text in _CLOSE and len(stack) > 1:
            inner = stack.pop()
            if not scripts.pop() and not any(scripts):  # a sub/superscript is a name, not a sum
                done.append(inner)
            stack[-1].append(i)
        elif _boundary(tok):
            if not any(scripts):
                done.append(stack[-1])
            stack[-1] = []
            if tok.text in (r"\begin", r"\end") and i + 1 < len(toks) and toks[i + 1].text == "{":
                close = next((j for j in range(i + 1, len(toks)) if toks[j].text == "}"), i)
                i = close
        else:
            stack[-1].append(i)
        i += 1
    done.extend(stack)
    return [t for t in (_terms(toks, r) for r in done) if t]


def _terms(toks: list[Tok], region: list[int]) -> list[list[int]]:
    """Split a region at its top-level ``+``/``-`` (group contents stay inside their atom)."""
    terms, cur, depth = [], [], 0
    for i in region:
        text = toks[i].text
        if text in _OPEN:
            depth += 1
        elif text in _CLOSE:
            depth -= 1
        if depth == 0 and text in "+-" and text:
            if any(not toks[j].blank for j in cur):
                terms.append(cur)
            cur = []
            continue
        cur.append(i)
    if any(not toks[j].blank for j in cur):
        terms.append(cur)
    return [[j for j in t if not toks[j].blank] for t in terms]


@dataclass(frozen=True)
class MatrixEnv:
    """A matrix environment: the offsets of its body and its cells ``[row][col] -> (start, end)``."""

    start: int
    end: int
    close: int
    rows: list


_ENV = re.compile(r"\\begin\{([bpvBV]?matrix|array)\}(\{[^{}]*\})?")


def matrices(text: str) -> list[MatrixEnv]:
    """Every (non-nested) matrix environment of ``text`` with its cell spans."""
    out = []
    for m in _ENV.finditer(text):
        name = m.group(1)
        close = text.find("\\end{" + name + "}", m.end())
        if close < 0 or "\\begin{" in text[m.end():close]:
            continue
        rows, pos = [], m.end()
        for row_text in re.split(r"\\\\", text[m.end():close]):
            cells, cpos = [], pos
            for cell in row_text.split("&"):
                a = cpos + len(cell) - len(cell.lstrip())
                b = cpos + len(cell.rstrip())
                cells.append((a, b))
                cpos += len(cell) + 1
            pos += len(row_text) + 2
            if any(a < b for a, b in cells):
                rows.append(cells)
        out.append(MatrixEnv(m.start(), m.end(), close + len("\\end{" + name + "}"), rows))
    return out
