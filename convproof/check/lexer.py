"""Tokens of lecture mathematics: numbers, commands, words, characters, with source offsets.

The lexer never evaluates anything; it only cuts the equation text into :class:`Token` objects
that the parser (:mod:`convproof.check.parse`) reads.  Spacing commands (``\\,``, ``\\quad`` inside
an expression, ``\\displaystyle``, ``\\big``) are dropped here; ``\\left``/``\\right`` are dropped
too, the delimiter after them is kept.  Unicode operators (``×``, ``·``, ``−``, ``≈``) become the
corresponding commands.

>>> [t.text for t in tokenize(r"0.5 \\cdot x_{1}")]
['0.5', '\\\\cdot', 'x', '_', '{', '1', '}']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SPACING", "LexError", "Token", "tokenize"]


class LexError(ValueError):
    """Raised for text that is not mathematics the checker can read (message says why)."""


@dataclass(frozen=True)
class Token:
    """One token: ``kind`` is ``num``, ``cmd``, ``word``, ``char``, ``sep`` (a ``\\\\`` row break)."""

    kind: str
    text: str
    start: int
    end: int


SPACING = {
    r"\,", r"\;", r"\:", r"\!", r"\ ", r"\displaystyle", r"\textstyle", r"\scriptstyle",
    r"\left", r"\right", r"\big", r"\Big", r"\bigg", r"\Bigg", r"\bigl", r"\bigr", r"\Bigl",
    r"\Bigr", r"\biggl", r"\biggr", r"\Biggl", r"\Biggr", r"\middle", r"\limits", r"\nolimits",
    r"\nonumber", r"\notag", r"\hfill", r"\phantom", r"\strut", r"\mathstrut",
}
_UNICODE = {
    "×": r"\times", "·": r"\cdot", "⋅": r"\cdot", "−": "-", "–": "-", "≈": r"\approx",
    "∇": r"\nabla", "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "∈": r"\in", "→": r"\to",
    "∂": r"\partial", "σ": r"\sigma", "α": r"\alpha", "β": r"\beta", "η": r"\eta",
    "θ": r"\theta", "λ": r"\lambda", "ε": r"\epsilon", "∑": r"\sum", "≡": r"\equiv",
}
_TEXT_CMDS = {r"\text", r"\mathrm", r"\operatorname", r"\textrm", r"\textit", r"\mbox", r"\textbf",
              r"\mathit"}
_NUM = re.compile(r"\d+(?:\{,\}\d+|\.\d+)?")
_CMD = re.compile(r"\\(?:[A-Za-z]+|.)", re.DOTALL)
MAX_TOKENS = 20000


def _text_arg(src: str, pos: int) -> tuple[str, int]:
    """Content of the ``{...}`` group starting at ``pos`` (after optional spaces); end offset."""
    while pos < len(src) and src[pos] == " ":
        pos += 1
    if pos >= len(src) or src[pos] != "{":
        raise LexError("\\text without a {...} argument")
    depth, i = 0, pos
    while i < len(src):
        if src[i] == "{":
            depth += 1
        elif src[i] == "}":
            depth -= 1
            if depth == 0:
                return src[pos + 1:i], i + 1
        i += 1
    raise LexError("unbalanced braces in \\text{...}")


def _word_token(cmd: str, src: str, pos: int, start: int) -> tuple[Token, int]:
    content, end = _text_arg(src, pos)
    content = " ".join(content.replace("\\,", " ").replace("\\ ", " ").split())
    if cmd == r"\mathit" and len(content) == 1:
        return Token("char", content, start, end), end
    return Token("word", content, start, end), end


def tokenize(src: str) -> list[Token]:
    """Cut ``src`` into tokens; raise :class:`LexError` for binary junk or too long input.

    >>> [t.kind for t in tokenize(r"\\text{softmax}(z) \\approx 2")]
    ['word', 'char', 'char', 'char', 'cmd', 'num']
    """
    tokens: list[Token] = []
    pos = 0
    while pos < len(src):
        if len(tokens) > MAX_TOKENS:
            raise LexError(f"equation longer than {MAX_TOKENS} tokens")
        ch = src[pos]
        if ch.isspace() or ch == "~":
            pos += 1
            continue
        if ch == "%":
            nl = src.find("\n", pos)
            pos = len(src) if nl < 0 else nl + 1
            continue
        m = _NUM.match(src, pos)
        if m:
            tokens.append(Token("num", m.group().replace("{,}", "."), pos, m.end()))
            pos = m.end()
            continue
        if ch == "\\":
            m = _CMD.match(src, pos)
            cmd = m.group()
            if cmd == "\\\\":
                tokens.append(Token("sep", cmd, pos, m.end()))
                pos = m.end()
                if pos < len(src) and src[pos] == "[":  # \\[2pt]
                    close = src.find("]", pos)
                    pos = close + 1 if close > 0 else pos
                continue
            if cmd in _TEXT_CMDS:
                tok, pos = _word_token(cmd, src, m.end(), pos)
                tokens.append(tok)
                continue
            if cmd not in SPACING:
                tokens.append(Token("cmd", cmd, pos, m.end()))
            pos = m.end()
            continue
        if ch in _UNICODE:
            text = _UNICODE[ch]
            tokens.append(Token("cmd" if text.startswith("\\") else "char", text, pos, pos + 1))
            pos += 1
            continue
        if ch.isascii() and (ch.isalpha() or ch in "+-*/^_()[]{}|=<>,;:'!&.?"):
            tokens.append(Token("char", ch, pos, pos + 1))
            pos += 1
            continue
        if ch.isalpha():
            m = re.compile(r"\w+").match(src, pos)
            tokens.append(Token("word", m.group(), pos, m.end()))
            pos = m.end()
            continue
        raise LexError(f"unexpected character {ch!r} at offset {pos}")
    return tokens
