r"""Escaping user-supplied text (titles, names) for LaTeX.

Every character with a meaning to TeX is replaced by a command that prints it, control
characters are dropped, so no user text can run a command or unbalance a group.

>>> escape_text(r"50% of $x_1$ & {y}\\")
'50\\% of \\$x\\_1\\$ \\& \\{y\\}\\textbackslash{}\\textbackslash{}'
>>> escape_text("a~b^c#d")
'a\\textasciitilde{}b\\textasciicircum{}c\\#d'
"""

from __future__ import annotations

__all__ = ["escape_text"]

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
