"""What a verified statement is: a named claim, where it applies, and how it is checked.

A :class:`Statement` bundles

* a stable dotted ``name`` (``transposed.adjoint``, ``shape.output_size``),
* the claim in lecture notation (``latex``) and in words (``description``),
* a spec space: ``space(mode)`` returns a Hypothesis strategy of *cases* (usually a
  :class:`~convproof.ConvSpec`) for ``mode`` ``"quick"`` or ``"thorough"``,
* ``prove(case)``: an exact (symbolic or integer) proof for one case, and
* ``crosscheck(case, inputs)``: a numeric comparison between independent oracles on inputs
  drawn from ``inputs`` (an :class:`Inputs`; drawing through it lets Hypothesis shrink them).

Both functions return a :class:`Comparison`, a list of them, or a ``bool`` (``True`` = holds,
exactly). Use :func:`convproof.verify.compare` to build checks from two arrays.

Examples
--------
>>> from hypothesis import strategies as st
>>> s = Statement(name="demo.square", latex=r"(a+1)^2 = a^2 + 2a + 1",
...               description="binomial square on small integers",
...               space=lambda mode: st.integers(-5, 5),
...               prove=lambda a: (a + 1) ** 2 == a * a + 2 * a + 1)
>>> s.name, s.oracles
('demo.square', ())
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Union

__all__ = ["Statement", "Comparison", "Inputs", "ComparisonOutput", "DEFAULT_EXAMPLES", "NotApplicable"]

DEFAULT_EXAMPLES = {"quick": 12, "thorough": 150}


class NotApplicable(Exception):
    """Raised by ``prove``/``crosscheck`` when a drawn case lies outside the statement's domain."""


@dataclass(frozen=True)
class Comparison:
    """One comparison between two oracles (or one exact proof) on one case.

    ``exact`` comparisons use ``==``; float ones hold when ``max_error <= tolerance``, with
    ``tolerance_rule`` saying how the tolerance was derived. A ``refused`` check records that
    an oracle (usually PyTorch) does not support the case; it neither passes nor fails.
    """

    what: str
    ok: bool
    exact: bool = True
    max_error: float = 0.0
    tolerance: float = 0.0
    tolerance_rule: str = ""
    detail: str = ""
    refused: str = ""

    @classmethod
    def refusal(cls, what: str, reason: str) -> "Comparison":
        """An oracle declined this case (``reason`` says why); recorded, never silent."""
        return cls(what=what, ok=True, refused=reason)

    @classmethod
    def exact_equal(cls, what: str, lhs: Any, rhs: Any, detail: str = "") -> "Comparison":
        """Exact ``lhs == rhs`` on scalars, tuples or SymPy objects.

        >>> Comparison.exact_equal("formula vs count", 3, 3).ok
        True
        """
        ok = bool(lhs == rhs)
        return cls(what=what, ok=ok, detail=detail or ("" if ok else f"{lhs!r} != {rhs!r}"))


ComparisonOutput = Union[Comparison, bool, None, Iterable[Comparison]]


class Inputs:
    """Source of input arrays for a cross-check; records what it handed out.

    Subclasses draw from NumPy (sweeps) or from Hypothesis (so failing inputs shrink).
    ``drawn`` maps each name to the array given out, for counterexamples.
    """

    def __init__(self) -> None:
        self.drawn: dict[str, Any] = {}

    def ints(self, name: str, shape: tuple[int, ...], lo: int = -4, hi: int = 4):
        """An int64 array of ``shape`` with entries in ``[lo, hi]``."""
        return self._keep(name, self._ints(tuple(shape), lo, hi))

    def floats(self, name: str, shape: tuple[int, ...], scale: float = 1.0):
        """A float64 array of ``shape`` with entries in ``[-scale, scale]``."""
        return self._keep(name, self._floats(tuple(shape), scale))

    def distinct(self, name: str, shape: tuple[int, ...]):
        """An int64 array whose entries are distinct (no ties), e.g. for max pooling."""
        return self._keep(name, self._distinct(tuple(shape)))

    def _keep(self, name: str, array):
        self.drawn[name] = array
        return array

    def _ints(self, shape, lo, hi):  # pragma: no cover - abstract
        raise NotImplementedError

    def _floats(self, shape, scale):  # pragma: no cover - abstract
        raise NotImplementedError

    def _distinct(self, shape):  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class Statement:
    """A named, machine-checked claim.

    Parameters
    ----------
    name : str
        Stable dotted name, e.g. ``"backprop.grad_input"``; selectable by glob (``backprop.*``).
    latex : str
        The claim in lecture notation (LaTeX math, no surrounding ``$``).
    description : str
        One or two sentences in words, including the domain.
    space : callable
        ``space(mode) -> hypothesis strategy`` of cases, ``mode`` in ``"quick"``/``"thorough"``.
    prove : callable, optional
        ``prove(case) -> Comparison | list[Comparison] | bool``: exact proof for one case.
    crosscheck : callable, optional
        ``crosscheck(case, inputs) -> Comparison | list[Comparison] | bool``: numeric comparison of
        independent oracles on arrays drawn from ``inputs`` (:class:`Inputs`).
    oracles : tuple of str
        The independent implementations compared, e.g. ``("reference", "fast", "torch")``.
    examples : mapping
        Number of drawn cases per mode (default :data:`DEFAULT_EXAMPLES`).
    pinned : tuple
        Cases always checked first (the lecture's own examples).
    requires : tuple of str
        Importable modules the statement needs (``"convproof.symbolic"``); when one is
        missing the statement is *skipped* with that reason.
    source : str
        Where the claim comes from (``"seed 002, output-size formula"``).
    show : callable, optional
        ``show(case) -> str`` for counterexamples; default ``case.describe()`` or ``repr``.
    extra : mapping
        Facts copied into the result's JSON record, e.g. ``{"scope": "all sizes", "hypotheses": [...]}``
        for a theorem proved for every size (:mod:`convproof.theorems`); the default scope is
        ``"instances"`` (the cases of the sweep).
    """

    name: str
    latex: str
    description: str
    space: Callable[[str], Any]
    prove: Callable[[Any], ComparisonOutput] | None = None
    crosscheck: Callable[[Any, Inputs], ComparisonOutput] | None = None
    oracles: tuple[str, ...] = ()
    examples: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_EXAMPLES))
    pinned: tuple = ()
    requires: tuple[str, ...] = ()
    source: str = ""
    show: Callable[[Any], str] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.prove is None and self.crosscheck is None:
            from ..errors import fail

            raise fail("Statement", self.name, "needs prove or crosscheck (or both)")

    def show_case(self, case: Any) -> str:
        """The case in words, e.g. ``1D conv 5, kernel 3, stride 2, padding 1 -> 3``."""
        if self.show is not None:
            return self.show(case)
        describe = getattr(case, "describe", None)
        return describe() if callable(describe) else repr(case)
