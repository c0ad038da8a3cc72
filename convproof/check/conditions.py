"""A value stated after the claim it applies to: ``x^2 = 4 \\quad \\text{for } x = 2``,
``y = 2x + 1 = 7`` at ``x = 3``, ``$x^2 = 9$ for $x = 3$``.

Checked in document order, the claim read a value bound earlier (a stale ``x = 2`` two displays
up) or none at all: ``x^2 = 4 \\quad \\text{for } x = 3`` *held* with the ``x = 2`` of an earlier
example.  A definition ``name = value`` is therefore checked before the statements that use it
when it comes after them and after a condition word (``for``, ``at``, ``when``, ``where``, ``with``,
``if``, ``given``, ``при``, ``где``, ``для``, ``если``):

* in the same display (``\\text{for }`` anywhere before it), unless the display defines the name
  before (``x = 2, x^2 = 4, x = 3, x^2 = 9`` is read in order);
* in the next inline formula, when only a condition word lies between the two.

A later definition in the same display without such a word (``x^2 = 9, \\quad x = 3``: the value
the claim is about, or its solution? ``G = 2, oc = 2, c = 0``: ``oc`` a name or o times c?) is not
moved, and the statements before it do not read the name's earlier value either (``later``).

>>> from convproof.check.document import check_text
>>> doc = "Let $x = 2$.\\n\\n$$x^2 = 4 \\\\quad \\\\text{for } x = 3$$\\n"
>>> [e.status for e in check_text(doc, "md", "x.md").equations]
['unchecked', 'unchecked', 'wrong']
"""

from __future__ import annotations

import re

from .nodes import Chain, Name, Neg, Num
from .walk import walk

__all__ = ["conditions_first", "simple_definition", "trailing_condition"]

_WORDS = r"(?:for|at|when|where|with|if|given|при|где|для|если)"
_WORD_IN = re.compile(r"\\text\s*\{\s*" + _WORDS + r"\s*\}", re.IGNORECASE)
_CONDITION = re.compile(r"[\s,;(]*" + _WORDS + r"[\s:]*\Z",
                        re.IGNORECASE)


def simple_definition(chain, formula: bool = False) -> str | None:
    """The name ``chain`` gives a number (``x = 3``, ``\\eta = -0.5``; with ``formula`` any
    value, ``p = (k - 1)/2``), else ``None``."""
    if not isinstance(chain, Chain) or len(chain.sides) != 2 or list(chain.rels) != ["="]:
        return None
    first, value = chain.sides
    number = isinstance(value, Num) or isinstance(value, Neg) and isinstance(value.operand, Num)
    return first.key if isinstance(first, Name) and (number or formula) else None


def _after_word(chain, text: str) -> bool:
    """Whether a condition word (``\\text{for }``, ``\\text{ where }``) comes before ``chain`` in the
    display ``text`` (``s = a + b = 5 \\quad \\text{where } a = 2, b = 3``: both values)."""
    offset = getattr(chain, "offset", None)
    word = _WORD_IN.search(text)
    return offset is not None and word is not None and word.end() <= offset


def _defines(chain, key: str) -> bool:
    return isinstance(chain, Chain) and chain.rels and isinstance(chain.sides[0], Name) and \
        chain.sides[0].key == key


def _mentions(chain, key: str) -> bool:
    return isinstance(chain, Chain) and any(isinstance(n, Name) and n.key == key
                                            for side in chain.sides for n in walk(side))


def conditions_first(chains: list, text: str = "") -> list:
    """The statements of one display (its source ``text``) in checking order (see the module
    docstring). A later definition without a condition word before it (``x^2 = 9, \\quad x = 3``:
    a solution? a value?) is not moved; the statements above it that use the name are marked
    (``later``), and the name is not read from an earlier binding for them."""
    order = list(chains)
    defined: set = set()
    users: dict = {}  # name -> the earlier chains that mention it, in order
    for chain in chains:
        key = simple_definition(chain, True)
        if key is not None and key not in defined and users.get(key):
            if _after_word(chain, text):
                order.remove(chain)
                order.insert(order.index(users[key][0]), chain)
            else:
                for c in users[key]:
                    c.later = getattr(c, "later", frozenset()) | {key}
        if isinstance(chain, Chain):
            if chain.rels and isinstance(chain.sides[0], Name):
                defined.add(chain.sides[0].key)
            for name in {n.key for side in chain.sides for n in walk(side) if isinstance(n, Name)}:
                users.setdefault(name, []).append(chain)
    return order


def trailing_condition(text: str, eq, nxt, chains: list, read) -> Chain | None:
    """The definition ``name = value`` of the next inline formula ``nxt`` when only a condition
    word separates it from ``eq`` and ``eq``'s statements use the name without defining it;
    ``read(text)`` gives a formula's statements."""
    if nxt is None or nxt.display:
        return None
    between = re.sub(r"\A(?:\$|\\\))|(?:\$|\\\()\Z", "", text[eq.end:nxt.start])
    if not _CONDITION.fullmatch(between):
        return None
    try:
        following, _ = read(nxt.text)
    except ValueError:
        return None
    if len(following) != 1 or (key := simple_definition(following[0], True)) is None:
        return None
    if any(_defines(c, key) for c in chains) or not any(_mentions(c, key) for c in chains):
        return None
    return following[0]
