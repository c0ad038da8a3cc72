"""Lecture notation read beside the core grammar: ``cases``, Hadamard products, ``\\max\\{..\\}``,
``\\arg\\max`` over listed values, matrices with elided entries (``\\dots``).

Each construct is *evaluated*, never recognised into a verdict:

* ``\\begin{cases} v_1, & c_1 \\\\ v_2, & \\text{otherwise} \\end{cases}``: at numbers, the
  conditions are evaluated and the value of the branch that applies is computed (no branch, or two
  applicable branches with different values: not evaluated); with free symbols each branch is
  kept under its condition (a SymPy ``Piecewise``), so that a derivative is taken branch by branch.
* ``A \\odot B`` / ``A \\circ B``: the entrywise product of two given matrices of one shape
  (``\\circ`` between functions is a composition: not evaluated).
* ``\\arg\\max(a, b, c)``: a position, whose base (0 or 1) a list of values does not state; the
  position is computed and named, the statement stays unchecked.
* A matrix written with ``\\dots``/``\\cdots``/``\\vdots``/``\\ddots``: its explicit entries are
  placed by counting from the nearer written edge (:mod:`.elided`).

>>> from convproof.check.parse import parse_chain
>>> from convproof.check.env import Env
>>> from convproof.check.evaluate import Evaluator
>>> side = parse_chain(r"\\begin{cases} x, & x > 0 \\\\ 0, & x \\le 0 \\end{cases}").sides[0]
>>> Evaluator(Env(), {"x": -3}).eval(side)
0
"""

from __future__ import annotations

from dataclasses import dataclass

import re

import sympy as sp

from . import hooks
from .lexer import Token
from .names import tokens_text
from .nodes import Builtin, Node, ParseError

__all__ = ["Cases", "without_cases", "arg_extreme", "brace_args", "eval_cases", "hadamard", "parse_arg", "parse_cases"]

#: Words that open a condition (``\\text{if } x > 0``, ``\\text{при } x > 0``).
_IF_WORDS = {"if", "for", "when", "при", "если", "где", "for all"}
#: Words that make a branch the otherwise-branch.
_OTHERWISE = {"otherwise", "else", "иначе", "в остальных случаях", "в противном случае", "elsewhere",
              "in other cases", "otherwise,"}
_RELATIONS = {"<": sp.Lt, ">": sp.Gt, r"\le": sp.Le, r"\leq": sp.Le, r"\leqslant": sp.Le,
              r"\ge": sp.Ge, r"\geq": sp.Ge, r"\geqslant": sp.Ge, "=": sp.Eq, r"\ne": sp.Ne,
              r"\neq": sp.Ne}


_CASES_TEXT = re.compile(r"\\begin\{([dr]?cases\*?)\}.*?\\end\{\1\}", re.DOTALL)


def without_cases(text: str) -> str:
    """``text`` with its ``cases`` environments blanked (their conditions are the branches')."""
    return _CASES_TEXT.sub(lambda m: " " * len(m.group()), text)


@dataclass(frozen=True)
class Cases(Node):
    """``values[i]`` applies where every relation ``conds[i][j] rels[i][j] conds[i][j+1]`` holds;
    an empty ``conds[i]`` is the otherwise-branch."""

    values: tuple
    conds: tuple
    rels: tuple
    span: tuple


# -- parsing ---------------------------------------------------------------------------------
def _rows(p, env: str) -> list[list[list[Token]]]:
    """The rows of the environment (cells split at top-level ``&``), up to its ``\\end``; empty rows dropped."""
    from .atoms import environment_cells
    return [r for r in environment_cells(p, env) if any(r)]


def _word(tok: Token) -> str:
    return " ".join(tok.text.lower().replace(",", " ").split())


def _split_if(cells: list[list[Token]]) -> tuple[list[Token], list[Token]]:
    """``(value tokens, condition tokens)`` of one row: ``v, & c`` or ``v \\text{ if } c``."""
    if len(cells) > 2:
        raise ParseError("a row of cases with more than two cells")
    value = cells[0]
    cond = cells[1] if len(cells) == 2 else []
    if len(cells) == 1:
        at = next((i for i, t in enumerate(value) if t.kind == "word" and
                   (_word(t) in _IF_WORDS or _word(t) in _OTHERWISE)), None)
        if at is None:
            raise ParseError("a row of cases without a condition")
        value, cond = value[:at], value[at:]
    while value and value[-1].text in (",", ";", "."):
        value = value[:-1]
    while cond and cond[-1].text in (",", ";", "."):
        cond = cond[:-1]
    return value, cond


def _condition(cond: list[Token], src: str):
    """``(sides, rels)`` of a condition; ``((), ())`` for the otherwise-branch."""
    from .parse import Parser
    if cond and cond[0].kind == "word" and _word(cond[0]) in _OTHERWISE and len(cond) == 1:
        return (), ()
    if cond and cond[0].kind == "word" and _word(cond[0]) in _IF_WORDS:
        cond = cond[1:]
    if not cond:
        raise ParseError("a branch of cases with an empty condition")
    q = Parser(cond, src)
    sides, rels = [q.expr()], []
    while q.peek() is not None:
        tok = q.take()
        if tok.text not in _RELATIONS or tok.kind not in ("char", "cmd"):
            raise ParseError(f"condition of cases not read at {tok.text!r}")
        rels.append(tok.text)
        sides.append(q.expr())
    if not rels:
        raise ParseError("a condition of cases without a relation")
    return tuple(sides), tuple(rels)


@hooks.cases_environment.register
def parse_cases(p, env: str, start: int) -> Cases:
    """Parse ``\\begin{cases}..\\end{cases}`` after its ``\\begin{cases}``."""
    from .parse import Parser
    values, conds, rels = [], [], []
    for cells in _rows(p, env):
        value, cond = _split_if(cells)
        if not value:
            raise ParseError("a branch of cases without a value")
        values.append(Parser(value, p.src).whole_expr())
        sides, rel = _condition(cond, p.src)
        conds.append(sides)
        rels.append(rel)
    if not values:
        raise ParseError("empty cases")
    if sum(not c for c in conds) > 1:
        raise ParseError("cases with two otherwise-branches")
    return Cases(tuple(values), tuple(conds), tuple(rels), p.span_from(start))


@hooks.brace_cases.register
def parse_brace_cases(p, start: int) -> Cases:
    """``\\{ \\begin{array}{ll} v, & c \\\\ .. \\end{array}``: cases written with a brace and an array."""
    p.take()
    p.take()
    env = tokens_text(p.group_tokens())
    if env not in ("array", "aligned", "matrix"):
        raise ParseError(f"a brace before {env!r}")
    if env == "array":
        p.group_tokens()
    node = parse_cases(p, env, start)
    if p.at(r"\}"):
        raise ParseError("a set written with braces")
    return node


@hooks.brace_args.register
def brace_args(p) -> tuple:
    """``\\{a, b, c\\}`` after ``\\max``: the listed values."""
    p.expect(r"\{")
    args = [p.expr()]
    while p.at(","):
        p.take()
        args.append(p.expr())
    p.expect(r"\}")
    return tuple(args)


@hooks.arg_operator.register
def parse_arg(p, start: int, word: str | None = None) -> Builtin:
    """``\\arg\\max(..)`` / ``\\operatorname{argmax}(..)`` over listed values."""
    if word is None:
        p.take()  # \arg
        nxt = p.take()
        if nxt.text not in (r"\max", r"\min"):
            raise ParseError(r"\arg without \max or \min")
        word = "arg" + nxt.text[1:]
    if p.at("_"):
        return _over_index(p, word, start)
    if p.at(r"\{"):
        args = brace_args(p)
    elif p.at("("):
        from .atoms import _call_args
        args = _call_args(p)
    else:
        raise ParseError(f"{word} without listed values")
    return Builtin(word, args, 0, p.span_from(start))


@hooks.max_over_index.register
def _over_index(p, word: str, start: int) -> Builtin:
    """``\\arg\\max_i z_i`` (the position is the document's own subscript) or ``\\max_i z_i``
    (the value): a :class:`Builtin` named ``argmax:i`` / ``max:i``."""
    from .nodes import Name
    p.take()
    index = tokens_text(p.group_tokens()).strip()
    if not (len(index) == 1 and index.isalpha()):
        raise ParseError(f"{word} over {index!r} (only a one-letter index is read)")
    operand = p.postfix()
    if not (isinstance(operand, Name) and operand.sub == index):
        raise ParseError(f"{word}_{index} of an expression (only of a name indexed by {index})")
    return Builtin(f"{word}:{index}", (operand,), 0, p.span_from(start))


MAX_INDEX = 1000


@hooks.arg_over_index.register
def arg_over_index(ev, node: Builtin):
    """The subscript ``j`` of the extreme of the document's values ``z_j`` (all consecutive
    subscripts from 0 or 1 that have a value here); a tie, a gap or a symbolic value: not evaluated."""
    from .evaluate import EvalError
    from .names import name_key
    name, (operand,) = node.name.split(":")[0], node.args
    values = {}
    for j in range(MAX_INDEX):
        key = name_key(operand.base, str(j), operand.label)
        binding = ev.env.lookup(key) if key not in ev.bound else None
        if binding is None:
            if j > 1 or (j == 1 and 0 not in values):
                break
            continue
        values[j] = binding.value
        ev.used[key] = binding.line
    if len(values) < 2 or any(isinstance(v, sp.MatrixBase) or not getattr(v, "is_number", False)
                              for v in values.values()):
        raise EvalError(f"{name}_{node.name.split(':')[1]} over {operand.key}: the values {operand.base}_j are not all given numbers here")
    best = (max if name in ("argmax", "max") else min)(values.values(), key=lambda a: sp.N(a, 30))
    if name in ("max", "min"):
        return best
    where = [j for j, v in values.items() if sp.simplify(v - best) == 0]
    if len(where) > 1:
        raise EvalError(f"{name}: the {name[3:]}imal value {best} occurs at {len(where)} subscripts")
    return sp.Integer(where[0])


# -- evaluation ------------------------------------------------------------------------------
class _Undecided(Exception):
    pass


def _truth(ev, sides, rels):
    """The condition's value: ``True``/``False`` at numbers, a SymPy relation otherwise."""
    from .evaluate import EvalError
    values = [ev.eval(s) for s in sides]
    if any(isinstance(v, sp.MatrixBase) for v in values):
        raise EvalError("a condition of cases compares matrices")
    parts = [_RELATIONS[r](a, b) for r, a, b in zip(rels, values, values[1:])]
    return sp.And(*parts)


@hooks.eval_cases.register
def eval_cases(ev, node: Cases):
    """The value of ``cases`` where it applies (see the module docstring)."""
    from .evaluate import EvalError
    truths = [sp.true if not c else _truth(ev, c, r) for c, r in zip(node.conds, node.rels)]
    decided = all(t in (sp.true, sp.false) for t in truths)
    if not decided:
        return _piecewise(ev, node, truths)
    stated = [i for i, (c, t) in enumerate(zip(node.conds, truths)) if c and t == sp.true]
    chosen = stated or [i for i, c in enumerate(node.conds) if not c]
    if not chosen:
        raise EvalError("no branch of cases applies here")
    values = {ev.eval(node.values[i]) for i in chosen}
    if len(values) > 1:
        raise EvalError("two branches of cases apply here with different values")
    return values.pop()


def _piecewise(ev, node: Cases, truths):
    from .evaluate import EvalError
    pairs = [(ev.eval(v), t) for v, t, c in zip(node.values, truths, node.conds) if c and t != sp.false]
    other = [ev.eval(v) for v, c in zip(node.values, node.conds) if not c]
    if any(isinstance(v, sp.MatrixBase) for v, _ in pairs) or any(isinstance(v, sp.MatrixBase) for v in other):
        raise EvalError("cases with matrix values")
    _disjoint(pairs)
    ev.assumed.append("cases kept branch by branch, each under its condition")
    return sp.Piecewise(*pairs, *[(v, True) for v in other])


def _disjoint(pairs) -> None:
    """Two stated branches whose conditions overlap must agree there (else not evaluated)."""
    from .evaluate import EvalError
    for i, (a, ta) in enumerate(pairs):
        for b, tb in pairs[i + 1:]:
            both = sp.And(ta, tb)
            if both == sp.false or sp.expand(a - b) == 0:
                continue
            free = both.free_symbols
            try:
                real = {s: sp.Symbol(s.name, real=True) for s in free}
                region = both.xreplace(real).as_set() if len(free) == 1 else None
            except (NotImplementedError, TypeError, ValueError):
                region = None
            if region is None or region.is_empty is not True and not _agree_on(a - b, region, real):
                raise EvalError("two branches of cases overlap with different values")


def _agree_on(diff, region, real) -> bool:
    """Whether ``diff`` vanishes on ``region`` (only a finite set of points is decided)."""
    if not isinstance(region, sp.FiniteSet):
        return False
    sym = next(iter(real))
    return all(sp.simplify(diff.subs(sym, pt)) == 0 for pt in region)


@hooks.hadamard.register
def hadamard(left, right, op: str):
    """The entrywise product of two matrices of one shape."""
    from .evaluate import EvalError
    if not (isinstance(left, sp.MatrixBase) and isinstance(right, sp.MatrixBase)):
        raise EvalError(f"{op} needs two given matrices (a Hadamard product; between functions, "
                        "a composition)")
    if left.shape != right.shape:
        raise EvalError(f"Hadamard product of {left.shape} and {right.shape} matrices")
    return sp.ImmutableMatrix(left.rows, left.cols, lambda i, j: left[i, j] * right[i, j])


@hooks.arg_extreme.register
def arg_extreme(args, name: str):
    """Never a value: the position of the extreme value is named in the reason."""
    from .evaluate import EvalError
    if len(args) < 2 or any(isinstance(a, sp.MatrixBase) or not getattr(a, "is_number", False)
                            for a in args):
        raise EvalError(f"{name} of values that are not all numbers")
    best = (max if name == "argmax" else min)(args, key=lambda a: sp.N(a, 30))
    where = [i for i, a in enumerate(args) if sp.simplify(a - best) == 0]
    if len(where) > 1:
        raise EvalError(f"{name}: the {name[3:]} value {best} occurs {len(where)} times")
    return _position_error(name, best, where[0])


def _position_error(name, best, i):
    from .evaluate import EvalError
    raise EvalError(f"{name} is a position: the {name[3:]}imal value {best} is number {i + 1} "
                    f"counted from 1 ({i} counted from 0); the listed values do not state the base")


@hooks.piecewise_witness.register
def piecewise_witness(computed, claimed):
    """A point, inside a branch (never on a boundary between branches), where two expressions of
    one symbol, one of them a ``Piecewise``, take different numeric values: ``(symbol, point,
    computed value, claimed value)``, or ``None``."""
    if not (isinstance(computed, sp.Basic) and isinstance(claimed, sp.Basic)) or not (
            computed.has(sp.Piecewise) or claimed.has(sp.Piecewise)):
        return None
    free = computed.free_symbols | claimed.free_symbols
    if len(free) != 1:
        return None
    sym = free.pop()
    if set(sym.assumptions0) - {"commutative"}:  # the statement restricts its symbol: not probed
        return None
    for point in _probe_points(sym, computed, claimed):
        a, b = computed.subs(sym, point), claimed.subs(sym, point)
        if a.is_number and b.is_number and a.is_finite and b.is_finite and \
                not a.has(sp.nan) and not b.has(sp.nan) and sp.simplify(a - b) != 0:
            return sym, point, a, b
    return None


def _probe_points(sym, *exprs) -> list:
    """Points strictly between (and beyond) the boundaries of the conditions in ``exprs`` (the boundaries
    as :mod:`.branchwise` finds them; none when they are not all finite numbers, or too many)."""
    from .branchwise import _Undecided, _edges
    try:
        cuts = _edges(sym, exprs)
    except _Undecided:
        return []
    if not cuts or len(cuts) > 20:
        return []
    inner = [(a + b) / 2 for a, b in zip(cuts, cuts[1:])]
    return [cuts[0] - 1] + inner + [cuts[-1] + 1]
