"""Adapters for JAX functions and one-node ONNX models (both optional: imported only when used).

* :func:`from_jax` wraps a function with the signature of ``jax.lax.conv_general_dilated`` (op
  ``"conv"``) or ``jax.lax.conv_transpose`` (op ``"conv_transpose"``) into the PyTorch-order
  signature that :func:`~convproof.testing.check_implementation` calls, with the given
  ``dimension_numbers``. ``lax.conv_transpose`` has no groups: it raises ``NotImplementedError``
  for ``groups > 1`` (skipped, not failed). Note: XLA's CPU compiler can abort the whole process
  (a C++ check failure in its algebraic simplifier, not a Python exception) on some dilated,
  strided ``lax.conv_transpose`` calls (seen with jax 0.10.2: input 3x1, kernel 2x2, stride 2,
  dilation (1, 2)); ``dilations=False`` avoids them.
* :func:`onnx_layer` turns a model with one ``Conv`` or ``ConvTranspose`` node (weights as
  initializers; ``auto_pad`` as the ONNX operator text defines it, see
  :mod:`convproof.geometry.transposed`) into a :class:`~convproof.testing.torch_module.FixedLayer`, run by
  ``onnx.reference.ReferenceEvaluator`` or ``onnxruntime``, whichever is asked for or installed.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from ..errors import fail
from ..geometry.spec import normalize_tuple, resolve_padding
from .data import axis_order, from_layout, to_layout, to_numpy
from .torch_module import FixedLayer

__all__ = ["from_jax", "onnx_layer"]


def _layouts(dimension_numbers: Sequence[str] | None, nd: int) -> tuple[str, str, str]:
    sp = {1: "W", 2: "HW", 3: "DHW"}[nd]
    return tuple(dimension_numbers) if dimension_numbers else ("NC" + sp, "OI" + sp, "NC" + sp)


def from_jax(fn: Callable, op: str = "conv", dimension_numbers: Sequence[str] | None = None) -> Callable:
    """A PyTorch-signature wrapper around a ``lax.conv_general_dilated``/``lax.conv_transpose``-like ``fn``.

    Examples
    --------
    >>> def fake_lax(lhs, rhs, window_strides, padding, rhs_dilation, dimension_numbers, feature_group_count):
    ...     return padding
    >>> from_jax(fake_lax)(np.zeros((1, 1, 5)), np.zeros((1, 1, 3)), padding="same").tolist()
    [[1, 1]]
    """
    if op not in ("conv", "conv_transpose"):
        raise fail("op", op, "from_jax wraps 'conv' (conv_general_dilated) or 'conv_transpose' (lax.conv_transpose)")

    def prepare(input: Any, weight: Any) -> tuple[Any, Any, tuple, int]:
        x, w = np.asarray(input), np.asarray(weight)
        nd = w.ndim - 2
        dn = _layouts(dimension_numbers, nd)
        lhs = to_layout(x, axis_order(dn[0], nd))
        rhs = to_layout(w, axis_order(dn[1], nd, weight=True))
        return lhs, rhs, dn, nd

    def finish(out: Any, dn: tuple, nd: int, bias: Any) -> np.ndarray:
        y = from_layout(to_numpy(out), axis_order(dn[2], nd))
        return y if bias is None else y + np.asarray(bias).reshape((1, -1) + (1,) * nd)

    def conv(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
        lhs, rhs, dn, nd = prepare(input, weight)
        s, d = normalize_tuple("stride", stride, nd, 1), normalize_tuple("dilation", dilation, nd, 1)
        pads = resolve_padding(padding, np.shape(input)[2:], np.shape(weight)[2:], s, d)
        out = fn(lhs, rhs, window_strides=s, padding=[list(p) for p in pads], rhs_dilation=d,
                 dimension_numbers=dn, feature_group_count=groups)
        return finish(out, dn, nd, bias)

    def conv_transpose(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
        if groups != 1:
            raise NotImplementedError("lax.conv_transpose has no feature_group_count (groups)")
        lhs, rhs, dn, nd = prepare(input, weight)
        s, d = normalize_tuple("stride", stride, nd, 1), normalize_tuple("dilation", dilation, nd, 1)
        a = normalize_tuple("output_padding", output_padding, nd, 0)
        k = np.shape(weight)[2:]
        pairs = resolve_padding(padding, (1,) * nd, k, s, d)
        jpad = [[dd * (kk - 1) - lo, dd * (kk - 1) - hi + aa] for kk, dd, (lo, hi), aa in zip(k, d, pairs, a)]
        out = fn(lhs, rhs, strides=s, padding=jpad, rhs_dilation=d, dimension_numbers=dn, transpose_kernel=True)
        return finish(out, dn, nd, bias)

    wrapped = conv if op == "conv" else conv_transpose
    wrapped.__name__ = f"from_jax({getattr(fn, '__name__', 'fn')})"
    return wrapped


# -- ONNX ------------------------------------------------------------------------------------------
_AUTO_PAD = {"SAME_UPPER": ("same", "tensorflow"), "SAME_LOWER": ("same", "onnx-same-lower"),
             "VALID": ("valid", "torch")}


def _attributes(node: Any) -> dict:
    import onnx

    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _onnx_settings(node: Any, w: np.ndarray, attrs: dict) -> dict:
    nd = w.ndim - 2
    auto = attrs.get("auto_pad", b"NOTSET")
    auto = auto.decode() if isinstance(auto, bytes) else str(auto)
    pads = list(attrs.get("pads", [0] * 2 * nd))
    out = dict(kernel_size=tuple(w.shape[2:]), stride=tuple(attrs.get("strides", [1] * nd)),
               dilation=tuple(attrs.get("dilations", [1] * nd)), groups=int(attrs.get("group", 1)))
    if node.op_type == "ConvTranspose":
        if "output_shape" in attrs:
            raise fail("output_shape", list(attrs["output_shape"]), "fixes the input size; onnx_layer draws "
                       "input sizes (ConvSpec.from_transposed(output_shape=...) gives the geometry)")
        padding = auto if auto in ("SAME_UPPER", "SAME_LOWER") else tuple(zip(pads[:nd], pads[nd:]))
        return dict(out, padding=padding, in_channels=int(w.shape[0]),
                    out_channels=int(w.shape[1]) * out["groups"],
                    output_padding=tuple(attrs.get("output_padding", [0] * nd)))
    padding, convention = _AUTO_PAD.get(auto, (tuple(zip(pads[:nd], pads[nd:])), "torch"))
    return dict(out, padding=padding, same_convention=convention, in_channels=int(w.shape[1]) * out["groups"],
                out_channels=int(w.shape[0]))


def _runner(model: Any, runtime: str) -> Callable[[dict], list]:
    if runtime in ("auto", "onnxruntime"):
        try:
            import onnxruntime

            session = onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
            return lambda feeds: session.run(None, feeds)
        except ImportError:
            if runtime == "onnxruntime":
                raise
    from onnx.reference import ReferenceEvaluator

    evaluator = ReferenceEvaluator(model)
    return lambda feeds: evaluator.run(None, feeds)


def onnx_layer(model: Any, runtime: str = "auto") -> FixedLayer:
    """A :class:`FixedLayer` for an ONNX model whose graph is one ``Conv``/``ConvTranspose`` node.

    ``runtime``: ``"onnxruntime"``, ``"reference"`` (``onnx.reference.ReferenceEvaluator``) or
    ``"auto"`` (onnxruntime when installed).
    """
    from onnx import numpy_helper

    if runtime not in ("auto", "onnxruntime", "reference"):
        raise fail("runtime", runtime, "must be 'auto', 'onnxruntime' or 'reference'")
    nodes = list(model.graph.node)
    if len(nodes) != 1 or nodes[0].op_type not in ("Conv", "ConvTranspose"):
        raise fail("model", [n.op_type for n in nodes], "must have exactly one Conv or ConvTranspose node")
    node = nodes[0]
    inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    if node.input[1] not in inits:
        raise fail("model", node.input[1], "the weight must be an initializer (fixed weights)")
    w = inits[node.input[1]]
    b = inits.get(node.input[2]) if len(node.input) > 2 and node.input[2] else None
    settings = _onnx_settings(node, w, _attributes(node))
    run, name = _runner(model, runtime), node.input[0]

    def forward(x: np.ndarray) -> Any:
        return run({name: x.astype(w.dtype)})[0]

    in_ch = settings["in_channels"]
    return FixedLayer(f"ONNX {node.op_type}", "conv" if node.op_type == "Conv" else "conv_transpose", settings,
                      w.astype(np.float64), None if b is None else b.astype(np.float64), forward, in_ch, w.dtype)
