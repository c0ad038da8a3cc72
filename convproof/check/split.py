"""Split one equation into statements (relation chains) and read its equation-number tag.

An equation may hold several statements: ``x_1 = 0.8, x_2 = -0.3`` or
``W = [..] \\quad b = [..]`` or the rows of ``aligned``.  The text is cut at top-level ``,``
``;`` ``\\quad`` ``\\qquad`` (not next to an ``=``, where they are spacing) ``:`` words and row
breaks; a piece without a relation is dropped (a
piece like ``(10)`` is the equation number); a piece that starts with a relation continues the
previous one (``&= ...`` rows).

>>> [c.rels for c in statements(r"x_1 = 0.8, x_2 = -0.3 \\quad (5)")[0]]
[['='], ['=']]
>>> statements(r"x_1 = 0.8, x_2 = -0.3 \\quad (5)")[1]
'5'
"""

from __future__ import annotations

import re

from .lexer import AmbiguousNumber, LexError, Token, grouped_number, tokenize
from .names import tokens_text
from .nodes import ParseError
from .parse import EQ_CMDS, MUL_CMDS, OTHER_RELATIONS, Parser

__all__ = ["StatementError", "split_pieces", "statements"]

_TRANSPARENT = {"aligned", "align", "align*", "gathered", "split", "eqnarray", "multline",
                "gather", "alignedat", "equation", "equation*"}
#: Words (in ``\\text{..}``) between two statements of a display.
_WORDS = {"and", "where", "for", "if", "with", "or", "at", "when", "given", "then", "so", "hence",
          "thus", "since", "because", "let", "suppose", "assuming"}
_SEPARATORS = {",", ";", r"\quad", r"\qquad", ":", r"\text", r"\forall", r"\iff"}
_OPEN, _CLOSE = set("([{"), set(")]}")
_TAG = re.compile(r"^\(\s*(\d+(?:\.\d+)*[a-z]?)\s*\)$")
_ALIGNAT_ARG = re.compile(r"^\s*\{\s*\d+\s*\}")


class StatementError(ValueError):
    """The whole equation could not be tokenized (binary junk, unbalanced text); ``notation``
    when it is a number with two readings (reported in inline math too)."""

    def __init__(self, message: str, notation: bool = False):
        super().__init__(message)
        self.notation = notation


def _is_relation(tokens: list[Token], i: int) -> bool:
    tok = tokens[i]
    if tok.kind == "char" and tok.text in "=<>":
        return True
    if tok.kind == "char" and tok.text == ":" and i + 1 < len(tokens) and tokens[i + 1].text == "=":
        return True
    return tok.kind == "cmd" and (tok.text in EQ_CMDS or tok.text in OTHER_RELATIONS)


def _is_equality(tokens: list[Token], i: int) -> bool:
    """``=``, ``:=``, ``\\approx``, ``\\equiv``: the relations a statement is checked for."""
    tok = tokens[i]
    return (tok.kind == "char" and tok.text == "=") or (tok.kind == "cmd" and tok.text in EQ_CMDS)


def _is_separator(tok: Token, nxt: Token | None) -> bool:
    if tok.kind == "sep":
        return True
    if tok.kind == "word":
        return not tok.text.replace("_", "").isalnum() or not tok.text.isascii() or \
            tok.text.lower() in _WORDS
    if tok.text == ":" and nxt is not None and nxt.text == "=":
        return False
    return tok.kind in ("char", "cmd") and tok.text in _SEPARATORS


def _strip_environments(tokens: list[Token]) -> list[Token]:
    """Drop ``\\begin{aligned}``/``\\end{aligned}`` wrappers and top-level ``&``."""
    out, i = [], 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.text in (r"\begin", r"\end") and i + 1 < len(tokens) and tokens[i + 1].text == "{":
            close = next((j for j in range(i + 2, len(tokens)) if tokens[j].text == "}"), None)
            name = tokens_text(tokens[i + 2:close]) if close else ""
            if close and name in _TRANSPARENT:
                i = close + 1
                if tok.text == r"\begin" and name.startswith("alignedat") and i < len(tokens):
                    i += 3  # {n}
                continue
        out.append(tok)
        i += 1
    return out


def _comma_run(first: Token, tokens: list[Token], i: int) -> list[Token]:
    """The numbers glued by commas (no spaces) after ``first``, from the comma ``tokens[i]`` on."""
    run, end = [], first.end
    while (i + 1 < len(tokens) and tokens[i].text == "," and tokens[i].start == end
           and tokens[i + 1].kind == "num" and tokens[i + 1].start == tokens[i].end):
        run.append(tokens[i + 1])
        end, i = tokens[i + 1].end, i + 2
    return run


def _read_commas(first: Token, run: list[Token]) -> tuple[Token, int]:
    """``first,run[0],...`` as one number (:func:`.lexer.grouped_number`), and how many of ``run`` it took;
    an ambiguous ``1,024`` is a :class:`StatementError` (the equation is not read)."""
    try:
        grouped = grouped_number([first.text] + [t.text for t in run])
    except LexError as exc:
        raise StatementError(str(exc), isinstance(exc, AmbiguousNumber)) from None
    if grouped is not None:
        return Token("num", grouped, first.start, run[-1].end), len(run)
    return Token("num", first.text + "." + run[0].text, first.start, run[0].end), 1


def _merge_decimal_commas(tokens: list[Token]) -> list[Token]:
    """``0,5`` written without spaces at the top level is a decimal comma (Russian notes); ``1,000,000``
    is grouped thousands (:func:`_read_commas`)."""
    out, depth, i = [], 0, 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "char" and tok.text in _OPEN:
            depth += 1
        elif tok.kind == "char" and tok.text in _CLOSE:
            depth = max(0, depth - 1)
        run = _comma_run(out[-1], tokens, i) if depth == 0 and tok.text == "," and out and \
            out[-1].kind == "num" and "." not in out[-1].text else []
        if run:
            out[-1], used = _read_commas(out[-1], run)
            i += 2 * used
            continue
        out.append(tok)
        i += 1
    return out


def _beside_relation(tokens: list[Token], i: int) -> bool:
    """An equality (``=``, ``:=``, ``\\approx``...) right before or after token ``i``."""
    after = i + 1 < len(tokens) and (_is_equality(tokens, i + 1) or (
        tokens[i + 1].text == ":" and _is_relation(tokens, i + 1)))
    return after or (i > 0 and _is_equality(tokens, i - 1))


def split_pieces(tokens: list[Token]) -> list[list[Token]]:
    """Cut tokens at top-level separators (depth 0 in brackets and environments)."""
    return [piece for _, piece in _column_pieces(tokens)]


def _column_pieces(tokens: list[Token], columns: bool = True) -> list[tuple[int, list[Token]]]:
    """``(column, piece)`` cuts of :func:`split_pieces`. With ``columns`` (the ``align`` family), every
    second top-level ``&`` of a row separates two equations side by side (``a &= 1 & b &= 2``); the
    others are alignment points. ``column`` counts the equations of the row from 0."""
    tokens = _merge_decimal_commas(tokens)
    pieces, cur, depth, env_depth, amps = [], [], 0, 0, 0
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.kind == "char" and tok.text in _OPEN:
            depth += 1
        elif tok.kind == "char" and tok.text in _CLOSE:
            depth = max(0, depth - 1)
        elif tok.text == r"\{":  # \max\{a, b\}
            depth += 1
        elif tok.text == r"\}":
            depth = max(0, depth - 1)
        elif tok.text == r"\begin":
            env_depth += 1
        elif tok.text == r"\end":
            env_depth = max(0, env_depth - 1)
        top = depth == 0 and env_depth == 0
        if top and tok.kind == "char" and tok.text == "&":
            amps += 1
            if columns and amps % 2 == 0:  # the next equation of the row
                pieces.append((amps // 2 - 1, cur))
                cur = []
            continue
        if top and tok.text in (r"\quad", r"\qquad") and _beside_relation(tokens, i):
            continue  # spacing at an equality (2 \cdot 3 \quad = 6), not a list separator
        if top and _is_separator(tok, nxt):
            pieces.append((amps // 2, cur))
            cur = []
            if tok.kind == "sep":
                amps = 0
            continue
        cur.append(tok)
    pieces.append((amps // 2, cur))
    return [(col, p) for col, p in pieces if p]


def _trim(piece: list[Token]) -> list[Token]:
    while piece and piece[-1].kind == "char" and piece[-1].text in ".,;":
        piece = piece[:-1]
    return piece


def statements(text: str, env: str = ""):
    """Statements of an equation: ``(chains_or_errors, tag)``.

    Each item of the list is a :class:`~convproof.check.nodes.Chain` or a ``(offset, message)``
    pair for a statement that could not be parsed.  Raises :class:`StatementError` when the
    text cannot even be tokenized. ``env`` is the environment the text came from (``eqnarray``'s
    rows are ``lhs & = & rhs``, one equation per row; elsewhere ``&`` pairs may put several side by
    side, each continued by the rows below it in its own column).
    """
    if env.startswith("alignat"):  # the body of \begin{alignat}{n} starts with the {n} argument
        text = _ALIGNAT_ARG.sub(lambda m: " " * len(m.group()), text, count=1)
    try:
        tokens = _strip_environments(tokenize(text))
        return _statements(tokens, text, env)
    except LexError as exc:
        raise StatementError(str(exc), isinstance(exc, AmbiguousNumber)) from None


def _statements(tokens: list[Token], text: str, env: str):
    columns = not env.startswith("eqnarray") and r"\begin{eqnarray" not in text
    tag = None
    groups: list[list[Token]] = []
    last: dict[int, int] = {}  # column -> its latest group
    pending: dict[int, list[Token]] = {}  # column -> a row without a relation, ending in an operator or followed by one
    for col, piece in _column_pieces(tokens, columns):
        piece = _trim(piece)
        if not piece:
            continue
        if _TAG.match(tokens_text(piece)):
            tag = _TAG.match(tokens_text(piece)).group(1)
            continue
        if col in pending and (_ends_open(pending[col]) or _operator(piece[0])):
            piece = pending.pop(col) + piece  # multline: 1 + 2 + 3 \\ + 4 = 10
        pending.pop(col, None)
        has_rel = any(_is_relation(piece, i) for i in range(len(piece)))
        continues = _operator(piece[0]) and not has_rel or col in last and _ends_open(groups[last[col]])
        if (_is_relation(piece, 0) or continues) and col in last:
            groups[last[col]].extend(piece)  # a row continuing the equation above it in this column
        elif has_rel and any(_is_equality(piece, i) for i in range(len(piece))):
            groups.append(piece)
            last[col] = len(groups) - 1
        elif not has_rel:
            pending[col] = piece
    return [_parse(group, text) for group in groups], tag


def _operator(tok: Token) -> bool:
    return tok.kind == "char" and tok.text in "+-*/" or tok.kind == "cmd" and tok.text in MUL_CMDS


def _ends_open(piece: list[Token]) -> bool:
    """A row that ends in an operator (``a = 1 + 2 + \\\\ 3``): the next row goes on."""
    return bool(piece) and _operator(piece[-1])


def _parse(group: list[Token], text: str):
    try:
        chain = Parser(group, text).chain()
        chain.offset = group[0].start
        return chain
    except (ParseError, RecursionError) as exc:
        from .elided import unfinished
        return (group[0].start, (str(exc) if not isinstance(exc, RecursionError)
                else "expression nested too deeply") + unfinished(group, str(exc)))
