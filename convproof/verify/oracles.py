"""Adapters to independent oracles: PyTorch (when installed), and exact-result helpers.

PyTorch works in float64 here; on integer inputs every partial sum is an integer far below
2**53, so its results are exact and are turned back into int64 (:func:`exact_ints`) before an
``==`` comparison. Where PyTorch does not support a case, :func:`torch_refusal` says why, and the
statement records a refusal instead of skipping silently.
"""

from __future__ import annotations

import importlib.util
from typing import Any

import numpy as np

from ..geometry import ConvSpec

__all__ = ["has", "torch", "torch_refusal", "exact_ints", "torch_conv", "torch_conv_transpose",
           "torch_autograd", "torch_nn_grad", "to_numpy"]


def has(module: str) -> bool:
    """Whether ``module`` is importable (without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def torch():
    """The ``torch`` module, or ``None`` when it is not installed."""
    if not has("torch"):
        return None
    import torch as _torch

    return _torch


def torch_refusal(spec: ConvSpec, op: str = "conv") -> str:
    """Why PyTorch cannot compute ``op`` on ``spec`` ('' when it can).

    >>> torch_refusal(ConvSpec(input_size=5, kernel_size=2, padding=((0, 1),)))
    ''
    >>> torch_refusal(ConvSpec(input_size=5, kernel_size=2, padding=((0, 1),)), "conv_transpose")
    'torch.nn.functional.conv_transpose*d takes symmetric padding only'
    """
    if torch() is None:
        return "torch is not installed"
    if spec.ndim > 3:
        return f"torch has conv1d/2d/3d only, not {spec.ndim}D"
    if op == "conv_transpose":
        if spec.padding_mode != "zeros":
            return "PyTorch transposed convolution supports padding_mode='zeros' only"
        if spec.symmetric_padding is None:
            return "torch.nn.functional.conv_transpose*d takes symmetric padding only"
    if op == "nn_grad":
        if spec.padding_mode != "zeros":
            return "torch.nn.grad.conv*d_input/_weight have no padding_mode (only zero padding)"
        if spec.symmetric_padding is None:
            return "torch.nn.grad.conv*d_input/_weight take symmetric padding only"
    return ""


def exact_ints(array: Any) -> np.ndarray:
    """A float array with integral entries as int64 (exact results of float64 on integer inputs)."""
    a = np.asarray(array)
    if a.dtype.kind == "f" and np.all(np.isfinite(a)) and np.all(a == np.rint(a)):
        return np.rint(a).astype(np.int64)
    return a


def to_numpy(t: Any) -> np.ndarray:
    return t.detach().cpu().numpy()


def _t(array: Any):
    return torch().as_tensor(np.asarray(array, dtype=np.float64))


def _fn(name: str, spec: ConvSpec):
    return getattr(torch().nn.functional, f"{name}{spec.ndim}d")


def _padded_input(spec: ConvSpec, x: Any):
    """Input after ``spec``'s padding (F.pad), for convolutions torch cannot pad itself."""
    F = torch().nn.functional
    pads = [p for lo, hi in reversed(spec.padding) for p in (lo, hi)]
    if spec.padding_mode in ("zeros", "constant"):
        return F.pad(x, pads, mode="constant", value=float(spec.padding_value))
    return F.pad(x, pads, mode=spec.padding_mode)


def torch_conv(spec: ConvSpec, x: Any, w: Any, b: Any = None) -> np.ndarray:
    """``torch.nn.functional.conv{n}d``; asymmetric pads and padding modes go through ``F.pad``."""
    req = spec.padding_request
    kw = dict(stride=spec.stride, dilation=spec.dilation, groups=spec.groups)
    bias = None if b is None else _t(b)
    if isinstance(req, str) and req.lower() == "same" and spec.same_convention == "torch" \
            and spec.padding_mode == "zeros":
        out = _fn("conv", spec)(_t(x), _t(w), bias, padding="same", **kw)
    elif spec.padding_mode == "zeros" and spec.symmetric_padding is not None:
        out = _fn("conv", spec)(_t(x), _t(w), bias, padding=spec.symmetric_padding, **kw)
    else:
        out = _fn("conv", spec)(_padded_input(spec, _t(x)), _t(w), bias, padding=0, **kw)
    return exact_ints(to_numpy(out))


def torch_conv_transpose(spec: ConvSpec, z: Any, w: Any, b: Any = None) -> np.ndarray:
    """``torch.nn.functional.conv_transpose{n}d`` of the forward ``spec`` (symmetric pads only)."""
    out = _fn("conv_transpose", spec)(
        _t(z), _t(w), None if b is None else _t(b), stride=spec.stride, padding=spec.symmetric_padding,
        output_padding=spec.output_padding, groups=spec.groups, dilation=spec.dilation)
    return exact_ints(to_numpy(out))


def torch_autograd(spec: ConvSpec, x: Any, w: Any, b: Any, g: Any) -> tuple[np.ndarray, ...]:
    """Gradients of ``L = sum(g * conv(x, w, b))`` by autograd: ``(dL/dx, dL/dw, dL/db)``."""
    tx, tw, tb = (_t(a).requires_grad_(True) for a in (x, w, b))
    out = _fn("conv", spec)(_padded_input(spec, tx), tw, tb, stride=spec.stride, dilation=spec.dilation,
                            groups=spec.groups)
    (out * _t(g)).sum().backward()
    return tuple(exact_ints(to_numpy(t.grad)) for t in (tx, tw, tb))


def torch_nn_grad(spec: ConvSpec, x: Any, w: Any, g: Any) -> tuple[np.ndarray, np.ndarray]:
    """``torch.nn.grad.conv{n}d_input`` and ``conv{n}d_weight`` (symmetric zero padding only)."""
    grad = torch().nn.grad
    kw = dict(stride=spec.stride, padding=spec.symmetric_padding, dilation=spec.dilation, groups=spec.groups)
    gx = getattr(grad, f"conv{spec.ndim}d_input")(spec.input_shape(np.shape(x)[0]), _t(w), _t(g), **kw)
    gw = getattr(grad, f"conv{spec.ndim}d_weight")(_t(x), spec.weight_shape, _t(g), **kw)
    return exact_ints(to_numpy(gx)), exact_ints(to_numpy(gw))
