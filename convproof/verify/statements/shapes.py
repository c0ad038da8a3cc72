"""Output sizes: integer formula vs SymPy floor formula vs counting positions (and numeric/torch shapes).

Counting is done here with plain loops over window positions, sharing no code with
:mod:`convproof.geometry`'s formulas.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st

from ...geometry import ConvSpec, conv_output_size, conv_transpose_output_size, transposed_preimages
from ...geometry.formulas import conv_output_size_expr, conv_transpose_output_size_expr
from ..strategies import conv_specs
from .. import oracles
from ..registry import register
from ..statement import Comparison, NotApplicable, Statement

SIZES = dict(dims=(1, 2, 3), max_size=24, max_kernel=6, strides=(1, 2, 3, 4), dilations=(1, 2, 3),
             groups=(1,), max_channels=1, padding=("zero", "symmetric", "asymmetric", "valid", "full"),
             max_padding=4)
EXAMPLES = {"quick": 60, "thorough": 2000}


def shape_specs(mode: str, **over) -> st.SearchStrategy:
    """Large-ish geometric specs (no arrays are built for shape statements)."""
    return conv_specs(**{**SIZES, **over})


def count_positions(n_padded: int, span: int, stride: int) -> int:
    """Window placements ``t = 0, s, 2s, ...`` with ``t + span <= n_padded``, by a loop."""
    return sum(1 for t in range(0, n_padded, stride) if t + span <= n_padded)


def count_transposed(o: int, span: int, stride: int, lo: int, hi: int, a: int) -> int:
    """Length of the transposed output by scattering: highest touched index + 1, cropped, + a."""
    touched = {j * stride + u for j in range(o) for u in range(span)}
    return max(touched) + 1 - lo - hi + a


def _dims(spec: ConvSpec):
    return zip(spec.input_size, spec.kernel_size, spec.stride, spec.padding, spec.dilation, spec.output_padding)


# --- shape.output_size ---------------------------------------------------------------------
def prove_output_size(spec: ConvSpec) -> list[Comparison]:
    i, k, s, lo, hi, d = sp.symbols("i k s p_lo p_hi d", integer=True, positive=True)
    expr = conv_output_size_expr(i, k, s, lo, hi, d)
    checks = []
    for ax, (n, kk, ss, (pl, ph), dd, _) in enumerate(_dims(spec)):
        val = expr.subs({i: n, k: kk, s: ss, lo: pl, hi: ph, d: dd})
        checks.append(Comparison.exact_equal("SymPy floor formula vs integer formula", val,
                                        conv_output_size(n, kk, ss, pl, ph, dd), detail=f"dim {ax}"))
    return checks


def crosscheck_output_size(spec: ConvSpec, inputs) -> list[Comparison]:
    counted = tuple(count_positions(n + pl + ph, dd * (kk - 1) + 1, ss)
                    for n, kk, ss, (pl, ph), dd, _ in _dims(spec))
    checks = [Comparison.exact_equal("integer formula vs counting window positions", spec.output_size, counted)]
    if oracles.has("convproof.numeric"):
        from ... import numeric
        from ..strategies import call_arguments

        x = inputs.ints("y", spec.input_shape(1), 0, 1)
        w = inputs.ints("f", spec.weight_shape, 0, 1)
        args, kw = call_arguments(spec, "conv", {"input": x, "weight": w})
        got = tuple(numeric.conv(*args, **kw).shape[2:])
        checks.append(Comparison.exact_equal("integer formula vs numeric conv output shape", spec.output_size, got))
    return checks


register(Statement(
    name="shape.output_size",
    latex=r"o = \left\lfloor \frac{i + p_{lo} + p_{hi} - d(k-1) - 1}{s} \right\rfloor + 1",
    description="Output length of a convolution per dimension (floor formula with dilation and per-side "
                "padding) equals the number of window positions counted one by one.",
    space=shape_specs, prove=prove_output_size, crosscheck=crosscheck_output_size, examples=EXAMPLES,
    oracles=("integer formula", "SymPy floor formula", "counting positions", "numeric conv shape"),
    source="seed 002 output-size formula; seed 004 (W-F+2P)/S+1"))


# --- shape.transposed_output_size ----------------------------------------------------------
def prove_transposed(spec: ConvSpec) -> list[Comparison]:
    i, k, s, lo, hi, d, a = sp.symbols("i k s p_lo p_hi d a", integer=True, nonnegative=True)
    expr = conv_transpose_output_size_expr(i, k, s, lo, hi, d, a)
    out = []
    for ax, (o, (n, kk, ss, (pl, ph), dd, aa)) in enumerate(zip(spec.output_size, _dims(spec))):
        val = expr.subs({i: o, k: kk, s: ss, lo: pl, hi: ph, d: dd, a: aa})
        out.append(Comparison.exact_equal("SymPy formula vs integer formula", val,
                                     conv_transpose_output_size(o, kk, ss, pl, ph, dd, aa), detail=f"dim {ax}"))
    return out


def _transposed_size(spec: ConvSpec) -> tuple[int, ...]:
    try:
        return spec.transposed_output_size
    except ValueError:
        raise NotApplicable from None


def crosscheck_transposed(spec: ConvSpec, inputs) -> list[Comparison]:
    size = _transposed_size(spec)
    counted = tuple(count_transposed(o, dd * (kk - 1) + 1, ss, pl, ph, aa)
                    for o, (n, kk, ss, (pl, ph), dd, aa) in zip(spec.output_size, _dims(spec)))
    checks = [Comparison.exact_equal("integer formula vs scatter count", size, counted)]
    why = oracles.torch_refusal(spec, "conv_transpose")
    if why:
        return checks + [Comparison.refusal("torch conv_transpose shape", why)]
    z = inputs.ints("z", spec.output_shape(1), 0, 1)
    w = inputs.ints("f", spec.weight_shape, 0, 1)
    got = oracles.torch_conv_transpose(spec, z, w).shape[2:]
    return checks + [Comparison.exact_equal("integer formula vs torch conv_transpose shape", size, tuple(got))]


register(Statement(
    name="shape.transposed_output_size",
    latex=r"o' = (o-1)s - p_{lo} - p_{hi} + d(k-1) + 1 + a",
    description="Output length of the transposed convolution (PyTorch/ONNX semantics, output_padding a) "
                "equals the length covered by scattering the kernel span from every input position, "
                "cropped by the padding, plus a.",
    space=lambda mode: shape_specs(mode, dims=(1, 2), max_size=12, output_padding=True),
    prove=prove_transposed, crosscheck=crosscheck_transposed, examples=EXAMPLES,
    oracles=("integer formula", "SymPy formula", "scatter count", "torch conv_transpose shape"),
    source="seed 000 transposed convolution; seed 001"))


# --- shape.transposed_output_padding -------------------------------------------------------
def prove_output_padding(spec: ConvSpec) -> list[Comparison]:
    a = spec.restoring_output_padding
    restored = spec.replace(output_padding=a)
    return [Comparison.exact_equal("transposed size with a=(i+p_lo+p_hi-k_eff) mod s vs input size",
                              restored.transposed_output_size, spec.input_size),
            Comparison("0 <= a < max(s, d)", all(0 <= x < max(s, d) for x, s, d in zip(a, spec.stride, spec.dilation)),
                  detail=f"a={a}")]


def crosscheck_output_padding(spec: ConvSpec, inputs) -> list[Comparison]:
    torch = oracles.torch()
    why = oracles.torch_refusal(spec, "conv_transpose")
    if why:
        return [Comparison.refusal("torch ConvTranspose(output_size=...)", why)]
    a = spec.restoring_output_padding
    mod = getattr(torch.nn, f"ConvTranspose{spec.ndim}d")(
        spec.out_channels, spec.in_channels, spec.kernel_size, stride=spec.stride,
        padding=spec.symmetric_padding, dilation=spec.dilation, groups=spec.groups, bias=False)
    z = torch.zeros(spec.output_shape(1), dtype=mod.weight.dtype)
    chosen = mod._output_padding(z, list(spec.input_size), list(spec.stride), list(spec.symmetric_padding),
                                 list(spec.kernel_size), spec.ndim, list(spec.dilation))
    return [Comparison.exact_equal("restoring output_padding vs torch's choice for output_size=input size",
                              tuple(int(v) for v in chosen), a)]


register(Statement(
    name="shape.transposed_output_padding",
    latex=r"a = (i + p_{lo} + p_{hi} - d(k-1) - 1) \bmod s \;\Rightarrow\; o' = i,\quad 0 \le a < \max(s, d)",
    description="The output_padding a = (i + p_lo + p_hi - k_eff) mod s (the input rows the forward "
                "convolution never reads) makes the transposed convolution restore the input size, and "
                "satisfies PyTorch's rule a < max(stride, dilation). PyTorch picks the same a when asked "
                "for output_size = i.",
    space=lambda mode: shape_specs(mode, dims=(1, 2), max_size=16),
    prove=prove_output_padding, crosscheck=crosscheck_output_padding, examples=EXAMPLES,
    oracles=("geometry", "torch ConvTranspose._output_padding"), source="RESEARCH pain point 1-2"))


# --- shape.transposed_preimages ------------------------------------------------------------
def preimage_case(mode: str) -> st.SearchStrategy:
    return st.tuples(st.integers(1, 12), st.integers(1, 5), st.integers(1, 4), st.integers(0, 3),
                     st.integers(0, 3), st.integers(1, 3))


def prove_preimages(case: tuple) -> list[Comparison]:
    o, k, s, lo, hi, d = case
    span = d * (k - 1) + 1
    listed = transposed_preimages(o, k, s, lo, hi, d)
    scanned = [n for n in range(1, (o + 2) * s + span + 1)
               if n + lo + hi >= span and count_positions(n + lo + hi, span, s) == o]
    checks = [Comparison.exact_equal("listed preimages vs scanning every input size", [n for n, _ in listed], scanned)]
    for n, a in listed:
        size = (o - 1) * s - lo - hi + span + a
        checks.append(Comparison.exact_equal(f"transposed size with output_padding={a} vs preimage", size, n))
    return checks


register(Statement(
    name="shape.transposed_preimages",
    latex=r"\{\, i : \lfloor (i + p_{lo} + p_{hi} - k_{eff})/s \rfloor + 1 = o \,\} = "
          r"\{\, (o-1)s - p_{lo} - p_{hi} + k_{eff} + a : 0 \le a < s \,\}",
    description="Exactly s input sizes (fewer when the smallest is below the kernel span) map to output "
                "size o; output_padding a selects which one the transposed convolution restores.",
    space=preimage_case, prove=prove_preimages, examples=EXAMPLES,
    oracles=("geometry.transposed_preimages", "scan of all input sizes"),
    show=lambda c: "o={}, k={}, s={}, p=({},{}), d={}".format(*c), source="Keras #9883, Lasagne #711"))
