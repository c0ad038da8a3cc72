"""Hypothesis strategies for valid convolution specs and their arrays, and the call arguments of each op.

Used by the statements (:mod:`convproof.verify.statements`) and re-exported by the public
:mod:`convproof.testing` (which adds :func:`~convproof.testing.check_implementation`).

Padding kinds for :func:`conv_specs` (``padding=``): ``"zero"``, ``"symmetric"`` (one int per
side, per dimension), ``"asymmetric"`` ((lo, hi) pairs), ``"same"`` (under ``same_conventions``),
``"valid"`` and ``"full"``.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ..errors import fail
from ..geometry import ConvSpec

__all__ = ["conv_specs", "conv_arrays", "call_arguments", "padding_argument", "OPS", "PADDING_KINDS",
           "BIAS_MODES"]

PADDING_KINDS = ("zero", "symmetric", "asymmetric", "same", "valid", "full")
OPS = ("conv", "conv_transpose", "conv_grad_input", "conv_grad_weight")
BIAS_MODES = ("optional", "required", "absent")


def _choices(name: str, value: int | Iterable[int], low: int = 1) -> tuple[int, ...]:
    """An int means ``low..value``; a sequence lists the allowed values."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        if value < low:
            raise fail(name, value, f"must be >= {low}")
        return tuple(range(low, int(value) + 1))
    out = tuple(int(v) for v in value)
    if not out or min(out) < low:
        raise fail(name, value, f"must be a non-empty list of ints >= {low}")
    return out


def _pads(draw: Callable, kind: str, span: int, max_padding: int) -> tuple[int, int]:
    if kind in ("zero", "valid", "same"):
        return (0, 0)
    if kind == "full":
        return (span - 1, span - 1)
    lo = draw(st.integers(0, max_padding))
    return (lo, lo) if kind == "symmetric" else (lo, draw(st.integers(0, max_padding)))


def _min_input(span: int, lo: int, hi: int, mode: str) -> int:
    low = max(1, span - lo - hi)
    if mode == "reflect":
        low = max(low, max(lo, hi) + 1)
    elif mode == "circular":
        low = max(low, lo, hi)
    return low


def conv_specs(dims: int | Iterable[int] = (1, 2), max_size: int = 7, max_kernel: int = 3,
               strides: int | Iterable[int] = (1, 2), dilations: int | Iterable[int] = (1, 2),
               groups: int | Iterable[int] = (1, 2), max_channels: int = 2,
               padding: Sequence[str] = ("zero", "symmetric", "asymmetric", "same", "valid"),
               padding_modes: Sequence[str] = ("zeros",), same_conventions: Sequence[str] = ("torch",),
               max_padding: int = 2, output_padding: bool = False, isotropic: bool = False,
               odd_kernels: bool = False) -> st.SearchStrategy[ConvSpec]:
    """Strategy drawing only valid :class:`~convproof.ConvSpec` objects.

    Parameters
    ----------
    dims : int or iterable of int
        Spatial dimensions allowed (``(1, 2)``: 1D and 2D).
    max_size, max_kernel, max_padding : int
        Upper bounds for the input size (raised where a kernel needs more), kernel size, padding.
    strides, dilations, groups : int or iterable of int
        An int ``n`` allows ``1..n``; a sequence lists the allowed values.
    max_channels : int
        Channels per group (in and out are drawn independently, multiplied by ``groups``).
    padding : sequence of str
        Padding kinds, see the module docstring.
    padding_modes : sequence of str
        ``zeros``, ``constant``, ``reflect``, ``replicate``, ``circular``.
    same_conventions : sequence of str
        Conventions used when ``"same"`` is drawn (torch and scipy force stride 1).
    output_padding : bool
        Also draw an ``output_padding`` (``0 <= a < max(stride, dilation)``).
    isotropic : bool
        One value for all spatial dimensions: square kernels, one stride, dilation, padding,
        output padding and input size (as code taking ``stride: int`` expects).
    odd_kernels : bool
        Odd kernel sizes only.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(conv_specs(dims=2, padding=("same",)))
    ... def t(spec):
    ...     assert spec.output_size == spec.input_size
    >>> t()
    """
    dims = _choices("dims", (dims,) if isinstance(dims, int) else dims)
    kinds = tuple(padding)
    for kind in kinds:
        if kind not in PADDING_KINDS:
            raise fail("padding", kind, f"padding kinds are {list(PADDING_KINDS)}")
    for mode in padding_modes:
        ConvSpec(input_size=3, kernel_size=1, padding_mode=mode)  # raises for an unknown mode
    for convention in same_conventions:
        ConvSpec(input_size=3, kernel_size=1, padding="same", same_convention=convention)
    # validate eagerly (above), draw lazily
    return _draw_spec(dims, max_size, max_kernel, strides, dilations, groups, max_channels, kinds,
                      tuple(padding_modes), tuple(same_conventions), max_padding, output_padding,
                      bool(isotropic), bool(odd_kernels))


@st.composite
def _draw_spec(draw: Callable, dims, max_size, max_kernel, strides, dilations, groups, max_channels, kinds,
               padding_modes, same_conventions, max_padding, output_padding, isotropic, odd) -> ConvSpec:
    ndim = draw(st.sampled_from(dims))
    g = draw(st.sampled_from(_choices("groups", groups)))
    cin = g * draw(st.integers(1, max_channels))
    cout = g * draw(st.integers(1, max_channels))
    mode = draw(st.sampled_from(tuple(padding_modes)))
    kind = draw(st.sampled_from(kinds))
    convention = draw(st.sampled_from(tuple(same_conventions))) if kind == "same" else "torch"
    stride_choices = (1,) if kind == "same" and convention in ("torch", "scipy") else _choices("strides", strides)
    dil_choices = _choices("dilations", dilations)
    ks, ss, ds, pads, sizes, ops = [], [], [], [], [], []
    for axis in range(ndim):
        if isotropic and axis:  # one value for every dimension
            ks.append(ks[0]), ss.append(ss[0]), ds.append(ds[0]), pads.append(pads[0]), sizes.append(sizes[0])
            ops.append(ops[0])
            continue
        k = 2 * draw(st.integers(0, (max_kernel - 1) // 2)) + 1 if odd else draw(st.integers(1, max_kernel))
        s, d = draw(st.sampled_from(stride_choices)), draw(st.sampled_from(dil_choices))
        span = d * (k - 1) + 1
        lo, hi = _pads(draw, kind, span, max_padding)
        low = _min_input(span, lo, hi, mode) if kind != "same" else _same_min_input(span, mode)
        sizes.append(draw(st.integers(low, max(low, max_size))))
        ks.append(k), ss.append(s), ds.append(d), pads.append((lo, hi))
        ops.append(draw(st.integers(0, max(s, d) - 1)) if output_padding else 0)
    pad_arg: Any = "same" if kind == "same" else "valid" if kind == "valid" else pads
    value = draw(st.integers(-2, 2)) if mode == "constant" else 0
    return ConvSpec(input_size=tuple(sizes), kernel_size=tuple(ks), stride=tuple(ss), padding=pad_arg,
                    dilation=tuple(ds), in_channels=cin, out_channels=cout, groups=g, padding_mode=mode,
                    output_padding=tuple(ops), same_convention=convention, padding_value=value)


def _same_min_input(span: int, mode: str) -> int:
    """Smallest input for which 'same' padding (at most ``span - 1`` per dim) suits ``mode``."""
    half = span // 2  # the larger side of span-1 split in two
    return half + 1 if mode == "reflect" else max(1, half)


def _array(shape: tuple[int, ...], dtype: Any, elements: st.SearchStrategy) -> st.SearchStrategy:
    return hnp.arrays(dtype, shape, elements=elements, fill=st.nothing())


def conv_arrays(spec: ConvSpec, op: str = "conv", batch: int | Iterable[int] = (1, 2),
                elements: st.SearchStrategy | None = None, dtype: Any = np.int64,
                bias: bool | str = True) -> st.SearchStrategy:
    """Strategy for the array arguments of ``op`` on ``spec`` (small integers by default).

    Returns dicts with keys ``input``/``weight``/``bias`` (``conv``, ``conv_transpose``),
    ``weight``/``grad_output`` (``conv_grad_input``) or ``input``/``grad_output``
    (``conv_grad_weight``). For ``conv_transpose`` ``input`` is the forward output ``z``
    (``spec.output_shape``) and ``weight`` has the transposed layout ``(C_in, C_out/g, *k)``
    of the transposed layer, which is the forward ``weight_shape``. ``bias``: ``True`` or
    ``"required"`` (always drawn), ``False`` or ``"absent"`` (never), ``"optional"`` (drawn or
    ``None``).

    >>> from hypothesis import Phase, find, settings
    >>> spec = ConvSpec(input_size=(3, 3), kernel_size=(2, 2))
    >>> ex = find(conv_arrays(spec), lambda a: True, settings=settings(phases=[Phase.generate], database=None))
    >>> ex["input"].shape, ex["weight"].shape, ex["bias"].shape
    ((1, 1, 3, 3), (1, 1, 2, 2), (1,))
    """
    if op not in OPS:
        raise fail("op", op, f"must be one of {list(OPS)}")
    elements = elements if elements is not None else st.integers(-4, 4)
    batches = _choices("batch", (batch,) if isinstance(batch, int) else batch)
    bias_mode = {True: "required", False: "absent"}.get(bias, bias) if isinstance(bias, bool) else bias
    if bias_mode not in BIAS_MODES:
        raise fail("bias", bias, f"must be a bool or one of {list(BIAS_MODES)}")
    with_bias = st.booleans() if bias_mode == "optional" else st.just(bias_mode == "required")

    def build(n: int, bias: bool) -> st.SearchStrategy:
        x, gy = _array(spec.input_shape(n), dtype, elements), _array(spec.output_shape(n), dtype, elements)
        w = _array(spec.weight_shape, dtype, elements)
        if op == "conv":
            parts = {"input": x, "weight": w}
            if bias:
                parts["bias"] = _array((spec.out_channels,), dtype, elements)
        elif op == "conv_transpose":
            parts = {"input": gy, "weight": w}
            if bias:
                parts["bias"] = _array((spec.in_channels,), dtype, elements)
        elif op == "conv_grad_input":
            parts = {"weight": w, "grad_output": gy}
        else:
            parts = {"input": x, "grad_output": gy}
        return st.fixed_dictionaries(parts)

    return st.tuples(st.sampled_from(batches), with_bias).flatmap(lambda nb: build(*nb))


def padding_argument(spec: ConvSpec, forms: Sequence[str] = ("int", "tuple", "pairs", "same", "valid")) -> Any:
    """The padding as a torch-style caller would write it, in the first form of ``forms`` that fits.

    Forms: ``"same"``/``"valid"`` (the string, for a spec requesting it; torch's 'same'),
    ``"int"`` (one int for all dimensions), ``"tuple"`` (one int per dimension), ``"pairs"``
    (``(lo, hi)`` per dimension). Returns ``None`` when no accepted form can write it.

    >>> spec = ConvSpec(input_size=(4, 4), kernel_size=(3, 3), padding="same")
    >>> padding_argument(spec), padding_argument(spec, ("int",)), padding_argument(spec, ("tuple",))
    ('same', 1, (1, 1))
    """
    req = spec.padding_request
    if isinstance(req, str) and req.lower() in forms and (req.lower() == "valid" or (
            req.lower() == "same" and spec.same_convention == "torch")):
        return req.lower()
    sym = spec.symmetric_padding
    if sym is not None and len(set(sym)) == 1 and "int" in forms:
        return sym[0]
    if sym is not None and "tuple" in forms:
        return sym
    return spec.padding if "pairs" in forms else None


def call_arguments(spec: ConvSpec, op: str, arrays: dict,
                   forms: Sequence[str] = ("int", "tuple", "pairs", "same", "valid")) -> tuple[tuple, dict]:
    """``(args, kwargs)`` for ``op`` in :mod:`convproof.numeric`'s signature.

    ``forms``: the padding forms the callee accepts (see :func:`padding_argument`).

    >>> spec = ConvSpec(input_size=5, kernel_size=3, stride=2, padding=1)
    >>> g = np.zeros((2, 1, 3), dtype=int)
    >>> args, kw = call_arguments(spec, "conv_grad_input", {"weight": "W", "grad_output": g})
    >>> args[:2], kw["stride"], kw["padding"]
    (((2, 1, 5), 'W'), (2,), 1)
    """
    common: dict[str, Any] = dict(stride=spec.stride, padding=padding_argument(spec, forms),
                                  dilation=spec.dilation, groups=spec.groups)
    if spec.padding_mode != "zeros":
        common["padding_mode"] = spec.padding_mode
    if op == "conv":
        if spec.padding_mode == "constant":
            common["padding_value"] = spec.padding_value
        return (arrays["input"], arrays["weight"], arrays.get("bias")), common
    if op == "conv_transpose":
        pad = common["padding"]
        if pad == "valid":  # a transposed layer takes explicit crop sizes
            pad = padding_argument(spec, tuple(f for f in forms if f not in ("same", "valid")))
        kw = dict(stride=spec.stride, padding=pad, output_padding=spec.output_padding, groups=spec.groups, dilation=spec.dilation)
        return (arrays["input"], arrays["weight"], arrays.get("bias")), kw
    if op == "conv_grad_input":
        n = np.shape(arrays["grad_output"])[0]
        return (spec.input_shape(n), arrays["weight"], arrays["grad_output"]), common
    if spec.padding_mode == "constant":  # the constant border is part of what the weight sees
        common["padding_value"] = spec.padding_value
    return (arrays["input"], spec.weight_shape, arrays["grad_output"]), common
