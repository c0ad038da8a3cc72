"""The spec space of :func:`~convproof.testing.check_implementation`: what the implementation supports.

Defaults follow the PyTorch signature of each op:

=====================  =====================================================================
op                     padding forms drawn by default (``padding_forms=``)
=====================  =====================================================================
``conv``               ``("int", "tuple", "same", "valid")`` (``torch.nn.functional.conv2d``)
``conv_transpose``     ``("int", "tuple")`` and an ``output_padding`` (``conv_transpose2d``)
``conv_grad_input``    ``("int", "tuple")`` (``torch.nn.grad.conv2d_input``)
``conv_grad_weight``   ``("int", "tuple")`` (``torch.nn.grad.conv2d_weight``)
=====================  =====================================================================

Add ``"pairs"`` for ``(lo, hi)`` padding per dimension. ``bias`` is ``"optional"`` for ``conv``
and ``conv_transpose`` (sometimes ``None``, as torch allows); ``groups`` and ``dilations`` are
on (``(1, 2)``); ``isotropic=True`` draws one value for all dimensions and passes ints;
``odd_kernels=True``; ``spec_filter(spec) -> bool`` for anything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from ..errors import fail
from ..geometry import ConvSpec
from ..verify.strategies import BIAS_MODES, OPS, conv_specs, padding_argument

__all__ = ["SpecSpace", "spec_space", "PADDING_FORMS", "DEFAULT_FORMS"]

PADDING_FORMS = ("int", "tuple", "pairs", "same", "valid")
DEFAULT_FORMS = {"conv": ("int", "tuple", "same", "valid"), "conv_transpose": ("int", "tuple"),
                 "conv_grad_input": ("int", "tuple"), "conv_grad_weight": ("int", "tuple")}
_KIND_FORMS = (("zero", ("int", "tuple", "pairs")), ("symmetric", ("int", "tuple", "pairs")),
               ("asymmetric", ("pairs",)), ("same", ("same",)), ("valid", ("valid",)))


@dataclass(frozen=True)
class SpecSpace:
    """Resolved options: per padding kind a strategy of specs, and how arguments are written."""

    op: str
    kinds: tuple[tuple[str, Any], ...]
    forms: tuple[str, ...]
    bias: str
    isotropic: bool

    def writes(self, spec: ConvSpec) -> bool:
        """True when ``spec``'s padding can be written in an accepted form."""
        return padding_argument(spec, self.forms) is not None


def _values(name: str, value: Any, default: tuple[int, ...]) -> Any:
    if value is True:
        return default
    if value is False:
        return (1,)
    return value


def _forms(op: str, forms: Sequence[str] | None) -> tuple[str, ...]:
    if forms is None:
        return DEFAULT_FORMS[op]
    forms = (forms,) if isinstance(forms, str) else tuple(forms)
    for form in forms:
        if form not in PADDING_FORMS:
            raise fail("padding_forms", form, f"padding forms are {list(PADDING_FORMS)}")
    if op != "conv" and {"same", "valid"} & set(forms):
        raise fail("padding_forms", forms, f"{op} takes explicit padding: use 'int', 'tuple' or 'pairs'")
    if not forms:
        raise fail("padding_forms", forms, "must name at least one form")
    return forms


def spec_space(op: str, dims: Any, padding_forms: Sequence[str] | None = None, bias: Any = None,
               groups: Any = True, dilations: Any = True, isotropic: bool = False, odd_kernels: bool = False,
               spec_filter: Callable[[ConvSpec], bool] | None = None, **conv_space: Any) -> SpecSpace:
    """Resolve the options of :func:`check_implementation` for ``op`` (errors name the option).

    >>> s = spec_space("conv_transpose", dims=2)
    >>> [k for k, _ in s.kinds], s.forms, s.bias
    (['zero', 'symmetric'], ('int', 'tuple'), 'optional')
    """
    if op not in OPS:
        raise fail("op", op, f"must be one of {list(OPS)}")
    forms = _forms(op, padding_forms)
    if bias is None:
        bias = "optional" if op in ("conv", "conv_transpose") else "absent"
    bias = {True: "required", False: "absent"}.get(bias, bias) if isinstance(bias, bool) else bias
    if bias not in BIAS_MODES:
        raise fail("bias", bias, f"must be a bool or one of {list(BIAS_MODES)}")
    if spec_filter is not None and not callable(spec_filter):
        raise fail("spec_filter", spec_filter, "must be a callable taking a ConvSpec and returning a bool")
    kinds = conv_space.pop("padding", None)
    if kinds is None:
        kinds = tuple(kind for kind, need in _KIND_FORMS if set(need) & set(forms))
    if "asymmetric" in kinds and "pairs" not in forms:
        raise fail("padding", tuple(kinds), "'asymmetric' padding needs 'pairs' in padding_forms")
    if op == "conv_transpose":
        conv_space.setdefault("output_padding", True)
        kinds = tuple(k for k in kinds if k != "same")
    space = dict(dims=dims, groups=_values("groups", groups, (1, 2)),
                 dilations=_values("dilations", dilations, (1, 2)), isotropic=isotropic,
                 odd_kernels=odd_kernels, **conv_space)
    out = SpecSpace(op, (), forms, bias, bool(isotropic))
    keep = (lambda s: out.writes(s) and bool(spec_filter(s))) if spec_filter else out.writes
    strategies = tuple((kind, conv_specs(padding=(kind,), **space).filter(keep)) for kind in kinds)
    if not strategies:
        raise fail("padding_forms", forms, "leave no padding kind to draw")
    return SpecSpace(op, strategies, forms, bias, bool(isotropic))


def scalar_arguments(kwargs: dict) -> dict:
    """Per-dimension tuples with one value written as that int (for ``isotropic`` code).

    >>> scalar_arguments({"stride": (2, 2), "padding": (1, 1), "groups": 1})
    {'stride': 2, 'padding': 1, 'groups': 1}
    """
    out = dict(kwargs)
    for name in ("stride", "dilation", "output_padding", "padding"):
        v = out.get(name)
        if isinstance(v, tuple) and v and all(isinstance(e, int) for e in v) and len(set(v)) == 1:
            out[name] = v[0]
    return out

