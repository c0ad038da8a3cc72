"""Numeric subscripts of a family of names (``f_{12}``, ``f_{1,2}``, ``f_3``) read as index tuples.

>>> index, style = parse_indices({"11", "12", "21"})
>>> sorted(index.items()), style
([('11', (1, 1)), ('12', (1, 2)), ('21', (2, 1))], 'digits')
>>> parse_indices({"1,2", "3,4"})[1], parse_indices({"a"})
('comma', None)
"""

from __future__ import annotations

__all__ = ["parse_indices"]


def parse_indices(subs):
    """Index tuples and the writing style for a family's subscripts, or ``None``."""
    if all("," in s for s in subs):
        try:
            return {s: tuple(int(p) for p in s.split(",")) for s in subs}, "comma"
        except ValueError:
            return None
    if not all(s.isdigit() for s in subs):
        return None
    lengths = {len(s) for s in subs}
    if lengths == {2}:
        return {s: (int(s[0]), int(s[1])) for s in subs}, "digits"
    return {s: (int(s),) for s in subs}, "plain"
