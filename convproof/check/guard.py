"""Fallbacks that must not hide bugs.

A checker construct that meets an exception it did not expect falls back: the statement is only
described, or (:func:`convproof.check.document`) reported ``unchecked`` as an internal error, and the
document goes on. That keeps one bad statement from stopping a document, but would also hide a bug
in the construct. Each such handler calls :func:`fallback`, which re-raises in strict mode
(``CONVPROOF_STRICT=1``; the test suite sets it), so in tests an internal error fails loudly.
Exceptions a construct expects (a side that is not a number, a kernel that does not fit) are caught
by type before that and never reach :func:`fallback`.
"""

from __future__ import annotations

import os

__all__ = ["STRICT_ENV", "strict", "fallback"]

STRICT_ENV = "CONVPROOF_STRICT"


def strict() -> bool:
    """True when unexpected exceptions in the checker's fallbacks are re-raised (``CONVPROOF_STRICT=1``)."""
    return os.environ.get(STRICT_ENV, "") == "1"


def fallback(exc: BaseException) -> None:
    """Let a construct fall back on ``exc``; in strict mode raise it instead (call inside ``except``)."""
    if strict():
        raise exc
