"""The closing 'verified' box: what was proven for this spec, and the numeric cross-checks.

Three kinds of evidence, each labelled in the box:

1. **Proven for this spec (exact SymPy).** Independent routes of :mod:`convproof.symbolic`
   compared entry by entry with ``expand(a - b) == 0``: ``T y`` against the direct sum formula
   and against im2col; ``T^T z`` against zero insertion; the adjoint identity
   ``<T y, g> = <y, T^T g>``; the gradients read off ``L`` against their closed forms.
2. **Numeric cross-checks.** The symbolic results evaluated at fixed integer inputs against
   :mod:`convproof.numeric` (which shares no code with the symbolic engine): the maximum error
   is exact (0 means equal as integers). Then float64 inputs against the exact rational value,
   within a tolerance derived from dtype and magnitude (:func:`convproof.verify.dot_tolerance`).
3. **Registry statements.** When :mod:`convproof.verify` is importable, the statuses of its
   general statements (swept over many specs) that need no optional package.
"""

from __future__ import annotations

import math

from fractions import Fraction
from typing import Any, Callable

import numpy as np
import sympy as sp

from .. import numeric
from .. import symbolic as S
from ..latex.document import Box, tr
from ..latex.escape import escape_text
from .common import check_item
from .derivation import Derivation

__all__ = ["spec_proofs", "numeric_summary", "numeric_checks", "compact_item", "registry_box", "registry_items", "verified_box", "REGISTRY_PATTERNS"]

REGISTRY_PATTERNS = ("shape.*", "forward.*", "transposed.*", "backprop.*")


_PROOF_TEXT = {
    "forward": (r"$T y$ equals the direct sum formula (seed 000 eq. 2) and the im2col product",
                r"$T y$ совпадает с прямой формулой суммы (формула 2 семинара 000) и произведением im2col"),
    "transposed": (r"$T^{T} z$ equals zero insertion with the flipped kernel (seed 001) and the col2im scatter-add",
                   r"$T^{T} z$ совпадает со вставкой нулей и перевёрнутым ядром (семинар 001) и с col2im"),
    "backprop": (r"$\partial L/\partial y$, $\partial L/\partial f$, $\partial L/\partial b$ read off "
                 r"$L = \sum g z$ equal $T^{T} g$, the correlation of $y$ with $g$, and $\sum g$",
                 r"$\partial L/\partial y$, $\partial L/\partial f$, $\partial L/\partial b$ из "
                 r"$L = \sum g z$ совпадают с $T^{T} g$, корреляцией $y$ и $g$ и $\sum g$"),
    "weight_sharing": ("the shared kernel's gradient is the sum of the untied copies' gradients (seed 000, algorithm 1)",
                       "градиент общего ядра равен сумме градиентов несвязанных копий (семинар 000, алгоритм 1)"),
}
_METHOD_TEXT = {"symbolic": ("exact SymPy, term by term", "точно, SymPy, по членам"),
                "structural": ("structural: integer (output, input, kernel) triples",
                               "структурно: целые тройки (выход, вход, ядро)")}


def _adjoint(d: Derivation) -> bool:
    T = d.T()
    lhs = sp.Add(*[a * b for a, b in zip(S.matrices.sparse_matvec(T, d.vec(d.y)), d.vec(d.g))])
    rhs = sp.Add(*[a * b for a, b in zip(d.vec(d.y), S.matrices.sparse_matvec(T.T, d.vec(d.g)))])
    return sp.expand(lhs - rhs) == 0


def spec_proofs(d: Derivation) -> list[tuple[str, str, bool]]:
    """``(en, ru, holds)`` for each proof of :mod:`convproof.symbolic.proofs` run on this spec.

    Symbolic (term by term) within the engine's budget, structural (integer index triples) beyond it;
    plus the adjoint identity and weight sharing for small specs.
    """
    from ..symbolic import proofs as P

    s = d.spec
    small = s.products <= P.SYMBOLIC_BUDGET // 10
    method = "symbolic" if s.products <= P.SYMBOLIC_BUDGET else "structural"
    provers = [P.prove_forward] + ([P.prove_transposed] if s.padding_mode == "zeros" else []) + [P.prove_backprop]
    results = [p(s, method) for p in provers] + ([P.prove_weight_sharing(s)] if small else [])
    out = []
    for r in results:
        en, ru = _PROOF_TEXT.get(r.name, (r.name, r.name))
        men, mru = _METHOD_TEXT[r.method]
        out.append((f"{en} ({men})", f"{ru} ({mru})", bool(r.holds)))
    if small and s.padding_mode == "zeros" and s.transposed_output_size == s.input_size:
        out.append((r"adjoint identity $\langle T y, g \rangle = \langle y, T^{T} g \rangle$ (exact SymPy)",
                    r"тождество сопряжённости $\langle T y, g \rangle = \langle y, T^{T} g \rangle$ (точно, SymPy)",
                    _adjoint(d)))
    return out


def _values(d: Derivation, kind: str) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Deterministic inputs ``(exact, numeric)``: small integers, or float64 values and their exact rationals."""
    rng = np.random.default_rng(20240601)
    exact, arrays = {}, {}
    for name, syms in (("y", d.y), ("f", d.f), ("b", d.b), ("g", d.g), ("z", d.z)):
        if kind == "int":
            vals = rng.integers(-4, 5, size=syms.shape).astype(object)
            exact[name] = vals
        else:
            vals = rng.standard_normal(size=syms.shape)
            exact[name] = np.vectorize(lambda v: sp.Rational(Fraction(v)), otypes=[object])(vals)
        arrays[name] = vals
    return exact, arrays


def _pairs(d: Derivation, e: dict, a: dict) -> list[tuple[str, Callable[[], Any], Callable[[], Any]]]:
    """(what, exact value from the symbolic engine's formulas at ``e``, numeric result at ``a``)."""
    s = d.spec
    kw = dict(stride=s.stride, padding=list(s.padding), dilation=s.dilation, groups=s.groups)
    mode = dict(padding_mode=s.padding_mode)
    out = [("forward $z$", lambda: S.conv_direct(s, e["y"], e["f"], e["b"]),
            lambda: numeric.conv(a["y"][None], a["f"], a["b"], **kw, **mode, padding_value=s.padding_value)[0])]
    if s.padding_mode == "zeros" and s.symmetric_padding is not None:
        out.append(("transposed", lambda: S.conv_transpose(s, e["z"], e["f"]),
                    lambda: numeric.conv_transpose(a["z"][None], a["f"], None, s.stride, s.symmetric_padding,
                                                   s.output_padding, s.groups, s.dilation)[0]))
    out += [(r"$\partial L/\partial y$", lambda: S.grad_input(s, e["f"], e["g"]),
             lambda: numeric.conv_grad_input((1, *a["y"].shape), a["f"], a["g"][None], **kw, **mode)[0]),
            (r"$\partial L/\partial f$", lambda: S.grad_weight(s, e["y"], e["g"]), lambda: _grad_weight(s, a, kw)),
            (r"$\partial L/\partial b$", lambda: S.grad_bias(s, e["g"]), lambda: numeric.conv_grad_bias(a["g"][None]))]
    return out


def _grad_weight(s: Any, a: dict, kw: dict) -> np.ndarray:
    """``numeric.conv_grad_weight``; constant padding with ``c != 0`` is applied with ``np.pad`` first,
    because the numeric gradient functions take no ``padding_value`` (they would treat it as 0)."""
    if s.padding_mode == "constant" and s.padding_value != 0:
        x = np.pad(a["y"], [(0, 0), *s.padding], constant_values=s.padding_value)
        return numeric.conv_grad_weight(x[None], a["f"].shape, a["g"][None], **{**kw, "padding": 0})
    return numeric.conv_grad_weight(a["y"][None], a["f"].shape, a["g"][None], **kw, padding_mode=s.padding_mode)


def _max_error(exact: np.ndarray, got: Any) -> Any:
    got = np.asarray(got)
    if got.shape != exact.shape:
        return None
    return max((abs(sp.Rational(Fraction(float(g)) if got.dtype.kind == "f" else int(g)) - e)
                for g, e in zip(got.ravel(), exact.ravel())), default=0)


def numeric_summary(d: Derivation) -> dict:
    """Integer (exact) and float64 cross-checks against convproof.numeric, as plain values."""
    from ..verify import dot_tolerance

    exact, arrays = _values(d, "int")
    errs = [(w, _max_error(np.asarray(e(), dtype=object), f())) for w, e, f in _pairs(d, exact, arrays)]
    out = {"what": ", ".join(w for w, _ in errs), "int_ok": all(e == 0 for _, e in errs),
           "worst": max((e for _, e in errs if e is not None), default=0)}
    exact, arrays = _values(d, "float")
    n_terms = d.spec.in_per_group * math.prod(d.spec.kernel_size) * max(1, d.z[0].size)
    mags = [float(np.max(np.abs(v))) for v in arrays.values()]
    out["tol"], out["rule"] = dot_tolerance(n_terms, max(mags) ** 2 + 1.0)
    out["terms"] = n_terms
    ferrs = [_max_error(np.asarray(e(), dtype=object), f()) for _, e, f in _pairs(d, exact, arrays)]
    out["float_ok"] = all(e is not None and float(e) <= out["tol"] for e in ferrs)
    return out


def numeric_checks(d: Derivation, lang: str) -> list[str]:
    """Box lines for the integer (exact) and float64 cross-checks against convproof.numeric."""
    n = numeric_summary(d)
    what, worst, tol, terms = n["what"], n["worst"], _sci(n["tol"]), n["terms"]
    return [check_item(lang, n["int_ok"], tr(lang, f"convproof.numeric on integer inputs: {what}; max error ${worst}$ (exact)",
                                             f"convproof.numeric на целых входах: {what}; макс. ошибка ${worst}$ (точно)")),
            check_item(lang, n["float_ok"], tr(lang, f"the same in float64 against exact rational values: every error "
                                                     f"below ${tol}$ (float64 bound for sums of {terms} products)",
                                               f"то же в float64 против точных рациональных значений: все ошибки "
                                               f"меньше ${tol}$ (граница float64 для сумм {terms} произведений)"))]


def compact_item(d: Derivation, lang: str, label: str) -> str:
    """One box line summarising every check of one example (for reports with many examples)."""
    proofs = spec_proofs(d)
    n = numeric_summary(d)
    ok = all(p[2] for p in proofs) and n["int_ok"] and n["float_ok"]
    held = sum(p[2] for p in proofs)
    return check_item(lang, ok, tr(lang, f"{label}: {held}/{len(proofs)} exact identities hold; numeric max error "
                                         f"${n['worst']}$ on integers, below ${_sci(n['tol'])}$ in float64",
                                   f"{label}: выполнено {held}/{len(proofs)} точных тождеств; численная ошибка "
                                   f"${n['worst']}$ на целых, меньше ${_sci(n['tol'])}$ в float64"))


def _sci(x: float) -> str:
    mant, exp = f"{x:.1e}".split("e")
    return rf"{mant} \cdot 10^{{{int(exp)}}}"


def _no_optional(stmt) -> bool:
    """Statements needing an optional package (torch, scipy) would make a report depend on the machine."""
    return all(str(m).startswith("convproof") for m in getattr(stmt, "requires", ()) or ())


def registry_items(lang: str, patterns: tuple[str, ...] = REGISTRY_PATTERNS) -> list[str]:
    """Statuses of the general statements of convproof.verify matching ``patterns`` (statements that need
    an optional package are left out so a report does not depend on what is installed)."""
    from fnmatch import fnmatchcase

    try:
        from ..verify import get, names as all_names, status

        names = [n for n in all_names() if any(fnmatchcase(n, p) for p in patterns) and _no_optional(get(n))]
    except Exception:  # noqa: BLE001 - a broken optional statement module must not break a report
        return []
    # Status only: how many distinct specs a sweep drew depends on which oracles are installed,
    # and a committed report must not depend on the machine (verify.md has the counts).
    items = []
    for r in status(names):
        name = f"\\texttt{{{r.name.replace('_', chr(92) + '_')}}}"
        if r.status == "skipped":
            items.append(f"--- {name}: " + tr(lang, "skipped", "пропущено") + f" ({escape_text(r.reason)})")
        else:
            word = {"proven": ("proven", "доказано"), "failed": ("failed", "не выполнено")}.get(
                r.status, (r.status, r.status))
            items.append(check_item(lang, r.status == "proven", f"{name}: " + tr(lang, *word)))
    return items


def registry_box(lang: str, patterns: tuple[str, ...]) -> Box | None:
    """A box of registry statuses alone (``None`` when nothing matches)."""
    items = registry_items(lang, patterns)
    return Box(tr(lang, "General statements (convproof verify)", "Общие утверждения (convproof verify)"),
               items) if items else None


def verified_box(d: Derivation, lang: str, registry: bool = True) -> Box:
    """The 'verified' box for one derivation."""
    groups = [(tr(lang, "Proven for this layer (exact SymPy)", "Доказано для этого слоя (точно, SymPy)"),
               [check_item(lang, ok, tr(lang, en, ru)) for en, ru, ok in spec_proofs(d)]),
              (tr(lang, "Numeric cross-checks", "Численные перекрёстные проверки"), numeric_checks(d, lang))]
    reg = registry_items(lang) if registry else []
    if reg:
        groups.append((tr(lang, "General statements (convproof verify)", "Общие утверждения (convproof verify)"), reg))
    return Box(tr(lang, "Verified", "Проверено"), groups)
