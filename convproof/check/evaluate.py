"""Evaluate a parsed side to an exact SymPy value (scalar ``Expr`` or ``ImmutableMatrix``).

Names are looked up in the document's :class:`~convproof.check.env.Env`; unknown scalar names
become free symbols (named by their LaTeX key).  Nothing unknown is assumed: an undefined
function, the derivative of one, the transpose of an operand of unknown shape, a bold (vector or
matrix) name without a value and ``*`` between anything but numbers (a convolution?) raise
:class:`EvalError`, so the link is reported unchecked with that reason.
Work is bounded: matrices up to :data:`MAX_CELLS` entries, exponents up to :data:`MAX_EXP`.

>>> from convproof.check.parse import parse_chain
>>> from convproof.check.env import Env
>>> side = parse_chain(r"\\begin{bmatrix} 1 & 2 \\end{bmatrix} \\begin{bmatrix} 3 \\\\ 4 \\end{bmatrix}").sides[0]
>>> Evaluator(Env()).eval(side)
11
"""

from __future__ import annotations

import sympy as sp

from . import hooks
from .nodes import Bin, Builtin, Call, Mat, Name, Neg, Num, Pow, Transpose, Vec
from .orient import stated
from .readings import log_function

__all__ = ["MAX_CELLS", "MAX_EXP", "EvalError", "Evaluator", "symbol"]

MAX_CELLS = 2500
MAX_EXP = 400
_X = sp.Symbol("x_")
_ELEMENTWISE = {
    "tanh": sp.tanh, "sinh": sp.sinh, "cosh": sp.cosh, "sin": sp.sin, "cos": sp.cos,
    "tan": sp.tan, "exp": sp.exp, "ln": sp.log, "log": lambda t: log_function()(t), "sqrt": sp.sqrt,
    "floor": sp.floor, "ceil": sp.ceiling, "abs": sp.Abs, "sign": sp.sign,
    "lg": lambda t: sp.log(t, 10), "lb": lambda t: sp.log(t, 2), "cot": sp.cot, "atan": sp.atan,
    "asin": sp.asin, "acos": sp.acos,
    "sigmoid": lambda t: 1 / (1 + sp.exp(-t)), "relu": lambda t: sp.Max(0, t),
}
_ELEMENTWISE["hardtanh"] = lambda t: sp.Max(-1, sp.Min(1, t))


class EvalError(ValueError):
    """A side cannot be computed (message says why); the link is then unchecked."""


def symbol(key: str) -> sp.Symbol:
    """The free symbol standing for an undefined document name."""
    return sp.Symbol(key)


def _is_matrix(v) -> bool:
    return isinstance(v, sp.MatrixBase)


def _scalarize(v):
    if _is_matrix(v) and v.shape == (1, 1):
        return v[0, 0]
    return v


class Evaluator:
    """Evaluates nodes against ``env``; ``bound`` maps keys to values that shadow the env
    (function parameters); ``used`` collects the env keys read, ``free`` the free names."""

    def __init__(self, env, bound: dict | None = None, depth: int = 0):
        self.env = env
        self.bound = bound or {}
        self.used: dict = {}
        self.free: set = set()
        self.assumed: list = []
        self.depth = depth
        if depth > 20:
            raise EvalError("function definitions nested too deeply")

    def eval(self, node):
        method = getattr(self, "_" + type(node).__name__.lower(), None)
        if method is None:
            raise EvalError(f"cannot evaluate {type(node).__name__}")
        return _scalarize(method(node))

    # -- leaves --------------------------------------------------------------------------
    def _num(self, node: Num):
        return node.value

    def _name(self, node: Name):
        if node.key in self.bound:
            return self.bound[node.key]
        binding = self.env.lookup(node.key)
        if binding is not None:
            self.used[node.key] = binding.line
            return binding.value
        if node.key == "e":
            return sp.E
        if node.key == r"\pi":
            return sp.pi
        if self.env.function(node.key) is not None:
            raise EvalError(f"function {node.key} used without arguments")
        if node.bold:
            raise EvalError(f"{node.key} is a vector or matrix (bold) whose shape is not known")
        if node.key.startswith(r"\frac{"):          # a derivative: from formulas (derivlink.py)
            value = hooks.derivative_value(node.key, self.env)
            if value is not None:
                self.assumed.append(f"{node.key} computed from the formulas: {sp.N(value, 10)}")
                return value
        self.free.add(node.key)
        assume = self.env.assumptions(node.key) if hasattr(self.env, "assumptions") else {}
        return sp.Symbol(node.key, **assume) if assume else symbol(node.key)

    # -- calls ---------------------------------------------------------------------------
    def _call(self, node: Call):
        key = node.func.key
        fdef = self.env.function(key)
        if fdef is None and key.startswith(r"\nabla ") and self.env.function(key[7:]) is not None:
            return self._apply(self.env.function(key[7:]), node, extra_primes=1, name=key[7:])
        if fdef is not None:
            return self._apply(fdef, node, 0, key)
        if key in self.bound or self.env.lookup(key) is not None:
            if len(node.args) != 1 or node.primes:
                raise EvalError(f"{key} has a value but is called like a function")
            return self._mul(self._name(node.func), self.eval(node.args[0]))
        if key in ("e", r"\pi") and len(node.args) == 1 and not node.primes:
            return self._mul(self._name(node.func), self.eval(node.args[0]))   # e(1 + x)
        if key == r"\sigma":
            return self._builtin(Builtin("sigmoid", node.args, node.primes, node.span))
        if node.primes:
            raise EvalError(f"derivative of the undefined function {key}")
        raise EvalError(f"{key} is an undefined function (nothing is assumed about it)")

    def _apply(self, fdef, node: Call, extra_primes: int, name: str):
        self.used[name] = fdef.line
        if len(fdef.params) != len(node.args):
            raise EvalError(f"{name} takes {len(fdef.params)} arguments")
        args = [self.eval(a) for a in node.args]
        primes = node.primes + extra_primes
        if primes:
            if len(args) != 1 or _is_matrix(args[0]):
                raise EvalError(f"derivative of {name} needs one scalar argument")
            inner = Evaluator(self.env, {fdef.params[0]: _X}, self.depth + 1)
            expr = sp.diff(inner.eval(fdef.body), _X, primes)
            return expr.subs(_X, args[0])
        inner = Evaluator(self.env, dict(zip(fdef.params, args)), self.depth + 1)
        value = inner.eval(fdef.body)
        self.used.update(inner.used)
        self.free |= inner.free
        return value

    def _builtin(self, node: Builtin):
        if ":" in node.name:  # \arg\max_i z_i over the document's values (notation.py)
            return hooks.arg_over_index(self, node)
        args = [self.eval(a) for a in node.args]
        name = node.name
        if name in ("max", "min"):
            if any(_is_matrix(a) for a in args) or node.primes:
                raise EvalError(f"{name} of a matrix")
            return (sp.Max if name == "max" else sp.Min)(*args)
        if name == "det":
            m = args[0]
            if not _is_matrix(m) or m.rows != m.cols:
                raise EvalError("determinant of a non-square matrix")
            return m.det()
        if name == "softmax":
            return self._softmax(args)
        if name == "logb":  # \log_2 x: (base, argument)
            if any(_is_matrix(a) for a in args):
                raise EvalError("logarithm of a matrix")
            return sp.log(args[1], args[0])
        if name in ("argmax", "argmin"):
            return hooks.arg_extreme(args, name)   # notation.py
        if len(args) != 1 or name not in _ELEMENTWISE:
            raise EvalError(f"{name} with {len(args)} arguments")
        func = _ELEMENTWISE[name]
        if node.primes:
            deriv = sp.diff(func(_X), _X, node.primes)
            func = lambda t, d=deriv: d.subs(_X, t)
        arg = args[0]
        if _is_matrix(arg):
            return arg.applyfunc(func)
        return func(arg)

    @staticmethod
    def _softmax(args):
        if len(args) != 1:
            raise EvalError("softmax takes one vector")
        vec = args[0]
        if not _is_matrix(vec) or min(vec.shape) != 1:
            raise EvalError("softmax of a non-vector")
        exps = vec.applyfunc(sp.exp)
        total = sum(exps)
        return exps.applyfunc(lambda t: t / total)

    # -- operators -----------------------------------------------------------------------
    def _bin(self, node: Bin):
        left = self.eval(node.left)
        right = self._entries(node.right, left) if node.op == "*" else None
        right = self.eval(node.right) if right is None else right
        turn = (not stated(node.left, self.env), not stated(node.right, self.env))
        if node.op == "+":
            return self._add(left, right, 1, turn[1])
        if node.op == "-":
            return self._add(left, right, -1, turn[1])
        if node.op == "/":
            if _is_matrix(right):
                raise EvalError("division by a matrix")
            if right == 0:
                raise EvalError("division by zero")
            return left / right
        if node.op == "conv":
            return self._star(left, right)
        if node.op in ("odot", "circ"):
            return hooks.hadamard(left, right, "\\" + node.op)   # notation.py
        return self._mul(left, right, *turn)

    def _entries(self, node, left):
        """``T y`` with ``T`` known and bold ``y`` without a value: ``y`` is the vector of its
        entries ``y_1 .. y_n`` (``n`` = the columns of ``T``), as a reader takes it."""
        if not (_is_matrix(left) and isinstance(node, Name) and node.bold and node.sub is None):
            return None
        if node.key in self.bound or self.env.lookup(node.key) is not None or \
                self.env.function(node.key) is not None:
            return None
        from .names import name_key
        items = [self._name(Name(name_key(node.base, str(i), node.label), node.base, str(i),
                                 node.label, node.span)) for i in range(1, left.cols + 1)]
        self.assumed.append(f"{node.key} taken as the vector of its entries "
                            f"{items[0]}, ..., {items[-1]}")
        return sp.ImmutableMatrix(items)

    def _star(self, left, right):
        """``a * b``: a product of two numbers; between sequences or symbols it may be a
        convolution, which is not assumed to be a product."""
        if _is_matrix(left) or _is_matrix(right):
            raise EvalError("'*' between sequences (a convolution?) is not evaluated")
        if getattr(left, "free_symbols", None) or getattr(right, "free_symbols", None):
            raise EvalError("'*' between symbols or functions (a convolution?) is not evaluated")
        return left * right

    @staticmethod
    def _add(a, b, sign, turn_b: bool = True):
        """``a + sign*b``; a vector ``b`` written in a line is turned to fit (:mod:`.orient`)."""
        if _is_matrix(a) != _is_matrix(b):
            raise EvalError("sum of a matrix and a scalar")
        if _is_matrix(a) and a.shape != b.shape:
            if a.shape == b.shape[::-1] and 1 in a.shape and turn_b:
                b = b.T
            else:
                raise EvalError(f"sum of {a.shape} and {b.shape} matrices")
        return a + sign * b

    @staticmethod
    def _mul(a, b, turn_a: bool = True, turn_b: bool = True):
        """``a b``; only an operand without a stated orientation (a vector written in a line,
        :mod:`.orient`) is turned to make the shapes fit, never a matrix environment."""
        if _is_matrix(a) and _is_matrix(b):
            if a.cols != b.rows:
                if b.rows == 1 and b.cols == a.cols and turn_b:
                    b = b.T
                elif a.cols == 1 and a.rows == b.rows and turn_a:
                    a = a.T
                else:
                    raise EvalError(f"product of {a.shape} and {b.shape} matrices")
            if a.rows * a.cols * b.cols > 400000:
                raise EvalError("matrix product too large")
        return a * b

    def _neg(self, node: Neg):
        return -self.eval(node.operand)

    def _pow(self, node: Pow):
        exponent = self.eval(node.exponent)
        if isinstance(node.base, Name) and node.base.key == "e" and \
                self.env.lookup("e") is None and "e" not in self.bound:
            return self._builtin_value("exp", exponent)
        base = self.eval(node.base)
        if _is_matrix(exponent):
            raise EvalError("matrix exponent")
        if exponent.is_number and abs(exponent) > MAX_EXP:
            raise EvalError(f"exponent {exponent} too large")
        if _is_matrix(base):
            if not (exponent.is_Integer and 0 < exponent <= 10 and base.rows == base.cols):
                raise EvalError("matrix power")
            return base ** int(exponent)
        return base ** exponent

    @staticmethod
    def _builtin_value(name, arg):
        func = _ELEMENTWISE[name]
        return arg.applyfunc(func) if _is_matrix(arg) else func(arg)

    def _transpose(self, node: Transpose):
        value = self.eval(node.operand)
        if _is_matrix(value):
            return value.T
        if getattr(value, "free_symbols", None):
            raise EvalError("transpose of an operand whose shape is not known")
        return value

    def _mat(self, node: Mat):
        widths = {len(r) for r in node.rows}
        if len(widths) != 1:
            raise EvalError(f"ragged matrix (rows of {sorted(widths)} entries)")
        if len(node.rows) * widths.pop() > MAX_CELLS:
            raise EvalError(f"matrix larger than {MAX_CELLS} entries")
        cells = [[self.eval(c) for c in row] for row in node.rows]
        if any(_is_matrix(c) for row in cells for c in row):
            raise EvalError("block matrices are not supported")
        return sp.ImmutableMatrix(cells)

    def _elided(self, node):
        raise EvalError("matrix with elided entries (\\dots): the elided entries are not known")

    def _vecgrad(self, node):
        return hooks.eval_vecgrad(self, node)   # vecgrad.py

    def _diffop(self, node):
        return hooks.eval_diffop(self, node)    # diffop.py

    def _cases(self, node):
        return hooks.eval_cases(self, node)     # notation.py

    def _vec(self, node: Vec):
        items = [self.eval(c) for c in node.items]
        if any(_is_matrix(c) for c in items):
            raise EvalError("vector of matrices")
        return sp.ImmutableMatrix(items)   # a vector is a column, even written in a line
