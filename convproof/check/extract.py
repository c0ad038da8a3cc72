"""Find the equations of a LaTeX or Markdown document, with their source line, label and tag.

Display math (``$$..$$``, ``\\[..\\]``, ``equation``, ``align``, ``gather``, ``multline`` and their
starred forms) and inline math (``$..$``, ``\\(..\\)``) are found (in Markdown also kramdown's escaped
``\\\\(..\\\\)`` and ``\\\\[..\\\\]``); comments (``%`` in LaTeX),
``verbatim``/``lstlisting``/``minted`` environments, ``\\verb``, Markdown code fences and code
spans, escaped dollars (``\\$``) and regions between ``convproof-check: off`` and
``convproof-check: on`` markers (put them in comments around quoted errata) are skipped.  ``\\label`` and ``\\tag`` are recorded and
blanked out of the text (offsets are kept, so a fix can be written back in place). The scan is
one pass, linear in the document's length however many delimiters are left unclosed.

>>> eqs = extract("Text $$a = 1 \\\\label{e1}$$ and `$x$`", "md")
>>> [(e.line, e.text.strip(), e.label, e.display) for e in eqs]
[(1, 'a = 1', 'e1', True)]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .myst import fence

__all__ = ["MATH_ENVS", "Equation", "extract", "not_prose"]

MATH_ENVS = ("equation", "equation*", "align", "align*", "gather", "gather*", "multline",
             "multline*", "eqnarray", "eqnarray*", "displaymath", "flalign", "flalign*",
             "alignat", "alignat*", "math")
_SKIP_ENVS = ("verbatim", "verbatim*", "lstlisting", "minted", "comment", "Verbatim")
_BEGIN = re.compile(r"\\begin\{([A-Za-z*]+)\}")
_LABEL = re.compile(r"\\(label|tag\*?)\{([^{}]*)\}")
OFF_MARK, ON_MARK = "convproof-check: off", "convproof-check: on"
_FENCE = re.compile(r"^[ \t]{0,3}(```+|~~~+)", re.MULTILINE)
_TICKS = re.compile(r"`+")
_INLINE = re.compile(r"\\.|\n\n|\$", re.DOTALL)  # an escape pair, a paragraph break or the closing $
_SPECIAL = {"md": re.compile(r"[\\$`\n<]"), "tex": re.compile(r"[\\$%]")}
#: An indented code block (Markdown): lines of four spaces or a tab after a blank line.
_INDENTED = re.compile(r"(?:\A|\n[ \t]*\n)((?:(?: {4}|\t)[^\n]*(?:\n|\Z)|[ \t]*\n)+)")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]", re.MULTILINE)


class _Finder:
    """``doc.find(needle, pos)`` remembering each needle's last answer.

    The first occurrence at or after ``p0`` is also the first at or after any ``pos`` between ``p0``
    and it (and "none after ``p0``" stays true for later ``pos``), so the scan, whose positions only
    grow, finds every closing delimiter in linear total time, however many openings go unclosed.
    """

    def __init__(self, doc: str) -> None:
        self.doc, self.memo = doc, {}

    def find(self, needle: str, pos: int) -> int:
        hit = self.memo.get(needle)
        if hit is not None and hit[0] <= pos and (hit[1] < 0 or hit[1] >= pos):
            return hit[1]
        idx = self.doc.find(needle, pos)
        self.memo[needle] = (pos, idx)
        return idx


@dataclass(frozen=True)
class Equation:
    """One piece of math: ``text`` spans ``start:end`` of the document; ``line`` is the line of
    the opening delimiter (1-based)."""

    line: int
    start: int
    end: int
    text: str
    display: bool
    env: str
    label: str | None = None
    tag: str | None = None


_LINE_CACHE: dict = {}


def _line_of(text: str, pos: int) -> int:
    """1-based line of offset ``pos`` (line starts computed once per document)."""
    key = id(text), len(text)
    starts = _LINE_CACHE.get(key)
    if starts is None or starts[0] is not text:
        _LINE_CACHE.clear()
        starts = (text, [i for i, ch in enumerate(text) if ch == "\n"])
        _LINE_CACHE[key] = starts
    return bisect.bisect_left(starts[1], pos) + 1


def _make(doc: str, open_pos: int, start: int, end: int, display: bool, env: str) -> Equation:
    body = doc[start:end]
    label = tag = None
    for m in _LABEL.finditer(body):
        if m.group(1) == "label":
            label = label or m.group(2)
        else:
            tag = tag or m.group(2)
    body = _LABEL.sub(lambda m: " " * len(m.group()), body)
    return Equation(_line_of(doc, open_pos), start, end, body, display, env, label, tag)


def _backslashes_before(doc: str, idx: int) -> int:
    j = idx
    while j > 0 and doc[j - 1] == "\\":
        j -= 1
    return idx - j


def _find_close(finder: _Finder, pos: int, closing: str) -> int:
    """Offset of the next unescaped ``closing`` at or after ``pos``; -1 if none."""
    while True:
        idx = finder.find(closing, pos)
        if idx < 0:
            return -1
        if closing.startswith("\\") or _backslashes_before(finder.doc, idx) % 2 == 0:
            return idx
        pos = idx + 1


def _skip_comment(doc: str, pos: int) -> int:
    nl = doc.find("\n", pos)
    return len(doc) if nl < 0 else nl + 1


def _inline_dollar(doc: str, pos: int) -> int:
    """Closing offset of an inline ``$`` opened at ``pos``: same paragraph, not ``$$``."""
    i = pos + 1
    while True:
        m = _INLINE.search(doc, i)
        if m is None or m.group() == "\n\n":
            return -1
        if m.group() == "$":
            return m.start()
        i = m.end()


def _env_end(finder: _Finder, pos: int, env: str) -> int:
    return finder.find(r"\end{" + env + "}", pos)


def _off_regions(doc: str) -> list[tuple[int, int]]:
    """Ranges between ``convproof-check: off`` and ``convproof-check: on`` markers (in a LaTeX
    comment or an HTML comment): quoted wrong equations in errata are not re-checked."""
    regions, pos = [], 0
    while True:
        start = doc.find(OFF_MARK, pos)
        if start < 0:
            return regions
        end = doc.find(ON_MARK, start)
        end = len(doc) if end < 0 else end
        regions.append((start, end))
        pos = end + 1


def extract(doc: str, fmt: str = "md") -> list[Equation]:
    """All equations of ``doc``; ``fmt`` is ``"tex"`` or ``"md"`` (Markdown with math).

    >>> [e.text for e in extract(r"% $x=1$ comment" + "\\n" + r"\\[ y = 2 \\]", "tex")]
    [' y = 2 ']
    >>> len(extract("<!-- convproof-check: off --> $$1 = 2$$ <!-- convproof-check: on -->", "md"))
    0
    """
    regions = _off_regions(doc)
    return [e for e in _scan(doc, fmt) if not any(a <= e.start < b for a, b in regions)]


def not_prose(doc: str, fmt: str = "md") -> list[tuple[int, int]]:
    """Ranges of ``doc`` that are neither math nor prose: code fences and spans, indented code
    blocks (Markdown, not inside a list), comments (``%``, ``<!-- -->``), verbatim environments."""
    skipped: list[tuple[int, int]] = []
    _scan(doc, fmt, skipped)
    if fmt == "md":
        skipped += _indented_code(doc)
    return sorted(skipped)


def _indented_code(doc: str) -> list[tuple[int, int]]:
    out = []
    for m in _INDENTED.finditer(doc):
        end = m.start(1)
        while end > 0 and doc[end - 1] in " \t\n":  # back over the blank lines before the block
            end -= 1
        last = doc[doc.rfind("\n", 0, end) + 1:end]  # the last line with text before it
        if not _LIST_ITEM.match(last) and not last.startswith((" " * 4, "\t")) and "$" not in m.group(1):
            out.append((m.start(1), m.end(1)))
    return out


def _scan(doc: str, fmt: str, skipped: list | None = None) -> list[Equation]:
    """One left-to-right pass, jumping from one special character to the next (linear time);
    the ranges passed over as code or comments are added to ``skipped``."""
    skipped = [] if skipped is None else skipped
    out: list[Equation] = []
    finder, special = _Finder(doc), _SPECIAL["md" if fmt == "md" else "tex"]
    pos, n, directives = 0, len(doc), []
    while pos < n:
        ch = doc[pos]
        if fmt == "md" and (pos == 0 or doc[pos - 1] == "\n"):
            m = _FENCE.match(doc, pos)
            inner = fence(doc, pos, directives) if m else None  # a MyST directive holding Markdown: read
            if inner is not None:
                pos = inner
                continue
            if m:
                close = re.compile(r"^[ \t]{0,3}" + re.escape(m.group(1)[0]) * 3, re.MULTILINE)
                end = close.search(doc, m.end())
                pos, start = n if end is None else _skip_comment(doc, end.start()), pos
                skipped.append((start, pos))
                continue
        if fmt == "md" and ch == "`":
            run = _TICKS.match(doc, pos).end() - pos
            end = finder.find("`" * run, pos + run)
            if end >= 0:
                skipped.append((pos, end + run))
            pos = pos + run if end < 0 else end + run
            continue
        if fmt == "md" and ch == "<" and doc.startswith("<!--", pos):
            end = finder.find("-->", pos + 4)
            pos, start = n if end < 0 else end + 3, pos
            skipped.append((start, pos))
            continue
        if fmt == "tex" and ch == "%":
            pos, start = _skip_comment(doc, pos), pos
            skipped.append((start, pos))
            continue
        if ch == "\\":
            pos = _backslash(finder, pos, fmt, out, skipped)
            continue
        if ch == "$":
            pos = _dollar(finder, pos, out)
            continue
        if ch == "\n":
            pos += 1  # a line start: the fence check above runs there
            continue
        m = special.search(doc, pos + 1)
        pos = n if m is None else m.start()
    return out


def _dollar(finder: _Finder, pos: int, out: list) -> int:
    doc = finder.doc
    if doc.startswith("$$", pos):
        end = _find_close(finder, pos + 2, "$$")
        if end < 0:
            return pos + 2
        out.append(_make(doc, pos, pos + 2, end, True, "$$"))
        return end + 2
    end = _inline_dollar(doc, pos)
    if end < 0:
        return pos + 1
    out.append(_make(doc, pos, pos + 1, end, False, "$"))
    return end + 1


def _backslash(finder: _Finder, pos: int, fmt: str, out: list, skipped: list) -> int:
    doc = finder.doc
    nxt = doc[pos + 1:pos + 2]
    if fmt == "md" and doc.startswith(("\\\\(", "\\\\["), pos):  # kramdown-escaped \\( .. \\)
        closing = "\\\\)" if doc[pos + 2] == "(" else "\\\\]"
        end = finder.find(closing, pos + 3)
        if end >= 0:
            out.append(_make(doc, pos, pos + 3, end, doc[pos + 2] == "[", doc[pos + 2]))
            return end + 3
    if nxt in ("$", "%", "\\", "`"):
        return pos + 2
    if nxt in ("[", "("):
        closing = r"\]" if nxt == "[" else r"\)"
        end = finder.find(closing, pos + 2)
        if end < 0:
            return pos + 2
        out.append(_make(doc, pos, pos + 2, end, nxt == "[", nxt))
        return end + 2
    if fmt == "tex" and doc.startswith(r"\verb", pos) and not doc[pos + 5:pos + 6].isalpha():
        delim = doc[pos + 5:pos + 6]
        end = finder.find(delim, pos + 6) if delim else -1
        return pos + 5 if end < 0 else end + 1
    m = _BEGIN.match(doc, pos)
    if m and m.group(1) in _SKIP_ENVS:
        end = _env_end(finder, m.end(), m.group(1))
        skipped.append((pos, len(doc) if end < 0 else end))
        return len(doc) if end < 0 else end
    if m and m.group(1) in MATH_ENVS:
        env = m.group(1)
        end = _env_end(finder, m.end(), env)
        if end < 0:
            return m.end()
        out.append(_make(doc, pos, m.end(), end, env != "math", env))
        return end + len(r"\end{" + env + "}")
    return pos + 1
