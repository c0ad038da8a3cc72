"""The document's own LaTeX macros, expanded in its math: ``\\newcommand{\\half}{\\frac{1}{2}}``
makes ``\\half \\cdot 4 = 2`` a statement about one half, not an unknown command.

Read from the whole document (text only, nothing is executed): ``\\newcommand``,
``\\renewcommand``, ``\\providecommand`` (with or without the star, with ``[n]`` arguments, not
with an optional default), ``\\def\\name{..}`` without parameters and
``\\DeclareMathOperator{\\tr}{tr}`` (an ``\\operatorname``).  Expansion replaces ``#1``..``#n`` by
the arguments (a ``{..}`` group or one token); it stops after :data:`MAX_EXPANSIONS` replacements
or when the text would grow past :data:`MAX_GROWTH` times its length (a recursive macro), leaving
the rest as written.  At most :data:`MAX_DEFINITIONS` definitions of each kind are read, each body
at most :data:`MAX_BODY` characters long (a document of unclosed ``\\newcommand{\\a}{`` stays linear).

>>> table = definitions(r"\\newcommand{\\half}{\\frac{1}{2}} \\newcommand{\\sq}[1]{{#1}^2}")
>>> expand(r"\\half \\cdot \\sq{4} = 8", table)
'\\\\frac{1}{2} \\\\cdot {4}^2 = 8'
"""

from __future__ import annotations

import re

__all__ = ["MAX_BODY", "MAX_DEFINITIONS", "MAX_EXPANSIONS", "MAX_GROWTH", "definitions", "expand"]

MAX_EXPANSIONS = 200
MAX_GROWTH = 8
MAX_BODY = 2000  # characters of a definition's body or an argument
MAX_DEFINITIONS = 1000
_NEW = re.compile(r"\\(?:re|provide)?newcommand\*?\s*(?:\{\s*(\\[A-Za-z]+)\s*\}|(\\[A-Za-z]+))\s*(?:\[(\d)\])?\s*(?=\{)")
_DEF = re.compile(r"\\def\s*(\\[A-Za-z]+)\s*(?=\{)")
_OPERATOR = re.compile(r"\\DeclareMathOperator\*?\s*\{\s*(\\[A-Za-z]+)\s*\}\s*(?=\{)")


def _group(text: str, pos: int, limit: int = MAX_BODY) -> tuple[str, int] | None:
    """The content of the ``{..}`` group at ``pos`` and the offset after it (``None`` when it is
    not closed within ``limit`` characters)."""
    if not text.startswith("{", pos):
        return None
    depth = 0
    for i in range(pos, min(len(text), pos + limit)):
        if text[i] == "\\":
            continue
        if text[i] == "{" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif text[i] == "}" and text[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[pos + 1:i], i + 1
    return None


def definitions(doc: str) -> dict:
    """``{name: (n_args, body)}`` of the macros ``doc`` defines (a later definition wins)."""
    table: dict = {}
    for pattern, kind in ((_NEW, "new"), (_DEF, "def"), (_OPERATOR, "op")):
        for count, m in enumerate(pattern.finditer(doc)):
            if count >= MAX_DEFINITIONS:
                break
            body = _group(doc, m.end())
            if body is None:
                continue
            if kind == "new":
                name, args = m.group(1) or m.group(2), int(m.group(3) or 0)
                table[name] = (args, body[0])
            elif kind == "def":
                table[m.group(1)] = (0, body[0])
            else:
                table[m.group(1)] = (0, r"\operatorname{" + body[0] + "}")
    return table


def _arguments(text: str, pos: int, n: int) -> tuple[list[str], int] | None:
    args = []
    for _ in range(n):
        while pos < len(text) and text[pos] == " ":
            pos += 1
        group = _group(text, pos)
        if group is not None:
            args.append(group[0])
            pos = group[1]
        elif pos < len(text) and text[pos] not in "}\\":
            args.append(text[pos])
            pos += 1
        else:
            return None
    return args, pos


def expand(text: str, table: dict) -> str:
    """``text`` with the macros of ``table`` expanded (see the module docstring)."""
    if not table:
        return text
    pattern = re.compile(r"(" + "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
                         + r")(?![A-Za-z])")
    limit, done, pos = MAX_GROWTH * max(len(text), 1) + 200, 0, 0
    while done < MAX_EXPANSIONS:
        m = pattern.search(text, pos)
        if m is None:
            return text
        n, body = table[m.group(1)]
        found = _arguments(text, m.end(), n)
        if found is None:
            pos = m.end()
            continue
        args, end = found
        for i, arg in enumerate(args, start=1):
            body = body.replace(f"#{i}", arg)
        replaced = text[:m.start()] + body + text[end:]
        if len(replaced) > limit:
            return text
        text, pos, done = replaced, m.start(), done + 1
    return text
