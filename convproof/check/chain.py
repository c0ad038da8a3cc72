"""A relation chain as a whole: definition detection, link checks, verdict, env update.

``a = b = c`` is checked as ``a = b`` and ``b = c`` (each by :mod:`.compare`, or :mod:`.dims`
for sizes ``a \\times b``).  A first side that is a bare name (``x_1 = ...``), a function
pattern (``f(x) = x^2 - 2``) or any side before ``:=``/``\\equiv`` is a definition: it is
recorded in the :class:`~convproof.check.env.Env`, not checked -- except a derivative of a name
the document defines, which is computed (:mod:`.derivative`).  A failed link may be re-aimed at a
mistyped copy of an earlier printed number (:mod:`.blame`).

>>> from convproof.check.parse import parse_chain
>>> from convproof.check.env import Env
>>> env = Env()
>>> check_chain(parse_chain(r"f(x) = x^2 - 2"), env, 1).kind
'definition'
>>> r = check_chain(parse_chain(r"f(0.6) = -1.64"), env, 2)
>>> r.status
'holds'
"""

from __future__ import annotations

import sympy as sp

from .blame import blame, remember
from .compare import Side, compare_link, roles
from .derivative import derivative, exact_value, split_derivative
from .derivclaim import derivative_claim, gradient_of_defined
from .derivlink import derivative_link
from .formulas import record
from .dims import dims_link
from .names import name_key
from .nodes import Call, Name, Neg, Num
from .verdict import Link, StatementResult
from .walk import walk

__all__ = ["check_chain", "definition_target", "note_unread_definition"]


def definition_target(chain):
    """``("name", key)``, ``("func", key, params)`` or ``None`` for the chain's first side."""
    if not chain.rels:
        return None
    first, forced = chain.sides[0], chain.rels[0] in (":=", r"\equiv")
    if isinstance(first, Name):
        return None if _constant_claim(chain) else ("name", first.key)
    if isinstance(first, Call) and not first.primes:
        params = [a.key for a in first.args if isinstance(a, Name) and a.sub is None
                  and a.label is None]
        if len(params) == len(first.args) and len(set(params)) == len(params):
            body_names = {n.key for n in walk(chain.sides[1]) if isinstance(n, Name)}
            recursive = any(isinstance(n, Call) and n.func.key == first.func.key
                            for side in chain.sides[1:] for n in walk(side))
            if forced or body_names & set(params) and not recursive:  # f(x) = f(-x): a claim about f
                return ("func", first.func.key, tuple(params))
    if forced:
        return ("opaque", None)
    return None


def _constant_claim(chain) -> bool:
    """``\\pi \\approx 3.14`` (a number near pi): a claim about the constant, checked, not a new
    value of the name (``\\pi = 0.3``, a probability, is one)."""
    first, second = chain.sides[0], chain.sides[1]
    return first.key == r"\pi" and first.sub is None and first.label is None and \
        isinstance(second, Num) and 3 <= second.value <= sp.Rational(33, 10)


def _printed_decimal(node):
    if isinstance(node, Num):
        return node.decimals
    if isinstance(node, Neg) and isinstance(node.operand, Num):
        return node.operand.decimals
    return None


def _assign(target, sides, links, env, line, approximate) -> str:
    """Record the definition; return a short description."""
    if target[0] == "func":
        only = sorted(set(target[2]) & getattr(env, "restricted", set()))
        if only:  # f(x) = x for x >= 0: not f for every x; a call of f elsewhere stays unchecked
            env.forget(target[1])
            return f"defines {target[1]}({', '.join(target[2])}) under a condition on {', '.join(only)} " \
                   "(not used to evaluate it elsewhere)"
        env.define_function(target[1], target[2], sides[1].node, line)
        return f"defines {target[1]}({', '.join(target[2])})"
    if target[0] != "name":
        return "definition"
    key = target[1]
    record(key, sides[1].node, env, line)
    chosen = None
    for side in reversed(sides[1:]):
        if side.value is not None and not getattr(side.value, "free_symbols", set()):
            chosen = side
            break
    if chosen is None and sides[1].value is not None:
        chosen = sides[1]
    if chosen is None:
        env.forget(key)
        return f"defines {key} (value not computable)"
    digits = _printed_decimal(chosen.node)
    exact_link = any(l.status == "holds" and l.kind in ("exact", "identity") for l in links)
    ulp = None
    if digits and (approximate or not exact_link):
        ulp = sp.Rational(1, 10 ** digits)
    first = sides[1]
    expr, sources = None, ()
    if first.value is not None and first.used:
        expr = first.node
        sources = tuple((k, env.lookup(k)) for k in first.used)
    exact = None
    if ulp is not None and first is not chosen and not getattr(first.value, "free_symbols", None):
        exact = exact_value(first, env)
    env.define(key, chosen.value, line, ulp, expr, sources, exact, form=chosen.node)
    _define_elements(key, chosen.value, env, line)
    return f"defines {key}"


def _define_elements(key: str, value, env, line: int) -> None:
    """``x = [2.0, -0.5]`` also defines ``x_{1}``, ``x_{2}``; ``z = T y`` (symbolic) defines
    ``z_{1}``, ... as elements, so that ``z_{1} = f_1 y_1 + ...`` is checked against them."""
    if not isinstance(value, sp.MatrixBase) or 1 not in value.shape or "_" in key:
        return
    element = any(getattr(v, "free_symbols", None) for v in value)
    base, _, label = key.partition("^{")
    for i, v in enumerate(value, start=1):
        env.define(name_key(base, str(i), label[:-1] if label else None), v, line,
                   element=element)


def _element_claim(target, env):
    """The element binding when the defined name is an entry of a vector defined earlier by
    an expression (``z_1`` after ``z = T y``), else ``None``."""
    if target is None or target[0] != "name":
        return None
    return env.element(target[1])


def _derivative_link(chain, sides, env):
    """The first link of ``\\frac{\\partial L}{\\partial y} = ...`` when the document defines
    ``L``: the derivative is computed and compared (never taken as a fresh name)."""
    parts = split_derivative(chain.sides[0].key)
    if parts is None or env.defined_at(parts[0]) is None:
        return None
    computed = derivative_link(chain, sides, env)
    if computed is not None:
        return computed
    value, why = derivative(parts[0], parts[1], env)
    if value is None:
        return Link("unchecked", "derivative",
                    f"{chain.sides[0].key}: derivative of {parts[0]} (defined at line "
                    f"{env.defined_at(parts[0])}) not computed: {why}")
    computed = Side.of_value(chain.sides[0], value, env, {parts[0]: env.defined_at(parts[0])})
    claimed = sides[1]
    exact = exact_value(claimed, env) if claimed.value is not None else None
    if exact is not None and exact is not claimed.value:
        claimed = Side.of_value(claimed.node, exact, env, claimed.used)
    link = compare_link(computed, claimed, chain.rels[0], env, chain.source, derived=True)
    link.message = (f"the derivative of {parts[0]} by {parts[1]}, computed from the definitions "
                    f"(line {env.defined_at(parts[0])}): {link.message}")
    return link


def note_unread_definition(text: str, env, line: int) -> None:
    """A statement that was not read but starts ``name = ...`` still defines ``name``: later
    statements must not treat it as a fresh name (nor its derivative as one)."""
    from .parse import ParseError, parse_chain
    lhs, sep, _ = text.partition("=")
    if not sep or not lhs.strip() or lhs.rstrip().endswith(("<", ">", "!", "\\")):
        return
    try:
        side = parse_chain(lhs.rstrip(":")).sides
    except (ParseError, RecursionError, ValueError):
        return
    if len(side) == 1 and isinstance(side[0], Name):
        env.define_opaque(side[0].key, line)


def _derivative_variables(node) -> set:
    """Variables of the derivatives in ``node``: ``\\frac{d}{dx}``, ``f'(x)``."""
    out = set()
    for n in walk(node):
        if type(n).__name__ == "DiffOp":
            out.add(n.var)
        elif isinstance(n, Call) and n.primes:
            out |= {a.key for a in n.args if isinstance(a, Name)}
    return out


def _formula_links(chain, env) -> dict:
    """``{link: variables}`` for the links that state a derivative as a formula of its variable:
    in ``\\frac{d}{dx} x^3 = 3x^2`` or ``f'(x) = 3x^2`` the other side names ``x``, so the link is
    about every ``x`` and a number bound to ``x`` earlier is not used for it (at it, ``6x`` would
    agree with ``3x^2`` too); the next link of ``f'(x) = 3x^2 = 12`` is taken at the bound value."""
    out = {}
    for i in range(len(chain.rels)):
        a, b = chain.sides[i], chain.sides[i + 1]
        names = ({n.key for n in walk(b) if isinstance(n, Name)} & _derivative_variables(a)) | \
            ({n.key for n in walk(a) if isinstance(n, Name)} & _derivative_variables(b))
        bound = sorted(v for v in names if env.lookup(v) is not None)
        if bound:
            out[i] = bound
    return out


def check_chain(chain, env, line: int) -> StatementResult:
    """Check every link of ``chain`` with the definitions in ``env``, then record its own."""
    formula = _formula_links(chain, env)
    held = sorted({v for names in formula.values() for v in names})
    later = sorted(k for k in getattr(chain, "later", ()) if env.lookup(k) is not None)
    if later:  # x^2 = 9, \quad x = 3: not the x bound earlier (conditions.py)
        env.quantified = {**env.quantified, **{v: {} for v in later}}
    base, free = env.quantified, {**env.quantified, **{v: {} for v in held}}
    target = definition_target(chain)
    if gradient_of_defined(target, env):        # \nabla f(x) = 2x after f(x) = x^2 - 2
        target = None
    element = _element_claim(target, env)
    sides = [Side(node, env) for node in chain.sides]
    if element is not None:     # z_1 = f_1 y_1 + ... after z = T y: a claim, checked
        sides[0] = Side.of_value(chain.sides[0], element.value, env, {target[1]: element.line},
                                 product=True)
        target = None
    links = []
    defined = _derivative_link(chain, sides, env) if target and target[0] == "name" else None
    if defined is not None:
        links.append(defined)
    for i, rel in enumerate(chain.rels):
        if i == 0 and target is not None:
            continue
        env.quantified = free if i in formula else base  # a formula link: its variable is free
        a, b = (Side(chain.sides[i], env), Side(chain.sides[i + 1], env)) if i in formula else \
            (sides[i], sides[i + 1])
        shape = dims_link(chain.sides[i], chain.sides[i + 1], env, chain.source) \
            if rel == "=" else None
        link = shape or compare_link(a, b, rel, env, chain.source)
        if link.status == "wrong" and shape is None:
            link = blame(link, *roles(a, b), rel, env, chain.source)
        link = derivative_claim(link, a, b, env, chain.source)
        links.append(link)
        env.quantified = base
    approximate = r"\approx" in chain.rels or any(l.kind in ("approximation", "truncated")
                                                  for l in links)
    definition = _assign(target, sides, links, env, line, approximate) if target else None
    if defined is not None:
        definition = None
    remember(chain, env, line)
    result = _verdict(links, definition, chain)
    names = {n.key for side in chain.sides for n in walk(side) if isinstance(n, Name)}
    quantified = sorted(names & set(env.quantified) - set(held) - set(later)) \
        if getattr(env, "quantified", None) else []
    if quantified and result.status != "unchecked":
        result.message += (f"; for every value of {', '.join(quantified)} under the condition "
                           "the equation states")
    if held and result.status != "unchecked":
        result.message += f"; for every {', '.join(held)} (a derivative stated as a formula: the " \
            "value bound earlier is not used)"
    if later:
        result.message += f"; {', '.join(later)} given a value later in this display: its earlier " \
            "value is not used"
    return result


def _verdict(links, definition, chain) -> StatementResult:
    parts = [definition] if definition else []
    parts += [f"link {i + 1}: {l.message}" if len(links) > 1 else l.message
              for i, l in enumerate(links)]
    if chain.stopped:
        parts.append(f"the part after {chain.stopped} is not checked")
    message = "; ".join(parts)
    wrong = [l for l in links if l.status == "wrong"]
    if wrong:
        return StatementResult("wrong", wrong[0].kind, message,
                               [m for l in wrong for m in l.mismatches],
                               [f for l in wrong for f in l.fixes])
    if not links:
        return StatementResult("unchecked", "definition", message)
    if all(l.status == "holds" for l in links):
        kinds = [l.kind for l in links]
        kind = next((k for k in ("truncated", "approximation", "identity") if k in kinds), "exact")
        return StatementResult("holds", kind, message)
    kind = next(l.kind for l in links if l.status != "holds")
    return StatementResult("unchecked", kind, message)
