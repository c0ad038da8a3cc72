"""Check your own convolution code: Hypothesis strategies and :func:`check_implementation`.

>>> from convproof.testing import check_implementation
>>> from convproof.numeric import conv
>>> check_implementation(conv, op="conv", dims=(1, 2), max_examples=20)

``check_implementation`` draws valid specs and integer arrays, calls your function with the
arguments of the matching :mod:`convproof.numeric` function (torch.nn.functional /
torch.nn.grad order and layouts), and compares with the exact direct-loop reference
(:mod:`convproof.numeric.reference`). On a disagreement it raises ``AssertionError`` naming the
smallest failing spec (after Hypothesis shrinking), the inputs, and the first differing entry.
Integer inputs make the comparison exact: a float implementation must reproduce the integer
result exactly (it does, as all partial sums are small integers).

Padding kinds for :func:`conv_specs` (``padding=``): ``"zero"``, ``"symmetric"`` (one int per
side, per dimension), ``"asymmetric"`` ((lo, hi) pairs), ``"same"`` (under ``same_conventions``),
``"valid"`` and ``"full"``.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Iterable, Sequence

import numpy as np
from hypothesis import HealthCheck, Phase, Verbosity, given, reject, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from hypothesis.reporting import with_reporter

from .errors import fail
from .geometry import ConvSpec

__all__ = ["conv_specs", "conv_arrays", "check_implementation", "call_arguments", "OPS", "PADDING_KINDS"]

PADDING_KINDS = ("zero", "symmetric", "asymmetric", "same", "valid", "full")
OPS = ("conv", "conv_transpose", "conv_grad_input", "conv_grad_weight")
SHRINK_SECONDS = 5.0  # time spent shrinking a disagreement before reporting the smallest one found


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
               max_padding: int = 2, output_padding: bool = False) -> st.SearchStrategy[ConvSpec]:
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
                      tuple(padding_modes), tuple(same_conventions), max_padding, output_padding)


@st.composite
def _draw_spec(draw: Callable, dims, max_size, max_kernel, strides, dilations, groups, max_channels, kinds,
               padding_modes, same_conventions, max_padding, output_padding) -> ConvSpec:
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
    for _ in range(ndim):
        k = draw(st.integers(1, max_kernel))
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
                bias: bool = True) -> st.SearchStrategy:
    """Strategy for the array arguments of ``op`` on ``spec`` (small integers by default).

    Returns dicts with keys ``input``/``weight``/``bias`` (``conv``, ``conv_transpose``),
    ``weight``/``grad_output`` (``conv_grad_input``) or ``input``/``grad_output``
    (``conv_grad_weight``). For ``conv_transpose`` ``input`` is the forward output ``z``
    (``spec.output_shape``) and ``weight`` has the transposed layout ``(C_in, C_out/g, *k)``
    of the transposed layer, which is the forward ``weight_shape``.

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

    def build(n: int) -> st.SearchStrategy:
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

    return st.sampled_from(batches).flatmap(build)


def _padding_argument(spec: ConvSpec) -> Any:
    """The padding as a torch-style caller would write it ("same"/"valid", ints, or pairs)."""
    req = spec.padding_request
    if isinstance(req, str) and (req.lower() == "valid" or (req.lower() == "same" and
                                                           spec.same_convention == "torch")):
        return req.lower()
    sym = spec.symmetric_padding
    if sym is None:
        return spec.padding
    return sym[0] if len(set(sym)) == 1 else sym


def call_arguments(spec: ConvSpec, op: str, arrays: dict) -> tuple[tuple, dict]:
    """``(args, kwargs)`` for ``op`` in :mod:`convproof.numeric`'s signature.

    >>> spec = ConvSpec(input_size=5, kernel_size=3, stride=2, padding=1)
    >>> g = np.zeros((2, 1, 3), dtype=int)
    >>> args, kw = call_arguments(spec, "conv_grad_input", {"weight": "W", "grad_output": g})
    >>> args[:2], kw["stride"], kw["padding"]
    (((2, 1, 5), 'W'), (2,), 1)
    """
    common: dict[str, Any] = dict(stride=spec.stride, padding=_padding_argument(spec),
                                  dilation=spec.dilation, groups=spec.groups)
    if spec.padding_mode != "zeros":
        common["padding_mode"] = spec.padding_mode
    if op == "conv":
        if spec.padding_mode == "constant":
            common["padding_value"] = spec.padding_value
        return (arrays["input"], arrays["weight"], arrays.get("bias")), common
    if op == "conv_transpose":
        pad = common["padding"]
        kw = dict(stride=spec.stride, padding=0 if pad == "valid" else pad,
                  output_padding=spec.output_padding, groups=spec.groups, dilation=spec.dilation)
        return (arrays["input"], arrays["weight"], arrays.get("bias")), kw
    if op == "conv_grad_input":
        n = np.shape(arrays["grad_output"])[0]
        return (spec.input_shape(n), arrays["weight"], arrays["grad_output"]), common
    if spec.padding_mode == "constant":  # the constant border is part of what the weight sees
        common["padding_value"] = spec.padding_value
    return (arrays["input"], spec.weight_shape, arrays["grad_output"]), common


_OUTPUT_SYMBOL = {"conv": "z", "conv_transpose": "y", "conv_grad_input": "y", "conv_grad_weight": "f"}


class _Mismatch(Exception):
    pass


def _show_call(op: str, args: tuple, kwargs: dict) -> str:
    names = {"conv": ("input", "weight", "bias"), "conv_transpose": ("input", "weight", "bias"),
             "conv_grad_input": ("input_shape", "weight", "grad_output"),
             "conv_grad_weight": ("input", "weight_shape", "grad_output")}[op]
    shown = [repr(a) if isinstance(a, tuple) else n for n, a in zip(names, args) if a is not None]
    shown += [f"{k}={v!r}" for k, v in kwargs.items()]
    return f"fn({', '.join(shown)})"


def _difference(op: str, expected: np.ndarray, actual: Any, exact: bool, magnitude: Any, n_terms: int) -> str:
    from .verify.compare import compare

    got = np.asarray(actual)
    if got.shape != expected.shape:
        return f"output shape {got.shape}, expected {expected.shape}"
    if exact and got.dtype.kind == "f":
        expected = expected.astype(np.float64)
    check = compare("expected vs actual", expected, got, symbol=_OUTPUT_SYMBOL[op],
                    weight=op == "conv_grad_weight", n_terms=n_terms, magnitude=magnitude)
    if check.ok:
        return ""
    return f"first differing entry {check.detail}" + ("" if check.exact else f" [tolerance: {check.tolerance_rule}]")


def _abs_arrays(arrays: dict) -> dict:
    return {k: np.abs(v) if isinstance(v, np.ndarray) else v for k, v in arrays.items()}


def check_implementation(fn: Callable, op: str = "conv", dims: int | Iterable[int] = (1, 2),
                         max_examples: int = 100, batch: int | Iterable[int] = (1, 2),
                         elements: st.SearchStrategy | None = None, dtype: Any = np.int64,
                         **spec_space: Any) -> None:
    """Assert that ``fn`` computes ``op`` exactly like :mod:`convproof.numeric.reference`.

    Parameters
    ----------
    fn : callable
        Called like the :mod:`convproof.numeric` function of the same ``op`` (arrays in,
        array out; padding is passed as ``"same"``/``"valid"``, an int, per-dimension ints, or
        ``(lo, hi)`` pairs when asymmetric; stride/dilation as per-dimension tuples).
    op : {"conv", "conv_transpose", "conv_grad_input", "conv_grad_weight"}
    dims : int or iterable of int
        Spatial dimensions to test.
    max_examples : int
        Hypothesis examples in all, split evenly over the padding kinds (at least 10 each);
        derandomized, so runs are reproducible.
    batch, elements, dtype
        Passed to :func:`conv_arrays` (small integers by default: the comparison is exact).
    **spec_space
        Passed to :func:`conv_specs` (``strides``, ``dilations``, ``groups``, ``padding``,
        ``padding_modes``, ``max_size``, ...). For ``conv_transpose`` the defaults exclude
        'same' and non-zero padding modes and draw ``output_padding``.

    Raises
    ------
    AssertionError
        On the smallest disagreement found: spec, call, inputs, first differing entry.

    Examples
    --------
    >>> from convproof.numeric import reference
    >>> check_implementation(reference.conv, max_examples=5)
    >>> def no_stride(input, weight, bias=None, stride=1, **kw):
    ...     return reference.conv(input, weight, bias, **kw)
    >>> check_implementation(no_stride, max_examples=50)
    Traceback (most recent call last):
    ...
    AssertionError: check_implementation(op='conv'): no_stride disagrees with the exact reference...
    """
    if op not in OPS:
        raise fail("op", op, f"must be one of {list(OPS)}")
    space = _default_space(op, spec_space)
    kinds = tuple(space.pop("padding"))
    per_kind = max(10, max_examples // len(kinds))  # one search per padding kind: each gets its share
    for kind in kinds:
        _search(fn, op, conv_specs(dims=dims, padding=(kind,), **space), per_kind,
                dict(batch=batch, elements=elements, dtype=dtype))


def _search(fn: Callable, op: str, specs: st.SearchStrategy, max_examples: int, array_space: dict) -> None:
    from .numeric import reference

    ref_fn = getattr(reference, op)
    cases = specs.flatmap(lambda s: st.tuples(st.just(s), conv_arrays(s, op, **array_space)))
    exact = np.dtype(array_space["dtype"]).kind in "iub"
    label = getattr(fn, "__name__", repr(fn))

    @settings(max_examples=max_examples, derandomize=True, database=None, deadline=None, print_blob=False,
              suppress_health_check=list(HealthCheck), report_multiple_bugs=False, verbosity=Verbosity.quiet,
              phases=(Phase.explicit, Phase.generate, Phase.shrink))
    @given(case=cases)
    def body(case: tuple) -> None:
        spec, arrays = case
        if state["until"] is not None and time.perf_counter() > state["until"] and repr(spec) not in state["seen"]:
            reject()  # shrinking budget spent: keep the smallest disagreement found so far
        args, kwargs = call_arguments(spec, op, arrays)
        try:
            expected = np.asarray(ref_fn(*args, **kwargs))
        except ValueError:  # e.g. a transposed output cropped to nothing: not a valid case
            reject()
        try:
            actual = fn(*args, **kwargs)
            why = _difference(op, expected, actual, exact, _magnitude(ref_fn, args, kwargs, exact),
                              _n_terms(arrays))
        except Exception as exc:  # the implementation crashing on a valid case is a failure too
            why = f"fn raised {type(exc).__name__}: {exc}"
        if why:
            state["last"] = _message(op, label, spec, args, kwargs, arrays, why)
            state["seen"].add(repr(spec))
            if state["until"] is None:
                state["until"] = time.perf_counter() + SHRINK_SECONDS
            raise _Mismatch(state["last"])

    state: dict[str, Any] = {"until": None, "seen": set(), "last": None}
    try:
        with with_reporter(lambda *_: None):
            body()
    except _Mismatch as exc:
        raise AssertionError(str(exc)) from None
    except Exception:  # Hypothesis objecting to the cut-short shrink: report the smallest seen
        if state["last"] is None:
            raise
        raise AssertionError(state["last"]) from None


def _default_space(op: str, given_space: dict) -> dict:
    space = dict(given_space)
    if op == "conv_transpose":  # a transposed layer takes explicit crop sizes and zero padding only
        space.setdefault("padding", ("zero", "symmetric", "asymmetric", "valid"))
        space.setdefault("output_padding", True)
    space.setdefault("padding", ("zero", "symmetric", "asymmetric", "same", "valid"))
    return space


def _magnitude(ref_fn: Callable, args: tuple, kwargs: dict, exact: bool) -> Any:
    if exact:
        return None
    return ref_fn(*[np.abs(a) if isinstance(a, np.ndarray) else a for a in args], **kwargs)


def _n_terms(arrays: dict) -> int:
    return max(int(np.size(v)) for v in arrays.values())


def _message(op: str, label: str, spec: ConvSpec, args: tuple, kwargs: dict, arrays: dict, why: str) -> str:
    from .verify.notation import show_array

    lines = [f"check_implementation(op={op!r}): {label} disagrees with the exact reference "
             f"(convproof.numeric.reference.{op})",
             f"smallest failing spec: {spec.describe()}", f"  {spec!r}"]
    if op == "conv_transpose":
        lines.append(f"  (the transposed convolution of this spec: size {spec.output_size} -> "
                     f"{spec.transposed_output_size}, output_padding {spec.output_padding})")
    lines.append(f"call: {_show_call(op, args, kwargs)}")
    lines += [f"  {name} = {show_array(value)}" for name, value in arrays.items()]
    lines.append(why)
    return "\n".join(lines)
