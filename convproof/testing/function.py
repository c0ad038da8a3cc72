"""A function under test: its spec space, how its arguments are written, and how it is called.

The call never lets the implementation end the run: any exception, ``SystemExit`` included, is
an outcome to report (``KeyboardInterrupt`` still interrupts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from hypothesis import strategies as st

from ..errors import fail
from ..geometry import ConvSpec
from ..verify.strategies import call_arguments, conv_arrays
from . import report as rp
from .data import ARRAY_KINDS, as_arrays, axis_order, from_layout, to_layout, to_numpy
from .space import scalar_arguments, spec_space

__all__ = ["FunctionTarget", "CallResult", "call_safely"]

_ROLES = {"conv": ("data", "weight", None), "conv_transpose": ("data", "weight", None),
          "conv_grad_input": ("data", "weight", "data"), "conv_grad_weight": ("data", "weight", "data")}
# conv_grad_input's first argument is an input shape (data), conv_grad_weight's second a weight shape
_OUTPUT_ROLE = {"conv": "data", "conv_transpose": "data", "conv_grad_input": "data", "conv_grad_weight": "weight"}


@dataclass
class CallResult:
    """What one call did: the call as text, the exception or the returned array (user layout)."""

    call: str
    kwargs: dict
    exc: BaseException | None = None
    got: np.ndarray | None = None


def call_safely(fn: Callable, args: tuple, kwargs: dict) -> tuple[Any, BaseException | None]:
    """``(result, None)`` or ``(None, exception)``; only ``KeyboardInterrupt`` propagates."""
    try:
        return fn(*args, **kwargs), None
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # SystemExit from user code is a failure to report, not the end
        return None, exc


def _label(fn: Any) -> str:
    return getattr(fn, "__name__", None) or type(fn).__name__


class FunctionTarget:
    """A function with the :mod:`convproof.numeric` signature of ``op``."""

    def __init__(self, fn: Callable, op: str, dims: Any, batch: Any = (1, 2), elements: Any = None,
                 dtype: Any = "auto", layout: str | None = None, weight_layout: str | None = None,
                 arrays: str = "numpy", **options: Any) -> None:
        if not callable(fn):
            raise fail("fn", fn, "must be callable (a function or a torch.nn.Conv*d module)")
        if arrays not in ARRAY_KINDS:
            raise fail("arrays", arrays, f"must be one of {list(ARRAY_KINDS)}")
        if dims is None:
            dims = len(layout) - 2 if layout and layout.upper() == layout and len(layout) > 2 else 2
        self.fn, self.op, self.label = fn, op, _label(fn)
        self.space = spec_space(op, dims, **options)
        self.dtype = dtype if isinstance(dtype, str) and dtype == "auto" else np.dtype(dtype)
        self.float_mode = False
        self.layouts = (layout, weight_layout)
        self.layout_name = layout if _OUTPUT_ROLE[op] == "data" else weight_layout
        self.arrays, self.batch, self.elements = arrays, batch, elements
        self.options = dict(options, arrays=arrays, isotropic=self.space.isotropic)
        self.notes: list[str] = []
        self.reference_name = f"convproof.numeric.reference.{op}"
        self._perm: dict[str, Any] = {}

    # -- cases -------------------------------------------------------------------------------------
    def kind_cases(self) -> list[tuple[str, st.SearchStrategy]]:
        def with_arrays(spec: ConvSpec) -> st.SearchStrategy:
            return st.tuples(st.just(spec), conv_arrays(spec, self.op, batch=self.batch, elements=self.elements,
                                                        dtype=drawn, bias=self.space.bias))
        # small integers by default (cast to ``dtype`` at the call); a given ``elements`` in ``dtype``
        drawn = np.int64 if self.elements is None or self.dtype == "auto" else self.dtype
        return [(kind, specs.flatmap(with_arrays)) for kind, specs in self.space.kinds]

    def reference(self, spec: ConvSpec, arrays: dict) -> np.ndarray:
        from ..numeric import reference

        self._ndim = spec.ndim
        args, kwargs = call_arguments(spec, self.op, arrays)
        return np.asarray(getattr(reference, self.op)(*args, **kwargs))

    def magnitude(self, spec: ConvSpec, arrays: dict) -> float:
        """Bound on the sums of |products| (Higham): the op on absolute values."""
        absolute = {k: np.abs(v) if isinstance(v, np.ndarray) else v for k, v in arrays.items()}
        return float(np.max(np.abs(self.reference(spec, absolute)), initial=0.0))

    # -- layouts ----------------------------------------------------------------------------------
    def _order(self, role: str) -> Any:
        key = (role, self._ndim)
        if key not in self._perm:
            layout = self.layouts[0] if role == "data" else self.layouts[1]
            self._perm[key] = axis_order(layout, self._ndim, weight=role == "weight")
        return self._perm[key]

    def to_user(self, canonical: np.ndarray) -> np.ndarray:
        return to_layout(canonical, self._order(_OUTPUT_ROLE[self.op]))

    def from_user(self, got: np.ndarray) -> np.ndarray:
        return from_layout(got, self._order(_OUTPUT_ROLE[self.op]))

    # -- the call ---------------------------------------------------------------------------------
    def _user_args(self, args: tuple, dtype: Any) -> tuple:
        out = []
        for role, a in zip(_ROLES[self.op], args):
            if isinstance(a, np.ndarray):
                a = to_layout(a, self._order(role)) if role else a
                a = a.astype(dtype) if dtype is not None else a
            elif isinstance(a, tuple):  # an input or weight shape
                a = to_layout(a, self._order(role))
            out.append(a)
        return tuple(out)

    def _call(self, args: tuple, kwargs: dict, dtype: Any) -> tuple[Any, BaseException | None, str]:
        user = as_arrays(self._user_args(args, dtype), self.arrays)
        out, exc = call_safely(self.fn, user, kwargs)
        return out, exc, rp.show_call(self.op, user, kwargs)

    def call(self, spec: ConvSpec, arrays: dict) -> CallResult:
        self._ndim = spec.ndim
        args, kwargs = call_arguments(spec, self.op, arrays, self.space.forms)
        if self.space.isotropic:
            kwargs = scalar_arguments(kwargs)
        integer = all(np.asarray(a).dtype.kind in "iub" for a in args if isinstance(a, np.ndarray))
        dtype = np.float64 if self.float_mode else None if self.dtype == "auto" else self.dtype
        out, exc, text = self._call(args, kwargs, dtype)
        if exc is not None and self.dtype == "auto" and integer and not self.float_mode:
            out2, exc2, text2 = self._call(args, kwargs, np.float64)
            if exc2 is None:  # fn rejects integers (torch: "not implemented for 'Long'"): float64 from now on
                self.float_mode = True
                self.notes.append(f"fn raised {type(exc).__name__} on int64 data ({str(exc)[:120]}); "
                                  "float64 data (small integers, so results are still exact) used instead")
                out, exc, text = out2, None, text2
        if exc is not None:
            return CallResult(text, kwargs, exc=exc)
        return CallResult(text, kwargs, got=to_numpy(out))
