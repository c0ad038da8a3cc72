"""Layers with their own weights: ``torch.nn.Conv{1,2,3}d`` / ``ConvTranspose{1,2,3}d`` modules (and ONNX).

A :class:`FixedLayer` is a forward function plus everything it fixes (kernel, stride, padding,
padding mode, dilation, groups, channels, weights, bias). Only the input is drawn: its sizes and
batch, with small integer values; the reference is evaluated in float64 on the layer's weights
and compared within the float tolerance of the layer's dtype.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ..errors import ConvProofError, fail
from ..geometry import ConvSpec, kernel_span
from ..verify.strategies import call_arguments
from .data import to_numpy
from .function import CallResult, call_safely

__all__ = ["FixedLayer", "LayerTarget", "is_conv_module", "module_target", "torch_layer"]


@dataclass
class FixedLayer:
    """A convolution layer with fixed settings and weights; ``forward(x)`` maps an NC... array."""

    label: str
    op: str  # "conv" or "conv_transpose"
    settings: dict  # ConvSpec keywords (conv) or ConvSpec.from_transposed keywords (conv_transpose)
    weight: np.ndarray
    bias: np.ndarray | None
    forward: Callable[[np.ndarray], Any]
    in_channels: int
    dtype: Any = np.float32
    notes: list = field(default_factory=list)

    def spec(self, sizes: tuple[int, ...]) -> ConvSpec:
        if self.op == "conv":
            return ConvSpec(input_size=sizes, **self.settings)
        return ConvSpec.from_transposed(input_size=sizes, **self.settings)


def is_conv_module(obj: Any) -> bool:
    """A torch convolution module (``torch.nn.modules.conv._ConvNd``: Conv*d, ConvTranspose*d)."""
    return all(hasattr(obj, a) for a in ("weight", "kernel_size", "stride", "dilation", "transposed", "forward"))


def _module_settings(m: Any) -> dict:
    out = dict(kernel_size=tuple(m.kernel_size), stride=tuple(m.stride), dilation=tuple(m.dilation),
               groups=int(m.groups))
    if m.transposed:
        out.update(padding=tuple(m.padding), output_padding=tuple(m.output_padding),
                   in_channels=int(m.in_channels), out_channels=int(m.out_channels))
        return out
    padding = m.padding if isinstance(m.padding, str) else tuple(m.padding)
    out.update(padding=padding, padding_mode=m.padding_mode, in_channels=int(m.in_channels),
               out_channels=int(m.out_channels))
    return out


def torch_layer(module: Any) -> FixedLayer:
    """The :class:`FixedLayer` of a ``torch.nn.Conv*d`` / ``ConvTranspose*d`` module."""
    import torch

    if not is_conv_module(module):
        raise fail("module", type(module).__name__, "must be a torch.nn.Conv*d or ConvTranspose*d module")
    weight = module.weight.detach().cpu()
    bias = None if module.bias is None else module.bias.detach().cpu().numpy().astype(np.float64)

    def forward(x: np.ndarray) -> Any:
        with torch.no_grad():
            return module(torch.from_numpy(np.ascontiguousarray(x)).to(weight.dtype))

    return FixedLayer(type(module).__name__, "conv_transpose" if module.transposed else "conv",
                      _module_settings(module), weight.numpy().astype(np.float64), bias, forward,
                      int(module.in_channels), weight.numpy().dtype)


class LayerTarget:
    """Check a :class:`FixedLayer`: inputs drawn, everything else fixed."""

    def __init__(self, layer: FixedLayer, batch: Any = (1, 2), max_size: int = 7) -> None:
        self.layer, self.op, self.label = layer, layer.op, layer.label
        self.batch = (batch,) if isinstance(batch, int) else tuple(batch)
        self.max_size = max_size
        self.layout_name = None
        self.options: dict = {"isotropic": True, "odd_kernels": True}  # no spec-space hints for a fixed layer
        self.notes = list(layer.notes)
        self.reference_name = f"convproof.numeric.reference.{self.op} on the layer's weights (float64)"

    def kind_cases(self) -> list:
        return [("layer", self._cases())]

    def _cases(self) -> st.SearchStrategy:
        layer = self.layer
        spans = [kernel_span(k, d) for k, d in zip(layer.settings["kernel_size"], layer.settings["dilation"])]

        @st.composite
        def case(draw: Callable) -> tuple:
            sizes = tuple(draw(st.integers(1, self.max_size + span)) for span in spans)
            try:
                spec = layer.spec(sizes)
            except ConvProofError:
                assume(False)
            shape = (draw(st.sampled_from(self.batch)), layer.in_channels, *sizes)
            x = draw(hnp.arrays(np.int64, shape, elements=st.integers(-4, 4), fill=st.nothing()))
            return spec, {"input": x, "weight": layer.weight, "bias": layer.bias}

        return case()

    def reference(self, spec: ConvSpec, arrays: dict) -> np.ndarray:
        from ..numeric import reference

        args, kwargs = call_arguments(spec, self.op, {**arrays, "input": arrays["input"].astype(np.float64)})
        return np.asarray(getattr(reference, self.op)(*args, **kwargs))

    def magnitude(self, spec: ConvSpec, arrays: dict) -> float:
        absolute = {k: None if v is None else np.abs(v) for k, v in arrays.items()}
        return float(np.max(self.reference(spec, absolute), initial=0.0))

    def to_user(self, canonical: np.ndarray) -> np.ndarray:
        return canonical

    from_user = to_user

    def call(self, spec: ConvSpec, arrays: dict) -> CallResult:
        x = arrays["input"].astype(self.layer.dtype)
        text = f"{self.label}(input: {x.dtype}{list(x.shape)})"
        out, exc = call_safely(self.layer.forward, (x,), {})
        return CallResult(text, {}, exc=exc) if exc is not None else CallResult(text, {}, got=to_numpy(out))


def module_target(obj: Any, batch: Any = (1, 2), max_size: int = 7, **unused: Any) -> LayerTarget:
    """The target for a torch module or a :class:`FixedLayer` (spec-space options do not apply)."""
    if unused:
        raise fail(next(iter(unused)), unused[next(iter(unused))],
                   "a layer's settings are read from the layer; only batch and max_size may be given")
    layer = obj if isinstance(obj, FixedLayer) else torch_layer(obj)
    return LayerTarget(layer, batch=batch, max_size=max_size)
