"""Theorems for every size: convolution identities proven for symbolic n, k, s, p, d (z3, SymPy).

>>> from convproof.theorems import THEOREMS, prove
>>> prove(THEOREMS["size.output_count"]).status
'proved'
"""

from .engine import DEFAULT_TIMEOUT_MS, Z3_VERSION, Identity, Outcome, Proved, Query, Refuted, Theorem, Unknown, prove
from .sympy_bridge import prove_size_formula, to_z3
from .catalog import THEOREMS, WRONG, correct, wrong_variants

__all__ = ["Theorem", "Query", "Identity", "Outcome", "Proved", "Refuted", "Unknown", "prove", "Z3_VERSION",
           "DEFAULT_TIMEOUT_MS", "THEOREMS", "WRONG", "correct", "wrong_variants", "prove_size_formula", "to_z3"]
