"""The one exception type convproof raises for bad input."""

from __future__ import annotations


class ConvProofError(ValueError):
    """Raised for any invalid argument.

    The message names the argument, its value and the rule it broke, e.g.
    ``kernel_size: kernel span d*(k-1)+1=7 exceeds padded input n+p_lo+p_hi=5 (dim 0)``.
    """


def fail(argument: str, value: object, rule: str) -> ConvProofError:
    """Build a :class:`ConvProofError` in the project's message format."""
    return ConvProofError(f"{argument}={value!r}: {rule}")
