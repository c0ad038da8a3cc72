"""Planted errors of the audit corpus: one change to a true product ``M v = r`` that makes it false.

Each function takes ``(matrix, vector, result, rng)`` and returns a changed copy
``(matrix, vector, result)`` or ``None`` when the kind does not apply.  :func:`plant` tries the
requested kind and keeps the change only if :func:`~convproof.audit.terms.product_equal` (SymPy on
the corpus's own entries, not the checker) shows the product false.

>>> from convproof.audit.terms import sym, const
>>> import random
>>> m, v, r = [[sym("f_{1}"), const(0)]], [sym("y_{1}"), sym("y_{2}")], [(1, ("f_{1}", "y_{1}")),]
>>> out = plant("sign", [[sym("f_{1}"), const(0)]], v, [((1, ("f_{1}", "y_{1}")),)], random.Random(0))
>>> out[2]
[((-1, ('f_{1}', 'y_{1}')),)]
"""

from __future__ import annotations

import copy
import re

from .terms import product_equal

__all__ = ["PRODUCT_ERRORS", "plant", "shift_index"]

_INDEX = re.compile(r"_\{?(\d+)")


def shift_index(name: str, delta: int) -> str:
    """``y_{3}`` -> ``y_{4}`` for ``delta=1`` (the last index digit group of a name)."""
    m = list(_INDEX.finditer(name))[-1]
    digits = m.group(1)
    new = str(max(0, int(digits) + delta)) if len(digits) == 1 or "," in name else \
        digits[:-1] + str((int(digits[-1]) + delta) % 10)
    return name[:m.start(1)] + new + name[m.end(1):]


def _rows_with(result, pred):
    return [i for i, e in enumerate(result) if pred(e)]


def _entry(matrix, vector, result, rng):
    """One subscript (or one number) of one result entry changed."""
    rows = _rows_with(result, bool)
    if not rows:
        return None
    i = rng.choice(rows)
    terms = list(result[i])
    t = rng.randrange(len(terms))
    coef, factors = terms[t]
    if factors:
        f = rng.randrange(len(factors))
        factors = factors[:f] + (shift_index(factors[f], rng.choice((-1, 1))),) + factors[f + 1:]
    else:
        coef = coef + rng.choice((-1, 1, 2))
    terms[t] = (coef, factors)
    result = list(result)
    result[i] = tuple(terms)
    return matrix, vector, result


def _swap_rows(matrix, vector, result, rng):
    pairs = [(i, j) for i in range(len(result)) for j in range(i + 1, len(result))
             if result[i] != result[j]]
    if not pairs:
        return None
    i, j = rng.choice(pairs)
    result = list(result)
    result[i], result[j] = result[j], result[i]
    return matrix, vector, result


def _drop_term(matrix, vector, result, rng):
    rows = _rows_with(result, lambda e: len(e) >= 2)
    if not rows:
        return None
    i = rng.choice(rows)
    t = rng.randrange(len(result[i]))
    result = list(result)
    result[i] = result[i][:t] + result[i][t + 1:]
    return matrix, vector, result


def _add_term(matrix, vector, result, rng):
    i = rng.randrange(len(result))
    j = rng.randrange(len(vector))
    col = [row[j] for row in matrix if row[j]]
    if not col or not vector[j]:
        return None
    extra = tuple((a * b, fa + fb) for a, fa in rng.choice(col) for b, fb in vector[j])
    result = list(result)
    result[i] = result[i] + extra
    return matrix, vector, result


def _sign(matrix, vector, result, rng):
    rows = _rows_with(result, bool)
    if not rows:
        return None
    i = rng.choice(rows)
    t = rng.randrange(len(result[i]))
    coef, factors = result[i][t]
    result = list(result)
    result[i] = result[i][:t] + ((-coef, factors),) + result[i][t + 1:]
    return matrix, vector, result


def _zero(matrix, vector, result, rng):
    """A zero of the matrix moved one place along its row (the stated result kept)."""
    spots = [(r, c, c + d) for r, row in enumerate(matrix) for c in range(len(row))
             for d in (-1, 1) if 0 <= c + d < len(row) and not row[c] and row[c + d]]
    if not spots:
        return None
    r, c, c2 = rng.choice(spots)
    matrix = copy.deepcopy(matrix)
    matrix[r][c], matrix[r][c2] = matrix[r][c2], matrix[r][c]
    return matrix, vector, result


PRODUCT_ERRORS = {"entry": _entry, "swap-rows": _swap_rows, "drop-term": _drop_term,
                  "add-term": _add_term, "sign": _sign, "move-zero": _zero}


def plant(kind: str, matrix, vector, result, rng, tries: int = 8):
    """A false variant of the true product by one change of ``kind``; ``None`` if none found."""
    for _ in range(tries):
        out = PRODUCT_ERRORS[kind](matrix, vector, result, rng)
        if out is None:
            return None
        if not product_equal(*out):
            return out
    return None
