"""'same' padding conventions: output sizes, where they agree, and the exact shift where they differ.

Every convention's output samples one signal, the stride-1 'full' correlation ``c`` of the input
with the kernel: ``z^A_t = c_{ts + k_eff - 1 - p^A_lo}``. So two conventions differ exactly by the
shift ``p^B_lo - p^A_lo`` of their sampling grids. The statements find it by running the paddings
through the numeric convolution and comparing with ``c``.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ... import numeric
from ...geometry import same_padding
from ...numeric import reference
from .. import oracles
from ..compare import compare
from ..registry import register
from ..statement import Comparison, NotApplicable, Statement
from .shapes import count_positions

CONVENTIONS = ("torch", "tensorflow", "onnx-same-lower", "scipy")
STRIDE_FREE = ("torch", "scipy")  # conventions that require stride 1


def same_cases(mode: str, strides=(1, 2, 3)) -> st.SearchStrategy:
    """``(i, k, s, d)`` for one dimension."""
    top = 16 if mode == "quick" else 40
    return st.tuples(st.integers(1, top), st.integers(1, 6), st.sampled_from(strides), st.sampled_from((1, 2)))


def _pads(i: int, k: int, s: int, d: int, conv: str) -> tuple[int, int] | None:
    if conv in STRIDE_FREE and s != 1:
        return None
    return same_padding(i, k, s, d, conv)


def prove_output_size(case: tuple) -> list[Comparison]:
    i, k, s, d = case
    span = d * (k - 1) + 1
    checks = []
    for conv in CONVENTIONS:
        pads = _pads(i, k, s, d, conv)
        if pads is None:
            continue
        want = i if conv in STRIDE_FREE else -(-i // s)
        got = count_positions(i + sum(pads), span, s)
        checks.append(Comparison.exact_equal(f"{conv}: counted positions vs {'i' if conv in STRIDE_FREE else 'ceil(i/s)'}",
                                        got, want))
    return checks


register(Statement(
    name="same.output_size",
    latex=r"o_{same} = \lceil i/s \rceil\ (\text{TF, ONNX, JAX}),\qquad o_{same} = i\ (\text{PyTorch, SciPy}; s = 1)",
    description="Every 'same' convention produces ceil(i/s) outputs (i for the stride-1-only conventions of "
                "PyTorch and SciPy), counted window by window on the padded input.",
    space=same_cases, prove=prove_output_size, examples={"quick": 60, "thorough": 1000},
    oracles=("geometry same_padding", "counting positions"), show=lambda c: "i={}, k={}, s={}, d={}".format(*c),
    source="RESEARCH 4.2; PyTorch/TF/ONNX/JAX/SciPy docs"))


def _conv1d(y: np.ndarray, f: np.ndarray, s: int, d: int, pads) -> np.ndarray:
    return np.asarray(numeric.conv(y, f, stride=s, padding=[tuple(pads)], dilation=d))


def _full(y: np.ndarray, f: np.ndarray, d: int) -> np.ndarray:
    span = d * (f.shape[-1] - 1) + 1
    return np.asarray(reference.conv(y, f, padding=span - 1, dilation=d))


def sampled(c: np.ndarray, start: int, s: int, n: int) -> np.ndarray:
    """``c[start + t*s]`` for ``t < n``."""
    return c[..., start: start + s * (n - 1) + 1: s]


def shift_cases(mode: str) -> st.SearchStrategy:
    """``(i, k, s, d, (A, B))``: a dimension and two conventions."""
    pair = st.tuples(st.sampled_from(CONVENTIONS), st.sampled_from(CONVENTIONS))
    return st.tuples(same_cases(mode), pair).map(lambda t: (*t[0], t[1]))


def crosscheck_shift(case: tuple, inputs) -> list[Comparison]:
    (i, k, s, d), (a, b) = case[:4], case[4]
    pa, pb = _pads(i, k, s, d, a), _pads(i, k, s, d, b)
    if pa is None or pb is None:
        raise NotApplicable
    y, f = inputs.ints("y", (1, 1, i)), inputs.ints("f", (1, 1, k))
    span, c = d * (k - 1) + 1, _full(y, f, d)
    za, zb = _conv1d(y, f, s, d, pa), _conv1d(y, f, s, d, pb)
    checks = [compare(f"{a} output vs full correlation sampled from k_eff-1-p_lo={span - 1 - pa[0]}", za,
                      sampled(c, span - 1 - pa[0], s, za.shape[-1])),
              compare(f"{b} output vs full correlation sampled from k_eff-1-p_lo={span - 1 - pb[0]}", zb,
                      sampled(c, span - 1 - pb[0], s, zb.shape[-1]))]
    if s == 1 and za.shape == zb.shape:  # stride 1: z^A_t = z^B_{t + p^B_lo - p^A_lo} where both exist
        delta = pb[0] - pa[0]
        lo, hi = max(0, -delta), min(i, i - delta)
        if lo < hi:
            checks.append(compare(f"{a} vs {b} shifted by p^B_lo - p^A_lo = {delta}", za[..., lo:hi],
                                  zb[..., lo + delta:hi + delta]))
    return checks


register(Statement(
    name="same.shift",
    latex=r"z^{A}_{t} = c_{ts + k_{eff} - 1 - p^{A}_{lo}},\quad c = y \star_{full} f"
          r"\ \Rightarrow\ z^{A}_{t} = z^{B}_{t + p^{B}_{lo} - p^{A}_{lo}}\ (s = 1)",
    description="Two 'same' conventions sample the same full correlation on grids shifted by p^B_lo - p^A_lo: "
                "they agree for odd k_eff and stride 1, and for even k_eff SciPy/SAME_LOWER are one sample "
                "ahead of PyTorch/TF/SAME_UPPER (the shift is found by running both paddings through the "
                "numeric convolution).",
    space=lambda mode: shift_cases(mode),
    crosscheck=crosscheck_shift, examples={"quick": 30, "thorough": 500},
    oracles=("fast conv with each convention's pads", "reference full correlation"),
    show=lambda c: "i={}, k={}, s={}, d={}, conventions {} vs {}".format(*c[:4], *c[4]), source="RESEARCH 4.2"))


def crosscheck_tf_torch(case: tuple, inputs) -> list[Comparison]:
    i, k, s, d = case
    tf = same_padding(i, k, s, d, "tensorflow")
    y, f = inputs.ints("y", (1, 1, i)), inputs.ints("f", (1, 1, k))
    z_tf = _conv1d(y, f, s, d, tf)
    checks = [Comparison.exact_equal("TF output size vs ceil(i/s)", z_tf.shape[-1], -(-i // s))]
    torch = oracles.torch()
    if torch is None:
        return checks + [Comparison.refusal("torch padding='same'", "torch is not installed")]
    t = lambda a: torch.as_tensor(a, dtype=torch.float64)  # noqa: E731
    if s != 1:
        try:
            torch.nn.functional.conv1d(t(y), t(f), stride=s, padding="same", dilation=d)
        except (RuntimeError, ValueError) as exc:
            checks.append(Comparison.refusal("torch padding='same'", f"PyTorch refuses padding='same' with stride > 1 "
                                        f"({str(exc).splitlines()[0][:80]})"))
        else:
            checks.append(Comparison("torch padding='same' with stride > 1 refused", False, detail="torch accepted it"))
        idiom = ((d * (k - 1)) // 2,) * 2  # the usual PyTorch replacement: symmetric k_eff//2
        if idiom[0] * 2 + i >= d * (k - 1) + 1:
            z_id = _conv1d(y, f, s, d, idiom)
            c, span = _full(y, f, d), d * (k - 1) + 1
            checks.append(compare(f"torch idiom padding={idiom[0]} samples c from k_eff-1-p={span - 1 - idiom[0]}"
                                  f" (TF from {span - 1 - tf[0]}: shift {idiom[0] - tf[0]})", z_id,
                                  sampled(c, span - 1 - idiom[0], s, z_id.shape[-1])))
        return checks
    z_t = oracles.exact_ints(torch.nn.functional.conv1d(t(y), t(f), padding="same", dilation=d).numpy())
    return checks + [Comparison.exact_equal("TF SAME pads vs torch 'same' pads", tf, same_padding(i, k, 1, d, "torch")),
                     compare("numeric conv with TF SAME pads vs torch padding='same'", z_tf, z_t)]


register(Statement(
    name="same.tf_vs_torch",
    latex=r"s = 1:\ p^{TF} = p^{torch} = \big(\lfloor \tfrac{d(k-1)}{2} \rfloor, \lceil \tfrac{d(k-1)}{2} \rceil\big);"
          r"\quad s > 1:\ \text{torch refuses, the symmetric idiom is shifted by } p - p^{TF}_{lo}",
    description="For stride 1, TensorFlow SAME and PyTorch padding='same' pad identically (extra element at the "
                "end) for every kernel, even ones included, so outputs are equal. For stride > 1 PyTorch refuses "
                "'same'; the common replacement padding=k_eff//2 samples the full correlation on a grid shifted "
                "by p - p^TF_lo against TF.",
    space=same_cases, crosscheck=crosscheck_tf_torch, examples={"quick": 30, "thorough": 500},
    oracles=("fast conv with TF pads", "torch conv1d padding='same'", "reference full correlation"),
    show=lambda c: "i={}, k={}, s={}, d={}".format(*c), source="RESEARCH 4.2; tensornets #25, keras #16363"))
