"""Extension points of the checker's core: the parser (:mod:`.atoms`), the evaluator
(:mod:`.evaluate`) and the comparison of one link (:mod:`.compare`).

The core calls a :class:`Slot` where a construct beside the grammar takes over (``\\partial L /
\\partial w``, a ``cases`` environment, ``\\frac{d}{dx}``, a matrix with ``\\dots``, a Hadamard
product, ...); the construct's module fills the slot when it is imported (``@hooks.NAME.register``),
importing the core downwards as it likes, so that no core module imports a construct.
:mod:`.constructs` imports every construct module, and the package imports it first: every slot
is filled before anything is checked.  A slot with nothing registered raises
:class:`EmptySlotError` (an internal error, never a silent skip that could change a verdict).

>>> slot = Slot("example", "a slot for this example")
>>> slot(1)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
convproof.check.hooks.EmptySlotError: internal error: nothing is registered for ... 'example' ...
>>> _ = slot.register(lambda x: x + 1)
>>> slot(1)
2
"""

from __future__ import annotations

__all__ = ["EmptySlotError", "Slot", "slots"]


class EmptySlotError(RuntimeError):
    """A slot was called with nothing registered (a construct module was not imported)."""


class Slot:
    """One named extension point: holds one function, registered by the construct that fills it."""

    def __init__(self, name: str, doc: str):
        self.name = name
        self.doc = doc
        self.func = None

    def register(self, func):
        """Fill the slot with ``func`` (returned unchanged: usable as a decorator).  A second,
        different function for one slot is an internal error."""
        if self.func is not None and _origin(self.func) != _origin(func):
            raise RuntimeError(f"internal error: the checker's extension point {self.name!r} is "
                               f"filled twice ({_origin(self.func)} and {_origin(func)})")
        self.func = func
        return func

    @property
    def filled(self) -> bool:
        return self.func is not None

    def __call__(self, *args, **kwargs):
        if self.func is None:
            raise EmptySlotError(f"internal error: nothing is registered for the checker's extension "
                                 f"point {self.name!r} ({self.doc}); convproof.check.constructs imports "
                                 "the module that fills it")
        return self.func(*args, **kwargs)

    def __repr__(self) -> str:
        return f"Slot({self.name!r}, filled by {_origin(self.func) if self.func else 'nothing'})"


def _origin(func) -> str:
    return f"{getattr(func, '__module__', '?')}.{getattr(func, '__qualname__', '?')}"


# -- the parser (atoms.py): each is called with the parser ``p`` at the construct --------------
arg_operator = Slot("arg_operator", r"\arg\max / argmax over listed values: (p, start[, word])")
max_over_index = Slot("max_over_index", r"\max_i z_i: (p, name, start)")
brace_args = Slot("brace_args", r"\max\{a, b\}: the listed values, (p)")
brace_cases = Slot("brace_cases", r"\left\{ \begin{array}..\end{array} \right.: (p, start)")
cases_environment = Slot("cases_environment", r"\begin{cases}..\end{cases}: (p, env, start)")
nabla_subscript = Slot("nabla_subscript", r"\nabla_w L: (p, start)")
slash_partial = Slot("slash_partial", r"\partial L / \partial w: (p, start)")
vector_item = Slot("vector_item", "one item of (a, b, c), a lone \\dots included: (p, closing)")
vector_node = Slot("vector_node", "the node of a vector's items: (items, span)")
is_diff_operator = Slot("is_diff_operator", r"whether \frac{num}{den} is d/dx: (num, den)")
diff_operator = Slot("diff_operator", r"\frac{d}{dx} and its operand: (p, num, den, start)")
elided_matrix = Slot("elided_matrix", "a matrix written with \\dots: (rows, parse_cell, ellipses, env, span)")

# -- the evaluator (evaluate.py): ``ev`` is the Evaluator ----------------------------------------
derivative_value = Slot("derivative_value", r"a derivative name \frac{..}{..} from the formulas: (key, env)")
arg_over_index = Slot("arg_over_index", r"\arg\max_i z_i over the document's values: (ev, node)")
arg_extreme = Slot("arg_extreme", "argmax/argmin of listed values: (args, name)")
hadamard = Slot("hadamard", r"A \odot B / A \circ B: (left, right, op)")
eval_vecgrad = Slot("eval_vecgrad", "a gradient by a vector the document gives: (ev, node)")
eval_diffop = Slot("eval_diffop", "the derivative operator: (ev, node)")
eval_cases = Slot("eval_cases", "the value of cases: (ev, node)")

# -- the comparison of one link (compare.py) -------------------------------------------------------
piecewise_witness = Slot("piecewise_witness", "a point inside a branch where two values differ: "
                         "(computed, claimed)")
branch_verdict = Slot("branch_verdict", "cases against Heaviside/Max, branch by branch: (computed, claimed)")
elided_link = Slot("elided_link", "a side written with \\dots against a computed matrix: (a, b, rel, env, src)")


def slots() -> list[Slot]:
    """Every extension point, in the order above."""
    return [v for v in globals().values() if isinstance(v, Slot)]
