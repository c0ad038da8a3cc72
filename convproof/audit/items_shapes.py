r"""Matrix shape items (``X_{col} \in \mathbb{R}^{(C k^2) \times (H_{out} W_{out})}``) and receptive-field
recursion items (``r_l = r_{l-1} + (k_l - 1)\prod_{i=1}^{l-1} s_i``) of the audit corpus.

The truth is decided by :mod:`.independent_shapes` (sizes on a grid, shapes and receptive fields
counted by loops), independently of :mod:`convproof.check`; a planted error changes one factor.
"""

from __future__ import annotations

from .items import Item

__all__ = ["SHAPE_BUILDERS", "matrix_shape", "receptive_step"]

_IM2COL = [(r"(C k^2)", r"(H_{out} W_{out})"), (r"(C \cdot K_h K_w)", r"(H' W')"),
           (r"C_{in} k_h k_w", r"H_{out} W_{out}"),
           (r"(C k^2)", r"\left(\left\lfloor \frac{H + 2p - k}{s} \right\rfloor + 1\right)^2"),
           (r"k^2", r"(H - k + 1)(W - k + 1)")]
_IM2COL_BAD = [(r"(C k)", None), (None, r"(H W)"), (None, r"\left(\left\lfloor \frac{H + p - k}{s} \right\rfloor + 1\right)^2"),
               (r"C k^3", None), (None, r"(H - k)(W - k + 1)")]
_TOEP = [(r"o", r"n"), (r"o", r"(n + 2p)"), (r"(C_{out} H_{out} W_{out})", r"(C H W)"),
         (r"(\lfloor (n - k)/s \rfloor + 1)", r"n")]
_TOEP_BAD = [(r"n", r"o"), (r"(n - k)", None), (None, r"(C H_{out} W_{out})"), (None, r"(n + p)")]
_STEPS = [r"(k_l - 1)\prod_{i=1}^{l-1} s_i", r"(k_l - 1) \cdot \prod_{i=1}^{l-1} s_i"]
_STEPS_BAD = [r"(k_l - 1)\prod_{i=1}^{l} s_i", r"k_l\prod_{i=1}^{l-1} s_i", r"(k_l - 1)\prod_{i=1}^{l-1} s_i + 1",
              r"(k_l + 1)\prod_{i=1}^{l-1} s_i"]


def matrix_shape(rng, note, error=None, numeric=False) -> Item:
    """One shape claim of an im2col or a Toeplitz matrix (see the module docstring)."""
    from .independent_shapes import judge_shape
    im2col = rng.random() < 0.6
    truth = None
    while truth is None:  # a planted factor that does not fit the other one: draw again
        bases = _IM2COL if im2col else _TOEP
        rows, cols = rng.choice([b for b in bases if error is None or "_h" not in b[0]])  # k, not K_h, K_w
        kind = None
        if error is not None:
            bad_rows, bad_cols = rng.choice(_IM2COL_BAD if im2col else _TOEP_BAD)
            rows, cols, kind = bad_rows or rows, bad_cols or cols, "factor"
        if im2col and error is None and rng.random() < 0.25:
            rows, cols = cols, rows  # one patch per row: the transposed layout
        lhs = rng.choice((r"X_{col}", r"\hat{X}", "U")) if im2col else rng.choice(("T", r"\mathbf{T}"))
        body = f"{lhs} \\in \\mathbb{{R}}^{{{rows} \\times {cols}}}"
        truth = judge_shape(body)
    prose = ("The im2col matrix of the layer (one column per output position) has the shape" if im2col else
             "The convolution matrix (Toeplitz) of the layer has the shape")
    return Item("matrix-shape", body, truth == "true", kind, prose)


def receptive_step(rng, note, error=None, numeric=False) -> Item:
    """One receptive-field recursion with a product of strides (see the module docstring)."""
    from .independent_shapes import judge_receptive_step
    step = rng.choice(_STEPS_BAD if error is not None else _STEPS)
    body = f"r_l = r_{{l-1}} + {step}"
    prose = "The receptive field of layer l grows with the product of the strides below it:"
    return Item("receptive-step", body, judge_receptive_step(body) == "true", "factor" if error else None, prose)


SHAPE_BUILDERS = {"matrix-shape": matrix_shape, "receptive-step": receptive_step}
