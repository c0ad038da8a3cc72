r"""Escaping user-supplied text (titles, names) for LaTeX.

Every character with a meaning to TeX is replaced by a command that prints it, control
characters are dropped, so no user text can run a command or unbalance a group.

>>> escape_text(r"50% of $x_1$ & {y}\\")
'50\\% of \\$x\\_1\\$ \\& \\{y\\}\\textbackslash{}\\textbackslash{}'
>>> escape_text("a~b^c#d")
'a\\textasciitilde{}b\\textasciicircum{}c\\#d'
"""

from __future__ import annotations

from ..errors import fail

__all__ = ["escape_text", "check_title", "TYPESET"]

# Characters beyond ASCII that the standalone documents typeset (pdflatex, utf8 inputenc): T1 for
# English, T2A + babel for Russian (T2A has no Eth or Thorn). Found by compiling each one.
_LATIN1 = frozenset(chr(c) for c in range(0xA1, 0x100) if c != 0xAD)
_PUNCT = frozenset("–—‘’“”…«»№")
_CYRILLIC = frozenset([chr(c) for c in range(0x410, 0x450)] + ["Ё", "ё"])
TYPESET = {"en": _LATIN1 | _PUNCT, "ru": (_LATIN1 - frozenset("ÐÞðþ")) | _PUNCT | _CYRILLIC}

_MAP = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}


def escape_text(text: str) -> str:
    """Text that prints as ``text`` in LaTeX's text mode (newlines become spaces)."""
    out = []
    for ch in str(text):
        if ch in _MAP:
            out.append(_MAP[ch])
        elif ch in "\n\t\r":
            out.append(" ")
        elif ord(ch) < 32 or ord(ch) == 127:
            continue
        else:
            out.append(ch)
    return "".join(out)


def check_title(text: str, lang: str, argument: str = "title") -> str:
    """``text`` when a ``lang`` document can typeset every character of it, else a ConvProofError.

    ASCII, Latin-1 letters and common punctuation always; Cyrillic only under ``lang="ru"``.
    Checked before anything is written, so a title never fails in pdflatex after the ``.tex`` is out.
    """
    extra = TYPESET.get(lang, frozenset())
    for ch in str(text):
        if ord(ch) >= 128 and ch not in extra:
            hint = "; use --lang ru for Cyrillic" if ch in _CYRILLIC else ""
            raise fail(argument, text, f"the {lang} document cannot typeset {ch!r} (U+{ord(ch):04X}): "
                                       f"use ASCII, Latin-1 letters or common punctuation{hint}")
    return text
