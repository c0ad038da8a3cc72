"""Depth-first traversal of a parsed equation tree (:mod:`.nodes`).

>>> from convproof.check.parse import parse_chain
>>> [type(n).__name__ for n in walk(parse_chain("a + 2").sides[0])]
['Bin', 'Name', 'Num']
"""

from __future__ import annotations

__all__ = ["walk"]


def walk(node):
    """All nodes of a tree, depth first."""
    yield node
    for name in getattr(node, "__dataclass_fields__", {}):
        child = getattr(node, name)
        if isinstance(child, tuple):
            for item in child:
                if isinstance(item, tuple):
                    for sub in item:
                        if hasattr(sub, "__dataclass_fields__"):
                            yield from walk(sub)
                elif hasattr(item, "__dataclass_fields__"):
                    yield from walk(item)
        elif hasattr(child, "__dataclass_fields__") and name != "span":
            yield from walk(child)
