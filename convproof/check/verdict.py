"""The verdict types of the equation checker: one link's result and one statement's result.

``status`` is ``holds`` (evaluated and agreed; see the package docstring for what that
guarantees), ``wrong`` (evaluated and disagreed, with the differing entries) or ``unchecked``
(with the reason); ``kind`` says how (``exact``, ``identity``, ``approximation``, ``shape``,
``convolution``, ...).

>>> Link("holds", "exact", "holds exactly (1 value)").status
'holds'
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Link", "StatementResult"]


@dataclass
class StatementResult:
    """Outcome of one statement: ``status`` holds / wrong / unchecked; ``fixes`` are
    ``(start, end, latex)`` replacements in equation-text offsets."""

    status: str
    kind: str
    message: str
    mismatches: list = field(default_factory=list)
    fixes: list = field(default_factory=list)
    notes: list = field(default_factory=list)


@dataclass
class Link:
    status: str            # holds / wrong / unchecked
    kind: str
    message: str
    mismatches: list = field(default_factory=list)
    fixes: list = field(default_factory=list)
