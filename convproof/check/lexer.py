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


class AmbiguousNumber(LexError):
    """A number written so that it has two readings (``1,024``, ``1e-3``): worth reporting even
    in inline math, where unreadable text is otherwise passed over."""


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
#: Function names lecturers type without ``\\text``/``\\operatorname`` (``ReLU(x)``, ``tr A``): a run of
#: letters spelling one (any case) is one word token, never a product of letters.
FUNCTION_WORDS = {"relu", "sigmoid", "softmax", "tanh", "tr", "argmax", "argmin", "exp", "log", "ln",
                  "max", "min"}
#: Commands dropped together with their ``{...}`` argument (colour, spacing; ``\\color[rgb]{..}`` too).
_DROP_WITH_ARG = {r"\color", r"\textcolor", r"\hspace", r"\vspace"}
#: Commands that scale their last argument, with the number of size arguments before it.
_BOXES = {r"\scalebox": 1, r"\resizebox": 2}
#: Font switches (``{\\bf x}``): dropped, the group they open stays.
_SWITCHES = {r"\bf", r"\it", r"\rm", r"\sf", r"\bfseries", r"\boldmath"}
_DEF_MARKS = {"def", r"\mathrm{def}", r"\text{def}", r"\textrm{def}", r"\rm def", r"\triangle", r"\Delta"}
_LETTERS = re.compile(r"[A-Za-z]+")
_NUM = re.compile(r"\d+(?:\{,\}\d+|\.\d+)?")
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\{,\}\d{3})+(?:\.\d+)?(?!\d)")  # 1{,}000{,}000, 1{,}024, 1{,}000.5
#: Thousands grouped by spaces (SI, and Russian typography): ``34\,848``, ``1\;000\;000``,
#: ``290~400``, ``290 400`` (TeX drops the space: typeset 290400), with a decimal part after them.
_SPACED = re.compile(r"[1-9]\d{0,2}(?:(?:\\[,;: ]|\\thinspace(?![A-Za-z]) ?|~| )\d{3})+"
                     r"(?:\{,\}\d+|\.\d+)?(?!\d)")
_SPACE = re.compile(r"\\[,;: ]|\\thinspace ?|~| ")
#: ``1e-3``, ``2.5E4``: E-notation, or 1 times e minus 3 (TeX typesets the two alike).
_E_NOTATION = re.compile(r"(?<![A-Za-z\\])\d+(?:\.\d+)?[eE][+-]?\d+(?![\w.])")
_HEAD, _GROUP, _LAST_GROUP = re.compile(r"[1-9]\d{0,2}"), re.compile(r"\d{3}"), re.compile(r"\d{3}(?:\.\d+)?")
_CMD = re.compile(r"\\(?:[A-Za-z]+|.)", re.DOTALL)
MAX_TOKENS = 20000


def _text_arg(src: str, pos: int, cmd: str = r"\text") -> tuple[str, int]:
    """Content of the ``{...}`` group starting at ``pos`` (after optional spaces); end offset."""
    while pos < len(src) and src[pos] == " ":
        pos += 1
    if pos >= len(src) or src[pos] != "{":
        raise LexError(f"{cmd} without a {{...}} argument")
    depth, i = 0, pos
    while i < len(src):
        if src[i] == "{":
            depth += 1
        elif src[i] == "}":
            depth -= 1
            if depth == 0:
                return src[pos + 1:i], i + 1
        i += 1
    raise LexError(f"unbalanced braces in {cmd}{{...}}")


def _word_token(cmd: str, src: str, pos: int, start: int) -> tuple[Token, int]:
    if cmd == r"\operatorname" and src.startswith("*", pos):  # \operatorname*{argmax}
        pos += 1
    content, end = _text_arg(src, pos, cmd)
    content = " ".join(content.replace("\\,", " ").replace("\\ ", " ").split())
    if cmd == r"\mathit" and len(content) == 1:
        return Token("char", content, start, end), end
    return Token("word", content, start, end), end


def _skip_spaces(src: str, pos: int) -> int:
    while pos < len(src) and src[pos] == " ":
        pos += 1
    return pos


def _skip_args(src: str, pos: int, cmd: str) -> int:
    """Offset after a ``\\color``-like command's ``*``, ``[..]`` and ``{..}`` arguments."""
    pos = _skip_spaces(src, pos)
    if src.startswith("*", pos):
        pos += 1
    pos = _skip_spaces(src, pos)
    if src.startswith("[", pos):
        close = src.find("]", pos)
        pos = close + 1 if close > 0 else pos
    return _text_arg(src, pos, cmd)[1]


def _stacked_def(src: str, pos: int) -> int | None:
    """End offset of ``\\stackrel{def}{=}`` / ``\\overset{def}{=}`` after the command, or ``None``."""
    try:
        mark, after = _text_arg(src, pos)
        rel, end = _text_arg(src, after)
    except LexError:
        return None
    if " ".join(mark.split()) in _DEF_MARKS and rel.strip() == "=":
        return end
    return None


def _inline_dollars(src: str, pos: int) -> set[int]:
    """Offsets of the ``$`` that open and close the boxed content ``{$ .. $}`` at ``pos``."""
    pos = _skip_spaces(src, pos)
    if not src.startswith("{", pos):
        return set()
    inner, end = _text_arg(src, pos)
    body = inner.strip()
    if len(body) < 2 or body[0] != "$" or body[-1] != "$":
        return set()
    first = src.index("$", pos)
    return {first, src.rindex("$", first, end)} | ({first + 1, end - 2} if body.startswith("$$") else set())


class _State:
    """What the command branch leaves for later characters: braces to drop, open ``\\left.``."""

    def __init__(self):
        self.drop_at: set[int] = set()
        self.open_dots = 0


def _command(src: str, pos: int, state: _State) -> tuple[Token | None, int]:
    """The token of the command at ``pos`` (``None`` when it is dropped) and the offset after it."""
    m = _CMD.match(src, pos)
    if m is None:  # a lone backslash at the very end (a row written ``\\\``)
        return None, pos + 1
    cmd = m.group()
    if cmd == "\\\\":
        end = m.end()
        if end < len(src) and src[end] == "[":  # \\[2pt]
            close = src.find("]", end)
            end = close + 1 if close > 0 else end
        return Token("sep", cmd, pos, m.end()), end
    if cmd in (r"\intertext", r"\shortintertext"):  # prose between two rows: a row break
        return Token("sep", "\\\\", pos, m.end()), _text_arg(src, m.end(), cmd)[1]
    if cmd in _TEXT_CMDS:
        return _word_token(cmd, src, m.end(), pos)
    if cmd[1:].isspace() or cmd in _SWITCHES:  # control space (``\\\`` at a line end), {\bf x}
        return None, m.end()
    if cmd in _DROP_WITH_ARG:
        return None, _skip_args(src, m.end(), cmd)
    if cmd in _BOXES:  # \scalebox{0.8}{..}, \resizebox{w}{h}{..}: the size goes, the box stays
        end = m.end()
        for _ in range(_BOXES[cmd]):
            end = _text_arg(src, end, cmd)[1]
        state.drop_at |= _inline_dollars(src, end)  # \resizebox{..}{!}{$ .. $}
        return None, end
    if cmd == r"\boxed":  # \boxed{x = 1}: the box and its braces go, the content stays
        end = _skip_spaces(src, m.end())
        if src.startswith("{", end):
            state.drop_at.add(_text_arg(src, end, cmd)[1] - 1)
            return None, end + 1
        return None, m.end()
    if cmd in (r"\stackrel", r"\overset"):
        end = _stacked_def(src, m.end())
        if end is not None:
            return Token("cmd", r"\coloneqq", pos, end), end
    if cmd in (r"\left", r"\right"):
        return _delimiter(src, m.end(), cmd, state)
    if cmd in SPACING:
        return None, m.end()
    return Token("cmd", cmd, pos, m.end()), m.end()


def _delimiter(src: str, pos: int, cmd: str, state: _State) -> tuple[Token | None, int]:
    """``\\left.``/``\\right.`` vanish; ``\\right|`` closing a ``\\left.`` is an evaluation bar."""
    end = _skip_spaces(src, pos)
    if src.startswith(".", end):
        state.open_dots += cmd == r"\left"
        return None, end + 1
    if cmd == r"\right" and state.open_dots and (src.startswith("|", end)
                                                  or src.startswith(r"\vert", end)):
        state.open_dots -= 1
        close = end + (1 if src[end] == "|" else len(r"\vert"))
        return Token("cmd", r"\evalbar", pos, close), close
    return None, pos


def _letters(src: str, pos: int) -> list[Token]:
    """Letters from ``pos``: one word token for a known function name, else one token a letter."""
    m = _LETTERS.match(src, pos)
    if m.group().lower() in FUNCTION_WORDS:
        return [Token("word", m.group(), pos, m.end())]
    return [Token("char", ch, pos + i, pos + i + 1) for i, ch in enumerate(m.group())]


def grouped_number(parts: list[str], comma: str = ",") -> str | None:
    """A number written with commas, cut at them (``["1", "000", "000"]``): the digits of grouped
    thousands (``1,000,000``, ``1,000.5``), None for a decimal comma (``0,5``, ``2,25``); ``1,024`` could
    be either (1024 or 1.024), so it raises :class:`LexError` rather than being read one way."""
    head, groups = parts[0], parts[1:]
    if not (_HEAD.fullmatch(head) and all(_GROUP.fullmatch(g) for g in groups[:-1])
            and _LAST_GROUP.fullmatch(groups[-1])):
        return None
    if len(groups) > 1 or "." in groups[-1]:
        return head + "".join(groups)
    raise AmbiguousNumber(f"{head}{comma}{groups[0]} may be {head}{groups[0]} (a thousands separator) or "
                   f"{head}.{groups[0]} (a decimal comma)")


def _braced_comma(text: str) -> str:
    """A number with ``{,}`` (:func:`grouped_number`): grouped thousands or a decimal comma."""
    parts = text.split("{,}")
    return text if len(parts) == 1 else grouped_number(parts, "{,}") or ".".join(parts)


def tokenize(src: str) -> list[Token]:
    """Cut ``src`` into tokens; raise :class:`LexError` for binary junk or too long input.

    >>> [t.kind for t in tokenize(r"\\text{softmax}(z) \\approx 2")]
    ['word', 'char', 'char', 'char', 'cmd', 'num']
    >>> [t.text for t in tokenize(r"ReLU(x) + {\\color{red} ab}")]
    ['ReLU', '(', 'x', ')', '+', '{', 'a', 'b', '}']
    """
    tokens: list[Token] = []
    state = _State()
    pos = 0
    while pos < len(src):
        if len(tokens) > MAX_TOKENS:
            raise LexError(f"equation longer than {MAX_TOKENS} tokens")
        ch = src[pos]
        if ch.isspace() or ch == "~" or pos in state.drop_at:
            pos += 1
            continue
        if ch == "%":
            nl = src.find("\n", pos)
            pos = len(src) if nl < 0 else nl + 1
            continue
        if (e := _E_NOTATION.match(src, pos)) is not None:
            raise AmbiguousNumber(f"{e.group()} may be E-notation or a product with e; write it with 10^{{..}}")
        m = _GROUPED.match(src, pos) or _SPACED.match(src, pos) or _NUM.match(src, pos)
        if m:
            tokens.append(Token("num", _braced_comma(_SPACE.sub("", m.group())), pos, m.end()))
            pos = m.end()
            continue
        if ch == "\\":
            tok, pos = _command(src, pos, state)
            if tok is not None:
                tokens.append(tok)
            continue
        if ch in _UNICODE:
            text = _UNICODE[ch]
            tokens.append(Token("cmd" if text.startswith("\\") else "char", text, pos, pos + 1))
            pos += 1
            continue
        if ch.isascii() and ch.isalpha():
            letters = _letters(src, pos)
            tokens += letters
            pos = letters[-1].end
            continue
        if ch.isascii() and ch in "+-*/^_()[]{}|=<>,;:'!&.?":
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
