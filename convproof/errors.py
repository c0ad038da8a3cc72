"""The one exception type convproof raises for bad input."""

from __future__ import annotations

__all__ = ["ConvProofError", "fail", "shorten", "ECHO_LIMIT"]

ECHO_LIMIT = 160


class ConvProofError(ValueError):
    """Raised for any invalid argument.

    The message names the argument, its value and the rule it broke, e.g.
    ``kernel_size: kernel span d*(k-1)+1=7 exceeds padded input n+p_lo+p_hi=5 (dim 0)``.
    """


def shorten(text: str, limit: int = ECHO_LIMIT) -> str:
    """``text`` itself when short; else its first ``limit`` characters and the full length.

    >>> shorten("x" * 100_000, limit=5)
    'xxxxx... (100000 characters)'
    """
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text)} characters)"


def fail(argument: str, value: object, rule: str) -> ConvProofError:
    """Build a :class:`ConvProofError` in the project's message format.

    A long value is echoed as a prefix and its length (:func:`shorten`), so a message stays readable.
    """
    return ConvProofError(f"{argument}={_repr(value)}: {rule}")


def _repr(value: object) -> str:
    if isinstance(value, str) and len(value) > ECHO_LIMIT:
        return f"{value[:ECHO_LIMIT]!r}... ({len(value)} characters)"
    try:
        return shorten(repr(value))
    except ValueError:  # an int beyond Python's int-to-str digit limit
        return f"<{type(value).__name__} too large to print>"
