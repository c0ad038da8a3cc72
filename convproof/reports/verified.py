"""The closing 'verified' box: what was proven for this spec, and the numeric cross-checks.

Rendering only: the evidence is computed by :mod:`convproof.verify.spec_checks` (items 1 and 2) and
the statement registry (item 3). Three kinds of evidence, each labelled in the box:

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

from ..latex.document import Box, tr
from ..latex.escape import escape_text
from .common import check_item
from ..verify import spec_checks as V
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


def spec_proofs(d: Derivation) -> list[tuple[str, str, bool]]:
    """``(en, ru, holds)`` for each proof :func:`convproof.verify.spec_checks.spec_proofs` ran on this spec."""
    out = []
    for name, method, holds in V.spec_proofs(d.spec, d.order):
        if name == "adjoint":
            out.append((r"adjoint identity $\langle T y, g \rangle = \langle y, T^{T} g \rangle$ (exact SymPy)",
                        r"тождество сопряжённости $\langle T y, g \rangle = \langle y, T^{T} g \rangle$ (точно, SymPy)",
                        holds))
            continue
        en, ru = _PROOF_TEXT.get(name, (name, name))
        men, mru = _METHOD_TEXT[method]
        out.append((f"{en} ({men})", f"{ru} ({mru})", holds))
    return out


def numeric_summary(d: Derivation) -> dict:
    """:func:`convproof.verify.spec_checks.numeric_summary` of this derivation's spec."""
    return V.numeric_summary(d.spec)


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

    from ..verify import get, names as all_names, status

    # a statement module that fails to import is already a failing ``load.<module>`` statement of the
    # registry; any other error here is a bug and is raised, not turned into an empty section
    names = [n for n in all_names() if any(fnmatchcase(n, p) for p in patterns) and _no_optional(get(n))]
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
