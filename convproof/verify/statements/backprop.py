"""Backprop through a convolution: dL/dy, dL/df, dL/db for L = sum(g * z), and weight sharing.

Oracles: the symbolic closed forms (integers substituted) and their proof against SymPy
coefficient collection, the reference loops, the fast path, ``torch.nn.grad``, autograd and
central finite differences in float64 (exact up to rounding: L is linear in each argument).
"""

from __future__ import annotations

import math

import numpy as np

from ... import numeric
from ...geometry import ConvSpec
from ...numeric import reference
from .. import oracles
from ..compare import compare
from ..registry import register
from ..statement import Comparison, Statement
from ._common import (ALL_MODES, EXAMPLES, SYMBOLIC_LIMIT, as_int, draw_conv, fd_compare, fd_gradient, numeric_call,
                      proof_check, small_specs, symbolic_with)

SYMBOLIC = ("convproof.symbolic",)
PART = {"input": 0, "weight": 1, "bias": 2}


def _space(mode: str):
    return small_specs(mode, padding_modes=ALL_MODES)


def prove_part(part: str):
    def prove(spec: ConvSpec) -> list[Comparison]:
        from ... import symbolic as S
        from ...symbolic.proofs import compare_arrays

        checks = [proof_check(S.prove_backprop(spec, "structural"))] if part != "bias" else []
        if spec.products <= SYMBOLIC_LIMIT:
            collected = getattr(S.gradients(spec, "collect"), part)
            closed = getattr(S.gradients(spec, "closed"), part)
            checks.append(proof_check(compare_arrays(f"dL/d{part}", {"SymPy coefficient collection": collected,
                                                                      "closed form": closed}, spec)))
        return checks
    return prove


def _loss_magnitude(spec: ConvSpec, a: dict, g: np.ndarray, h: float) -> tuple[int, float]:
    absa = {k: np.abs(v) + h for k, v in a.items()}
    mag = numeric_call(numeric.conv, spec.replace(padding_value=abs(spec.padding_value)), "conv", absa)
    terms = g.size * (spec.in_per_group * math.prod(spec.kernel_size) + 1)
    return terms, float(np.sum(np.abs(g) * (mag + abs(spec.padding_value))))


def _fd(spec: ConvSpec, a: dict, g: np.ndarray, part: str) -> Comparison:
    key = {"input": "input", "weight": "weight", "bias": "bias"}[part]
    floats = a

    def loss(v: np.ndarray) -> float:
        return float(np.sum(g * numeric_call(numeric.conv, spec, "conv", {**floats, key: v})))

    terms, mag = _loss_magnitude(spec, a, g, 1.0)
    exact = _exact(spec, a, g, part)
    return fd_compare("reference vs finite differences (float64, h=1)", exact, fd_gradient(loss, floats[key]),
                      terms, mag, symbol={"input": "y", "weight": "f", "bias": "b"}[part], weight=part == "weight")


def _float_arrays(spec: ConvSpec, inputs) -> dict:
    return {"input": inputs.floats("y (float)", spec.input_shape(1)),
            "weight": inputs.floats("f (float)", spec.weight_shape), "bias": inputs.floats("b (float)", (spec.out_channels,))}


def _exact(spec: ConvSpec, a: dict, g: np.ndarray, part: str) -> np.ndarray:
    if part == "input":
        return numeric_call(reference.conv_grad_input, spec, "conv_grad_input", {"weight": a["weight"], "grad_output": g})
    if part == "weight":
        return numeric_call(reference.conv_grad_weight, spec, "conv_grad_weight", {"input": a["input"], "grad_output": g})
    return np.asarray(reference.conv_grad_bias(g))


def _fast(spec: ConvSpec, a: dict, g: np.ndarray, part: str) -> np.ndarray:
    if part == "input":
        return numeric_call(numeric.conv_grad_input, spec, "conv_grad_input", {"weight": a["weight"], "grad_output": g})
    if part == "weight":
        return numeric_call(numeric.conv_grad_weight, spec, "conv_grad_weight", {"input": a["input"], "grad_output": g})
    return np.asarray(numeric.conv_grad_bias(g))


def _symbolic(spec: ConvSpec, a: dict, g: np.ndarray, part: str) -> np.ndarray:
    from ... import symbolic as S

    if part == "input":
        return as_int(symbolic_with(lambda s, g: S.grad_input(s, weight=a["weight"], g=g), spec, {"g": g}))
    per = symbolic_with(lambda s, y, g: (S.grad_weight(s, y=y, g=g) if part == "weight" else S.grad_bias(s, g=g)),
                        spec, {"y": a["input"], "g": g})
    return as_int(per).sum(axis=0)


def crosscheck_part(part: str):
    symbol, is_w = {"input": "y", "weight": "f", "bias": "b"}[part], part == "weight"

    def crosscheck(spec: ConvSpec, inputs) -> list[Comparison]:
        a = draw_conv(spec, inputs, batch=2)
        g = inputs.ints("g", spec.output_shape(2))
        ref = _exact(spec, a, g, part)
        checks = [compare("reference vs fast", ref, _fast(spec, a, g, part), symbol=symbol, weight=is_w),
                  compare("reference vs symbolic closed form (integers substituted)", ref,
                          _symbolic(spec, a, g, part), symbol=symbol, weight=is_w),
                  _fd(spec, _float_arrays(spec, inputs), inputs.floats("g (float)", spec.output_shape(1)), part)]
        missing = oracles.torch_refusal(spec) if oracles.torch() is None or spec.ndim > 3 else ""
        if missing:
            return checks + [Comparison.refusal("torch autograd", missing)]
        auto = oracles.torch_autograd(spec, a["input"], a["weight"], a["bias"], g)[PART[part]]
        checks.append(compare("reference vs torch autograd", ref, auto, symbol=symbol, weight=is_w))
        if part == "bias":
            return checks
        why = oracles.torch_refusal(spec, "nn_grad")
        if why:
            return checks + [Comparison.refusal(f"torch.nn.grad.conv*d_{part}", why)]
        nn = oracles.torch_nn_grad(spec, a["input"], a["weight"], g)[PART[part]]
        return checks + [compare(f"reference vs torch.nn.grad.conv{spec.ndim}d_{part}", ref, nn, symbol=symbol,
                                 weight=is_w)]
    return crosscheck


_COMMON = dict(space=_space, examples=EXAMPLES, requires=SYMBOLIC,
               source="seed 000 sections 6-7 (backprop through convolution), algorithm 1")

register(Statement(
    name="backprop.grad_input",
    latex=r"\frac{\partial L}{\partial y} = \mathrm{pad}^{\top}\!\Big(T_{pad}^{\top} g\Big),\quad L = \sum g \odot z",
    description="The gradient of L = sum(g*z) with respect to the input is the transposed convolution of g "
                "with the same kernel onto the padded input, folded back through the padding (every mode).",
    prove=prove_part("input"), crosscheck=crosscheck_part("input"),
    oracles=("SymPy coefficient collection", "symbolic closed form", "index map", "reference", "fast",
             "torch.nn.grad", "torch autograd", "finite differences"), **_COMMON))

register(Statement(
    name="backprop.grad_weight",
    latex=r"\frac{\partial L}{\partial F^{mk}_{u}} = \sum_{i} g^{k}_{i}\, y^{m}_{is+ud-p}"
          r" = \big(y_{pad} \star \mathrm{insert}_{s-1}(g)\big)^{mk}_{u}",
    description="The gradient with respect to the kernel is the correlation of the padded input with the "
                "upstream gradient dilated by the stride (summed over the batch).",
    prove=prove_part("weight"), crosscheck=crosscheck_part("weight"),
    oracles=("SymPy coefficient collection", "symbolic closed form", "index map", "reference", "fast",
             "torch.nn.grad", "torch autograd", "finite differences"), **_COMMON))

register(Statement(
    name="backprop.grad_bias",
    latex=r"\frac{\partial L}{\partial b^{k}} = \sum_{i} g^{k}_{i}",
    description="The gradient with respect to the bias of output map k is the sum of its upstream gradient.",
    prove=prove_part("bias"), crosscheck=crosscheck_part("bias"),
    oracles=("SymPy coefficient collection", "symbolic closed form", "reference", "fast", "torch autograd",
             "finite differences"), **_COMMON))


def prove_sharing(spec: ConvSpec) -> list[Comparison]:
    from ... import symbolic as S

    if spec.products > SYMBOLIC_LIMIT // 10:
        return []
    return [proof_check(S.prove_weight_sharing(spec))]


def crosscheck_sharing(spec: ConvSpec, inputs) -> Comparison:
    """Sum over output positions of the per-position gradient g_p * window_p(y), via numeric im2col."""
    x, g = inputs.ints("y", spec.input_shape(2)), inputs.ints("g", spec.output_shape(2))
    cols = np.asarray(numeric.im2col(x, spec.kernel_size, dilation=spec.dilation, padding=spec.padding,
                                     stride=spec.stride))  # (N, C*prod(k), L)
    kg, cg, kk = spec.out_per_group, spec.in_per_group, math.prod(spec.kernel_size)
    total = np.zeros((spec.out_channels, cg * kk), dtype=np.int64)
    for k in range(spec.out_channels):
        rows = slice((k // kg) * cg * kk, (k // kg + 1) * cg * kk)
        for p in range(cols.shape[2]):  # one untied kernel copy per output position
            total[k] += (g[:, k].reshape(g.shape[0], -1)[:, p, None] * cols[:, rows, p]).sum(axis=0)
    ref = numeric_call(reference.conv_grad_weight, spec, "conv_grad_weight", {"input": x, "grad_output": g})
    return compare("reference grad_weight vs sum over positions of untied gradients (im2col)", ref,
                   total.reshape(spec.weight_shape), symbol="f", weight=True)


register(Statement(
    name="backprop.weight_sharing",
    latex=r"\frac{\partial L}{\partial F} = \sum_{p} \frac{\partial L}{\partial F^{\langle p \rangle}}",
    description="With weight sharing the gradient of a shared kernel is the sum (not the average) over output "
                "positions of the gradients of untied per-position copies (seed 000 algorithm 1).",
    space=lambda mode: small_specs(mode), prove=prove_sharing, crosscheck=crosscheck_sharing, examples=EXAMPLES,
    requires=SYMBOLIC, oracles=("symbolic untied copies", "numeric im2col sum", "reference"),
    source="seed 000 algorithm 1"))
