"""What :func:`~convproof.testing.check_implementation` says: failure classes, the call, hints, the summary.

A failure is one of three classes: the implementation *raised*, returned the *wrong shape*,
or returned a *wrong value*. Distinct classes are reported separately, each with the smallest
spec found for it. Hints name the spec-space option that excludes a spec when the failure looks
like a signature or type mismatch (a hint explains; the failure stands).
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..geometry import ConvSpec
from ..verify.entries import show_array

__all__ = ["Failure", "CheckReport", "raised", "wrong_shape", "wrong_value", "show_call", "hints", "shape_hints"]

_ARG_NAMES = {"conv": ("input", "weight", "bias"), "conv_transpose": ("input", "weight", "bias"),
              "conv_grad_input": ("input_size", "weight", "grad_output"),
              "conv_grad_weight": ("input", "weight_size", "grad_output")}


@dataclass
class Failure:
    """One failure class with its smallest example."""

    kind: str  # "raised", "wrong shape", "wrong value"
    key: tuple
    spec: ConvSpec
    call: str
    arrays: dict
    what: str
    hints: tuple[str, ...] = ()

    def lines(self, op: str) -> list[str]:
        out = [self.what, f"  smallest failing spec: {self.spec.describe()}", f"    {self.spec!r}"]
        if op == "conv_transpose":
            out.append(f"    (the transposed convolution of this spec: size {self.spec.output_size} -> "
                       f"{self.spec.transposed_output_size}, output_padding {self.spec.output_padding})")
        out.append(f"  call: {self.call}")
        out += [f"    {name} = {show_array(value)}" for name, value in self.arrays.items() if value is not None]
        out += [f"  hint: {h}" for h in self.hints]
        return out


@dataclass
class CheckReport:
    """Result of a passing run: what was checked and how (``str()`` is the summary)."""

    op: str
    label: str
    checked: int
    skipped: int
    notes: list[str] = field(default_factory=list)

    @property
    def mostly_skipped(self) -> bool:
        return self.skipped > self.checked

    def __str__(self) -> str:
        head = (f"check_implementation(op={self.op!r}): {self.label} agrees with the exact reference on "
                f"{self.checked} example(s); {self.skipped} skipped (NotImplementedError)")
        return "\n".join([head] + [f"  note: {n}" for n in self.notes])


def show_call(op: str, args: tuple, kwargs: dict) -> str:
    """``fn(input: int64[1, 2, 5], weight: ..., stride=(1,), ...)`` with array shapes and dtypes."""
    def one(name: str, a: Any) -> str:
        if a is None:
            return f"{name}=None"
        if isinstance(a, tuple):
            return f"{name}={a!r}"
        arr = np.asarray(a) if not hasattr(a, "dtype") else a
        kind = type(a).__module__.split(".")[0]
        prefix = "torch " if kind == "torch" else ""
        return f"{name}: {prefix}{str(arr.dtype).replace('torch.', '')}{list(arr.shape)}"

    shown = [one(n, a) for n, a in zip(_ARG_NAMES[op], args)]
    shown += [f"{k}={v!r}" for k, v in kwargs.items()]
    return f"fn({', '.join(shown)})"


def raised(exc: BaseException) -> tuple[str, tuple]:
    """``("raised IndexError: ... (at file.py:12)", key)`` for an exception from the implementation."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno})" if frames else ""
    text = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    key = ("raised", type(exc).__name__, where)
    return f"raised {type(exc).__name__}: {text}{where}", key


def wrong_shape(got: Any, expected_shape: tuple, layout: str | None) -> str:
    in_layout = f" (layout {layout})" if layout else ""
    if not isinstance(got, np.ndarray) or got.dtype == object:
        return f"returned {type(got).__name__} instead of an array of shape {expected_shape}{in_layout}"
    return f"returned the wrong shape: {got.shape}, expected {expected_shape}{in_layout}"


def _index_text(op: str, idx: tuple[int, ...]) -> str:
    if op == "conv_grad_weight":
        return f"(out channel {idx[0]}, in channel {idx[1]} of its group, kernel {idx[2:]})"
    return f"(n={idx[0]}, c={idx[1]}, spatial {idx[2:]})"


def wrong_value(op: str, expected: np.ndarray, got: np.ndarray, bad: np.ndarray, note: str = "") -> str:
    """Count of differing entries and the full 0-based index of the first (PyTorch layout)."""
    idx = tuple(int(i) for i in np.argwhere(bad)[0])
    lines = [f"returned a wrong value: {int(bad.sum())} of {bad.size} entries differ; first differing entry "
             f"{_index_text(op, idx)} = index {idx} (0-based, PyTorch layout): expected {expected[idx].item()!r}, "
             f"got {got[idx].item()!r}{note}"]
    if expected.size <= 64:
        shape = f"(shape {expected.shape}, leading unit axes dropped)"
        lines += [f"    expected = {show_array(expected)}  {shape}", f"    got      = {show_array(got)}"]
    return "\n".join(lines)


def _spatial_varies(spec: ConvSpec) -> bool:
    fields = (spec.input_size, spec.kernel_size, spec.stride, spec.dilation, spec.padding, spec.output_padding)
    return spec.ndim > 1 and any(len(set(v)) > 1 for v in fields)


def shape_hints(spec: ConvSpec, options: dict) -> tuple[str, ...]:
    """Options that would exclude the smallest spec of a wrong-shape failure (else it is a bug)."""
    out = []
    if _spatial_varies(spec) and not options.get("isotropic"):
        out.append("if fn assumes one size/stride/padding for all dimensions (square kernels), pass isotropic=True")
    if any(k % 2 == 0 for k in spec.kernel_size) and not options.get("odd_kernels"):
        out.append("if fn supports odd kernels only, pass odd_kernels=True")
    return tuple(out)


def hints(exc: BaseException, spec: ConvSpec, kwargs: dict, bias: Any, options: dict) -> tuple[str, ...]:
    """Spec-space options that would exclude this spec, when the raise looks like a signature/type mismatch."""
    msg = f"{type(exc).__name__}: {exc}"
    out = []
    if "unexpected keyword argument" in msg:
        name = msg.split("unexpected keyword argument")[-1].strip(" '\"")
        opt = {"dilation": "dilations=False", "groups": "groups=False", "bias": "bias='absent'"}.get(name)
        out.append(f"fn takes no {name!r} argument" + (f"; if it has none, pass {opt}" if opt else
                   f"; wrap fn so that it takes the convproof.numeric signature"))
    elif "positional argument" in msg:
        out.append("fn's signature differs from convproof.numeric's (same order as torch.nn.functional); wrap it")
    if "Tensor" in msg and options.get("arrays") != "torch":
        out.append("fn seems to expect torch tensors: pass arrays='torch'")
    if isinstance(kwargs.get("padding"), str):
        out.append(f"if fn does not take padding={kwargs['padding']!r}, leave it out: padding_forms=('int', 'tuple')")
    elif isinstance(kwargs.get("padding"), tuple) and any(isinstance(p, tuple) for p in kwargs["padding"]):
        out.append("if fn takes no (lo, hi) padding pairs, leave out 'pairs' from padding_forms")
    scalars = ("stride", "padding", "dilation", "output_padding")
    tuples = [n for n in scalars if isinstance(kwargs.get(n), tuple)]
    if isinstance(exc, TypeError) and tuples and not options.get("isotropic"):
        out.append(f"fn may take ints only for {', '.join(tuples)}: pass isotropic=True (one value for all dimensions)")
    elif _spatial_varies(spec) and not options.get("isotropic"):
        out.append("if fn takes one size/stride/padding for all dimensions (square kernels), pass isotropic=True")
    if any(k % 2 == 0 for k in spec.kernel_size) and not options.get("odd_kernels"):
        out.append("if fn supports odd kernels only, pass odd_kernels=True")
    if spec.groups > 1:
        out.append("if fn has no groups, pass groups=False")
    if any(d > 1 for d in spec.dilation):
        out.append("if fn has no dilation, pass dilations=False")
    if bias is None and "None" in msg:
        out.append("if fn requires a bias, pass bias='required'")
    if isinstance(exc, (TypeError, RuntimeError)) and any(w in msg for w in ("'Long'", "int64", "Int")):
        out.append("fn rejects integer data: pass dtype=np.float64 (or dtype='auto')")
    return tuple(out)
