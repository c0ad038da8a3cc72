"""A matrix shape in symbols proved for all sizes or refuted at the smallest sizes (:mod:`.shapeclaim`)."""

from __future__ import annotations

from itertools import product

import sympy as sp

from ..errors import ConvProofError
from ..geometry import ConvSpec
from ..geometry.formulas import conv_output_size_expr
from ..symbolic.shapes import im2col_dims, toeplitz_dims
from .guard import fallback
from .sizeroles import formula_names
from .verdict import StatementResult

KIND = "matrix-shape"
_WORDS = {"c": "input channels", "co": "output channels", "k": "kernel", "n": "input size", "o": "output size",
          "s": "stride", "p": "padding", "d": "dilation"}
_DEFAULT = {"c": 1, "co": 1, "s": 1, "p": 0, "d": 1}
_RANGE = {"c": (1, 2), "co": (1, 2), "k": (1, 2, 3), "n": (1, 2, 3, 4, 5), "s": (1, 2), "p": (0, 1), "d": (1, 2)}
MAX_TRIES = 4000


def _roles(nodes, role_of):
    """``{key: (role, axis)}`` and the number of axes, or ``None``."""
    roles, dims = {}, set()
    for node in nodes:
        for n in formula_names(node):
            r = role_of(n)
            if r is None or r[0] == "o" and r[1] is None:
                return None
            roles[n.key] = r[:2]
            if r[2]:
                dims.add(r[2])
    if len(dims) != 1:
        return None
    ndim = dims.pop()
    if ndim == 1 and any(a == "w" for _, a in roles.values()):
        return None
    return roles, ndim


def _axis_symbols(roles, ndim):
    """``{(role, axis): symbol}`` for every role and axis; ``None`` on two names for one quantity."""
    axes = ("h", "w")[:ndim]
    table, syms = {}, {}
    for key, (role, axis) in roles.items():
        sym = sp.Symbol(key, integer=True, nonnegative=True) if role == "p" else sp.Symbol(key, integer=True, positive=True)
        syms[key] = sym
        for ax in ([axis] if axis else axes) if role not in ("c", "co") else [None]:
            if table.setdefault((role, ax), sym) != sym:
                return None, None
    sides = {a for (r, a) in table if r in ("n", "o")}
    if len(axes) == 2 and len(sides) == 1:  # (H - k + 1)^2: one side named, a square input
        named = sides.pop()
        other = "w" if named == "h" else "h"
        for role in ("k", "n", "o"):
            table.setdefault((role, named), sp.Symbol(f"_{role}{named}", positive=True, integer=True))
        for role in ("k", "n", "o", "s", "p", "d"):
            if (role, named) in table:
                table.setdefault((role, other), table[(role, named)])
    for role in ("k", "n", "o", "s", "p", "d"):
        for ax in axes:
            table.setdefault((role, ax), sp.Symbol(f"_{role}{ax}", positive=True, integer=True)
                             if role in ("k", "n", "o") else sp.Integer(_DEFAULT[role]))
    for role in ("c", "co"):
        table.setdefault((role, None), sp.Integer(1))
    return table, syms


def _truths(kind, t, axes):
    kernel, inp, out = ([t[(r, a)] for a in axes] for r in ("k", "n", "o"))
    if kind == "im2col":
        shape = im2col_dims(t[("c", None)], kernel, out)
        return [(shape, ""), (shape[::-1], " (patches as rows: the transpose of convproof's layout)")]
    padded = [n + 2 * t[("p", a)] for n, a in zip(inp, axes)]
    return [(toeplitz_dims(t[("c", None)], t[("co", None)], inp, out), ""),
            (toeplitz_dims(t[("c", None)], t[("co", None)], padded, out), " (acting on the padded input)")]


def _same(a, b, floors) -> bool:
    d = sp.expand(a - b)
    return d == 0 or sp.expand(d.subs(floors)) == 0


def symbolic_claim(kind, lhs, nodes, role_of) -> StatementResult | None:
    found = _roles(nodes, role_of)
    if found is None:
        return None
    roles, ndim = found
    table, syms = _axis_symbols(roles, ndim)
    if table is None:
        return None
    from .formulatree import to_sympy
    try:
        stated = tuple(to_sympy(n, syms) for n in nodes)
    except (KeyError, ValueError, ZeroDivisionError):
        return None
    axes = ("h", "w")[:ndim]
    floors = {table[("o", a)]: conv_output_size_expr(table[("n", a)], table[("k", a)], table[("s", a)],
                                                     table[("p", a)], None, table[("d", a)]) for a in axes}
    reading = _reading(roles, table, axes)
    for shape, layout in _truths(kind, table, axes):
        if all(_same(x, y, floors) for x, y in zip(stated, shape)):
            return StatementResult("holds", KIND, f"{lhs.key}: an identity for all sizes: equals the shape "
                                                  f"convproof builds, {_show(shape)}{layout} (SymPy); {reading}")
    return _refute(kind, lhs, stated, table, axes, reading)


def _show(shape) -> str:
    return " x ".join(str(x).replace("_o", "O_").replace("_k", "K_").replace("_n", "N_") for x in shape)


def _axis(a, axes) -> str:
    return f" ({'height' if a == 'h' else 'width'})" if a and len(axes) == 2 else ""


def _reading(roles, table, axes) -> str:
    told = [f"{key} = {_WORDS[r]}{_axis(a, axes)}"
            for key, (r, a) in roles.items()]
    unnamed = [f"{_WORDS[r]} {v}" for r, v in _DEFAULT.items()
               if all(not isinstance(table[(r, a)], sp.Symbol) for a in ((None,) if r in ("c", "co") else axes))]
    text = "read as " + ", ".join(told)
    if len(axes) == 2 and table[("n", "h")] is table[("n", "w")] and table[("o", "h")] is table[("o", "w")]:
        text += " (a square input: the shape names one side)"
    return text + (f" ({', '.join(unnamed)}: the shape names none)" if unnamed else "")


def _grid(table, axes):
    free = sorted({v for v in table.values() if isinstance(v, sp.Symbol)}, key=str)
    role = {v: r for (r, _), v in table.items() if isinstance(v, sp.Symbol)}
    free = [v for v in free if role[v] != "o"]
    combos = product(*(_RANGE[role[v]] for v in free))
    return free, sorted(combos, key=sum)[:MAX_TRIES]


def _spec(table, axes, v, kind):
    get = {key: (sp.Integer(val) if not isinstance(val, sp.Symbol) else v.get(val)) for key, val in table.items()}
    pick = lambda r: tuple(int(get[(r, a)]) for a in axes)  # noqa: E731
    try:
        spec = ConvSpec(input_size=pick("n"), kernel_size=pick("k"), stride=pick("s"), padding=pick("p"),
                        dilation=pick("d"), in_channels=int(get[("c", None)]), out_channels=int(get[("co", None)]))
        out = spec.output_size
    except ConvProofError:  # the kernel does not fit: not a convolution
        return None
    except Exception as exc:  # noqa: BLE001  (never stop the document: the claim is then only described)
        fallback(exc)
        return None
    return spec if min(out) >= 1 else None


def _refute(kind, lhs, stated, table, axes, reading):
    from ..symbolic import im2col, toeplitz
    from ..symbolic.shapes import im2col_shape, toeplitz_shape
    free, combos = _grid(table, axes)
    for values in combos:
        v = dict(zip(free, values))
        spec = _spec(table, axes, v, kind)
        if spec is None:
            continue
        v.update({table[("o", a)]: o for a, o in zip(axes, spec.output_size)})
        claimed = tuple(x.subs(v) for x in stated)
        if not all(c.is_Integer for c in claimed):
            continue
        shapes = ([im2col_shape(spec), im2col_shape(spec)[::-1]] if kind == "im2col" else
                  [toeplitz_shape(spec), toeplitz_shape(spec, True)])
        if tuple(int(c) for c in claimed) in shapes:
            continue
        built = im2col(spec).shape if kind == "im2col" else toeplitz(spec).shape  # confirm by building it
        if built != shapes[0]:
            return StatementResult("unchecked", KIND, f"{lhs.key}: the shape rule and the built matrix disagree at "
                                                      f"{spec}; {reading}")
        where = ", ".join(f"{s}={val}" for s, val in v.items() if not str(s).startswith("_"))
        hidden = ", ".join(f"{_WORDS[r]}{_axis(a, axes)} {int(val)}" for (r, a), sym in table.items() if isinstance(sym, sp.Symbol)
                           and str(sym).startswith("_") and (val := v.get(sym)) is not None)
        where = where + (f" ({hidden})" if hidden else "")
        exp = f"{built[0]} x {built[1]}"
        return StatementResult("wrong", KIND, f"{lhs.key}: wrong for {where}: the stated shape is "
                                              f"{claimed[0]} x {claimed[1]}, the {kind} matrix convproof builds "
                                              f"there is {exp}; {reading}",
                               [{"row": None, "col": None, "claimed": f"{claimed[0]} x {claimed[1]}",
                                 "expected": exp, "where": where}])
    return StatementResult("unchecked", KIND, f"{lhs.key}: not an identity, but no small sizes where it differs; "
                                              f"{reading}")
