"""Compare the two evaluated sides of one link: exactly, as an identity, or to the printed precision.

A link (``a = b`` of a chain ``a = b = c``, see :mod:`.chain`) is:

* computed exactly when both sides are determined (numbers, given matrices): matrix products are
  expanded and compared entry by entry;
* compared to the precision of the digits shown when one side is a printed decimal: it holds
  when the decimal is the exact value correctly rounded to the digits shown (within half a unit
  of the last digit; either neighbour of an exact tie); a truncated decimal is reported as such,
  and holds (as truncation) only under ``\approx`` -- written with ``=`` it is unchecked, and
  any other decimal is wrong;
* a row and a column are compared entry by entry only when one of them is a vector written in a
  line (which states no orientation, :mod:`.orient`), never two matrix environments;
* an identity check when free symbols remain (holds only if the difference expands to zero for
  all values of the symbols; a non-identity is *wrong* for the stated result of a product of
  given matrices written in the product's own symbols, otherwise unchecked).

>>> from convproof.check.parse import parse_chain
>>> from convproof.check.env import Env
>>> from convproof.check.chain import check_chain
>>> r = check_chain(parse_chain(r"6 \\cdot 3 + 5 \\cdot 2 = 28"), Env(), 1)
>>> r.status, r.kind
('holds', 'exact')
"""

from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef

from . import hooks
from .approx import classify, numeric, within
from .claimed import claimed_precision, exp_form_zero, regrouped, scientific
from .evaluate import EvalError, Evaluator
from .nodes import Bin, Mat, Name, Transpose, Vec, printed_decimal as _decimal
from .nonzero import surely_nonzero
from .orient import stated
from .relax import relaxed_range
from .texfmt import value_latex
from .verdict import Link
from .walk import walk

__all__ = ["Side", "compare_link", "roles"]


def _cells(node, shape):
    """Claimed cell nodes of a literal matrix side, flattened row-major, or ``None``."""
    if isinstance(node, Transpose):
        inner = _cells(node.operand, shape[::-1])
        if inner is None:
            return None
        rows, cols = shape[::-1]
        return [inner[r * cols + c] for c in range(cols) for r in range(rows)]
    if isinstance(node, Mat):
        return [c for row in node.rows for c in row]
    if isinstance(node, Vec):
        return list(node.items)
    return None


def _scalar_cell(node) -> list:
    """The claimed node of a scalar side (the one cell of a 1x1 matrix)."""
    cells = _cells(node, (1, 1))
    return cells if cells is not None and len(cells) == 1 else [node]


def _is_literal(node) -> bool:
    return _decimal(node) is not None or scientific(node) is not None or isinstance(node, (Mat, Vec)) or (
        isinstance(node, Transpose) and isinstance(node.operand, (Mat, Vec)))


def _has_product(node) -> bool:
    return any(isinstance(n, Bin) and n.op == "*" for n in walk(node))


class Side:
    """One evaluated side of a link: ``value`` (or ``error``), the bindings it ``used`` and its
    ``free`` names."""

    def __init__(self, node, env):
        self.node = node
        ev = Evaluator(env)
        try:
            self.value, self.error = ev.eval(node), None
        except EvalError as exc:
            self.value, self.error = None, str(exc)
        except (TypeError, ValueError, ZeroDivisionError, AttributeError, RecursionError) as exc:
            self.value, self.error = None, f"cannot compute ({type(exc).__name__})"
        self.used, self.free, self.env = ev.used, ev.free, env
        self.assumed = ev.assumed

    @classmethod
    def of_value(cls, node, value, env, used: dict, product: bool = False):
        """A side whose value was computed elsewhere (a derivative of a defined name; with
        ``product``, an entry of a product of given matrices)."""
        side = cls.__new__(cls)
        side.product = product
        side.node, side.value, side.error = node, value, None
        side.used, side.free, side.env = dict(used), set(), env
        side.assumed = []
        return side


def _order(node) -> dict:
    order = {}
    for n in walk(node):
        if isinstance(n, Name) and n.key not in order:
            order[n.key] = n.span[0]
    return order


def _flat(value):
    return list(value) if isinstance(value, sp.MatrixBase) else [value]


def _position(index, shape):
    if shape is None:
        return None, None
    return index // shape[1] + 1, index % shape[1] + 1


def _symbolic(value) -> bool:
    return bool(getattr(value, "free_symbols", None)) or (
        isinstance(value, sp.Basic) and value.has(AppliedUndef))


def _compare_entry(computed, claimed, cnode, rel, relax):
    """Verdict for one entry: (verdict, expected_latex, detail)."""
    dec = claimed_precision(cnode, rel) if cnode is not None else None
    if _symbolic(computed) or _symbolic(claimed):
        diff = sp.expand(computed - claimed)
        if diff == 0:
            return "identity", None, ""
        if surely_nonzero(diff):  # nonzero at an admissible point: no simplification can make it 0
            return "nonidentity", value_latex(computed, order=_order(cnode)), ""
        if sp.count_ops(diff) < 150 and (sp.simplify(diff) == 0 or exp_form_zero(diff)):
            return "identity", None, ""
        if diff.has(sp.floor, sp.ceiling) and sp.simplify(_as_integers(diff)) == 0:
            return "identity", None, " (assuming integer symbols)"
        seen = hooks.piecewise_witness(computed, claimed)  # cases: a point inside a branch where they differ
        if seen is not None:
            return "wrong", value_latex(computed), f" (at {seen[0]} = {seen[1]}: {seen[2]} vs {seen[3]})"
        if (found := hooks.branch_verdict(computed, claimed)) is not None:  # cases against Heaviside/Max
            return found
        return "nonidentity", value_latex(computed, order=_order(cnode)), ""
    if dec is not None and (dec[1] > 0 or rel == r"\approx"):
        verdict = classify(computed, dec[0], dec[1])
        if verdict == "wrong" and relax is not None:
            lo, hi = relax()
            if lo is not None and within(lo, hi, dec[0], dec[1]):
                verdict = "relaxed"
        return verdict, value_latex(computed, digits=dec[1]), _approx_detail(computed)
    if classify(computed, claimed, 0) == "exact":
        return "exact", None, ""
    if relax is not None and _decimal(cnode) is not None:  # 3c = 1 after c = 1/3 \approx 0.33: one printed number
        lo, hi = relax()
        if lo is not None and lo <= claimed <= hi:
            return "relaxed", value_latex(computed), _approx_detail(computed)
    return "wrong", value_latex(computed), _approx_detail(computed)


def _as_integers(expr):
    return expr.subs({s: sp.Symbol(s.name, integer=True) for s in expr.free_symbols})


def _approx_detail(value) -> str:
    val = numeric(value)
    if val is None:
        return ""
    text = sp.N(val, 10)
    return f" (value {text})" if not isinstance(value, sp.Rational) or value.q > 10**8 else \
        f" (value {value_latex(value)})"


def roles(a, b) -> tuple:
    """``(computed, claimed)``: the claimed side is the literal one (a printed number, a
    matrix as written), else the right-hand side."""
    if _is_literal(b.node) or not _is_literal(a.node):
        return a, b
    return b, a


def compare_link(a: Side, b: Side, rel: str, env, src: str = "", derived: bool = False) -> Link:
    """Compare two evaluated sides (see the module docstring for the rules); ``derived`` when
    ``a`` is a computed quantity written as a name (never a redefinition of it)."""
    link = hooks.elided_link(a, b, rel, env, src)  # explicit entries of a matrix written with \dots (elided.py)
    if link is not None:
        return link
    for side in (a, b):
        if side.error:
            return Link("unchecked", "unsupported", side.error)
    computed, claimed = roles(a, b)
    cv, kv = computed.value, claimed.value
    cm, km = isinstance(cv, sp.MatrixBase), isinstance(kv, sp.MatrixBase)
    if cm != km:
        return Link("unchecked", "shape", "one side is a matrix, the other a scalar")
    shape = None
    if cm:
        turned = 1 in cv.shape and cv.shape == kv.shape[::-1] and not (
            stated(computed.node, env) and stated(claimed.node, env))
        if cv.shape != kv.shape and not turned:
            return Link("unchecked", "shape", f"shapes differ: {cv.shape} vs {kv.shape}"
                        + (" (a row and a column, each as written)" if 1 in cv.shape
                           and cv.shape == kv.shape[::-1] else ""))
        shape = kv.shape
    cells = _cells(claimed.node, shape) if cm else _scalar_cell(claimed.node)
    relax = None if cm else (lambda: relaxed_range(computed.node, env, computed.used))
    results = []
    for i, (c, k) in enumerate(zip(_flat(cv), _flat(kv))):
        cnode = cells[i] if cells and i < len(cells) else None
        results.append((i, cnode) + _compare_entry(c, k, cnode, rel, relax))
    link = _repeated_label(a, b, src) or _summarize(results, shape, computed, claimed, src,
                                                      derived, rel)
    for note in a.assumed + b.assumed:
        link.message += f"; {note}"
    return link


def _summarize(results, shape, computed, claimed, src, derived=False, rel="=") -> Link:
    verdicts = {r[2] for r in results}
    used = ", ".join(_used(k, v, computed.env) for k, v in computed.used.items())
    using = f" given bindings {used}" if used else ""
    bad = [r for r in results if r[2] == "wrong"]
    nonid = [r for r in results if r[2] == "nonidentity"]
    if nonid and not bad:
        expansion = _expansion_claim(results, shape, computed, claimed)
        if expansion:
            bad = nonid
        else:
            return Link("unchecked", "free-symbols", "not an identity in the free symbols "
                        f"{', '.join(sorted(computed.free | claimed.free))} (nothing to check)"
                        + using)
    line = computed.used.get(computed.node.key) if isinstance(computed.node, Name) else None
    if bad and line is not None and len(results) == 1 and results[0][2] == "wrong" and not derived:
        return Link("unchecked", "redefinition",
                    f"{computed.node.key} was {value_latex(computed.value)} at line {line}; here it is stated as "
                    f"{_source(results[0][1], src)} (a new value of the name?)")
    if bad:
        mism, fixes = [], []
        for i, cnode, _, expected, detail in bad:
            row, col = _position(i, shape)
            claimed_tex = _source(cnode, src)
            if claimed_tex == "?":  # W x = W^T x: the claimed side's entry, computed
                claimed_tex = value_latex(_flat(claimed.value)[i]) if shape or i == 0 else "?"
            mism.append({"row": row, "col": col, "claimed": claimed_tex, "expected": expected})
            if cnode is not None and expected is not None:
                fixes.append((cnode.span[0], cnode.span[1], regrouped(expected, claimed_tex)))
        where = ("entries differ" if len(bad) > 1 else "entry differs") if shape else \
            ("values differ" if len(bad) > 1 else "value differs")
        desc = "; ".join(f"{_where(m)}claimed {m['claimed']}, expected {m['expected']}{r[4]}"
                         for m, r in zip(mism, bad))
        return Link("wrong", "matrix" if shape else "arithmetic",
                    f"{len(bad)} {where}: {desc}{using}",
                    mism, fixes)
    if "relaxed" in verdicts:
        r = next(r for r in results if r[2] == "relaxed")
        return Link("unchecked", "input-precision",
                    f"the stated inputs give {r[3]}{r[4]}, not {_source(r[1], src)}; the claim is "
                    f"reachable only within the last printed digit of the inputs{using}")
    if "truncated" in verdicts:
        trunc = [r for r in results if r[2] == "truncated"]
        desc = "; ".join(f"{_where_i(r[0], shape)}{_source(r[1], src)} is truncated{r[4]}, rounding "
                         f"gives {r[3]}" for r in trunc)
        if rel == r"\approx":
            return Link("holds", "truncated", f"holds only as truncation: {desc}{using}")
        return Link("unchecked", "truncated", f"truncated, not rounded: {desc}{using}; "
                    "written =, only the correctly rounded value holds to the printed precision")
    if "rounded" in verdicts:
        written = "" if rel == r"\approx" else "written =; "
        return Link("holds", "approximation",
                    f"holds to the printed precision ({written}the exact value rounds to the "
                    f"digits shown; {_count(results)}){using}")
    if "identity" in verdicts:
        note = next((r[4] for r in results if r[4]), "")
        symbols = set().union(*(getattr(side.value, "free_symbols", set())
                                for side in (computed, claimed)))
        free = ", ".join(sorted(str(sym) for sym in symbols)) or "its symbols"
        return Link("holds", "identity", f"holds as an identity in {free}, for all their values"
                    f"{note} ({_count(results)}){using}")
    return Link("holds", "exact", f"holds exactly ({_count(results)}){using}")


def _label_cells(side):
    """The names of a side that is a column of unbound names (labels ``z_1, ..., z_n``)."""
    node = side.node
    cells = [r[0] for r in node.rows if len(r) == 1] if isinstance(node, Mat) else \
        list(node.items) if isinstance(node, Vec) else []
    if not cells or len(cells) != len(_flat(side.value)) or \
            not all(isinstance(c, Name) for c in cells):
        return None
    if not all(isinstance(v, sp.Symbol) and v.name == c.key for c, v in zip(cells, side.value)):
        return None
    return cells


def _repeated_label(a: Side, b: Side, src: str) -> Link | None:
    """``[z_1; z_2; z_2] = [u; v; w]`` with ``v`` and ``w`` different (as an identity in their
    symbols): one name is given two values, so the statement is wrong whatever the symbols are."""
    if not (isinstance(a.value, sp.MatrixBase) and isinstance(b.value, sp.MatrixBase)):
        return None
    for labels, other in ((a, b), (b, a)):
        cells = _label_cells(labels)
        values = _flat(other.value)
        if cells is None or len(values) != len(cells):
            continue
        first: dict = {}
        for j, (cell, value) in enumerate(zip(cells, values)):
            i = first.setdefault(cell.key, j)
            if i == j or sp.Symbol(cell.key) in getattr(value, "free_symbols", set()):
                continue
            if sp.expand(values[i] - value) != 0:
                text = _source(cell, src)
                return Link("wrong", "labels",
                            f"the label {text} is given two different values: entry {i + 1} is "
                            f"{value_latex(values[i])}, entry {j + 1} is {value_latex(value)}",
                            [{"row": j + 1, "col": None, "claimed": text, "expected": None}])
    return None


def _operand_symbols(side) -> set:
    """Symbols of the product's operands (a stride may drop some from the result)."""
    out = set(side.value.free_symbols)
    for key in side.used:
        binding = side.env.lookup(key) if side.env is not None else None
        out |= set(getattr(binding.value, "free_symbols", ())) if binding else set()
    out |= {sp.Symbol(n.key) for n in walk(side.node) if isinstance(n, Name)}
    return out


def _family(symbol) -> str:
    """``y`` for ``y_{6}``, ``\\hat{y}`` for ``\\hat{y}_{1}``: the name without its subscript."""
    return symbol.name.split("_{")[0].split("_")[0]


def _expansion_claim(results, shape, computed, claimed) -> bool:
    """A non-identity is *wrong* in the stated result of a product of given matrices, whatever
    symbols or constants the claimed entries contain, as long as the claim is written in the
    product's own symbols (the families of its operands: an out-of-range ``y_6`` counts).  An
    equation system ``A x = b`` (every claimed entry a constant, or a right-hand side in names
    of its own) is not such a claim."""
    if not getattr(computed, "product", False) and (shape is None or
                                                    not _has_product(computed.node)):
        return False
    if shape is None:
        families = {_family(s) for s in _operand_symbols(computed)}
        return bool(claimed.value.free_symbols) and \
            all(_family(s) in families for s in claimed.value.free_symbols)
    entries = list(claimed.value)
    if all(not getattr(v, "free_symbols", None) for v in entries):
        return False
    families = {_family(s) for s in _operand_symbols(computed)}
    return all(_family(s) in families for s in claimed.value.free_symbols)


def _used(key, line, env) -> str:
    binding = env.lookup(key) if env is not None else None
    value = binding.value if binding is not None else None
    if value is not None and not isinstance(value, sp.MatrixBase) and getattr(value, "is_number", False):
        return f"{key} = {value_latex(value)} (line {line})"
    return f"{key} (line {line})"


def _count(results) -> str:
    return "1 value" if len(results) == 1 else f"{len(results)} entries"


def _where(m) -> str:
    if m["row"] is None:
        return ""
    return f"({m['row']},{m['col']}): "


def _where_i(i, shape) -> str:
    row, col = _position(i, shape)
    return "" if row is None else f"({row},{col}): "


def _source(node, src: str = "") -> str:
    if node is None or not hasattr(node, "span"):
        return "?"
    return src[node.span[0]:node.span[1]].strip() or "?"



