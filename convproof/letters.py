r"""Symbol letters of a notation: one rule for every entry point that takes them.

A letter is one or two ASCII letters or a Greek letter command such as ``\xi`` (so it is a valid
name and safe in LaTeX: it cannot run a command or unbalance a group), and the letters of one
notation are distinct, compared ignoring case (capitals name the matrices built from a letter:
``Y`` for the input map, ``F`` for the filters). Used by :class:`convproof.notation.Notation`
(the one notation of both the symbolic engine and the LaTeX printer) and therefore by ``convproof symbolic --letters``,
``convproof report --input-letter ...`` and :class:`convproof.symbolic.Conv`.

>>> check_letters({"input": "x", "kernel": "w", "output": "z"})
>>> check_letters({"input": "y", "kernel": "y"})
Traceback (most recent call last):
...
convproof.errors.ConvProofError: kernel='y': letters must be distinct (ignoring case): input is 'y' too
"""

from __future__ import annotations

import re
from typing import Mapping

from .errors import fail

__all__ = ["GREEK", "LETTER_RULE", "check_letter", "check_letters", "check_layer"]

GREEK = frozenset(r"""\alpha \beta \gamma \delta \epsilon \varepsilon \zeta \eta \theta \vartheta \iota
\kappa \lambda \mu \nu \xi \pi \rho \sigma \tau \upsilon \phi \varphi \chi \psi \omega \Gamma \Delta
\Theta \Lambda \Xi \Pi \Sigma \Upsilon \Phi \Psi \Omega""".split())
LETTER_RULE = "a symbol letter must be one or two ASCII letters or a Greek letter command such as \\xi"
_LETTERS = re.compile(r"[A-Za-z]{1,2}")
_LAYER = re.compile(r"[A-Za-z0-9]{1,8}([+-][A-Za-z0-9]{1,8})?")


def check_letter(argument: str, value: object) -> str:
    """``value`` when it is a valid letter (see the module docstring), else a ConvProofError."""
    if not isinstance(value, str) or not (_LETTERS.fullmatch(value) or value in GREEK):
        raise fail(argument, value, LETTER_RULE)
    return value


def check_letters(letters: Mapping[str, object]) -> None:
    """Each letter valid and no two alike (ignoring case); ``letters`` maps argument name to letter."""
    seen: dict[str, str] = {}
    for argument, value in letters.items():
        key = check_letter(argument, value).lower()
        if key in seen:
            raise fail(argument, value, f"letters must be distinct (ignoring case): {seen[key]} is "
                                        f"{letters[seen[key]]!r} too")
        seen[key] = argument


def check_layer(value: object, argument: str = "layer") -> object:
    """A layer label: None, a whole number >= 0, or a short name such as ``l``, ``2`` or ``l-1``."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**6):
        return value
    if isinstance(value, str) and _LAYER.fullmatch(value):
        return value
    raise fail(argument, value, "a layer label must be None, a whole number, or up to 8 ASCII letters and "
                                "digits with an optional +/- part, such as l or l-1")
