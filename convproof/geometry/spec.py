"""``ConvSpec``: one immutable description of an N-d convolution.

A spec always describes the *forward* convolution ``y -> z`` (input of size
``input_size``, output of size ``output_size``). The transposed convolution of a
spec maps ``output_size`` back to ``transposed_output_size``; build a spec from the
transposed layer's point of view with :meth:`ConvSpec.from_transposed`.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass, field
from typing import Any, Sequence, Union

from ..errors import fail
from . import same as _same
from .sizes import conv_output_size, conv_transpose_output_size, kernel_span

__all__ = ["ConvSpec", "PADDING_MODES", "resolve_padding", "normalize_tuple", "as_int", "check_spec", "choice"]

PADDING_MODES = ("zeros", "constant", "reflect", "replicate", "circular")
_MODE_ALIASES = {"zero": "zeros", "mirror": "reflect", "cyclic": "circular", "wrap": "circular",
                 "edge": "replicate"}

IntOrTuple = Union[int, Sequence[int]]


def as_int(name: str, value: Any) -> int:
    """``value`` as an int (``operator.index``), or a :class:`ConvProofError` naming ``name``."""
    if isinstance(value, bool):
        raise fail(name, value, "must be an integer, not a bool")
    try:
        return operator.index(value)
    except TypeError:
        raise fail(name, value, "must be an integer") from None


def normalize_tuple(name: str, value: IntOrTuple, ndim: int, minimum: int) -> tuple[int, ...]:
    """An int or a length-``ndim`` sequence of ints, each ``>= minimum``, as a tuple."""
    if isinstance(value, (list, tuple)):
        if len(value) != ndim:
            raise fail(name, value, f"must have one entry per spatial dimension ({ndim}), got {len(value)}")
        out = tuple(as_int(name, v) for v in value)
    else:
        out = (as_int(name, value),) * ndim
    for v in out:
        if v < minimum:
            raise fail(name, value, f"every entry must be >= {minimum}")
    return out


_NDIM_NAMES = ("input_size", "kernel_size", "stride", "dilation", "output_padding")


def _infer_ndim(*values: Any) -> int:
    """Number of spatial dims from the first tuple among ``values`` (input size first); ints mean 1D."""
    for name, v in zip(_NDIM_NAMES, values):
        if isinstance(v, (list, tuple)):
            if not v:
                raise fail(name, v, "must have at least one spatial dimension (an int or a non-empty tuple)")
            return len(v)
    return 1


def resolve_padding(padding: Any, input_size: Sequence[int], kernel_size: Sequence[int],
                    stride: Sequence[int], dilation: Sequence[int],
                    same_convention: str = "torch") -> tuple[tuple[int, int], ...]:
    """Per-side padding pairs ``((lo, hi), ...)`` for any accepted ``padding`` form.

    Accepted: an int; one int per dimension; one ``(lo, hi)`` pair per dimension;
    ``"valid"``, ``"same"`` (under ``same_convention``), ``"full"`` (``k_eff - 1`` per side), and
    ONNX's ``"SAME_UPPER"``/``"SAME_LOWER"`` (their own conventions); case does not matter.

    >>> resolve_padding("same", (5,), (4,), (1,), (1,))
    ((1, 2),)
    >>> resolve_padding([(0, 1), 2], (5, 5), (3, 3), (1, 1), (1, 1))
    ((0, 1), (2, 2))
    """
    ndim = len(input_size)
    if isinstance(padding, str):
        key = padding.lower()
        if key == "valid":
            return ((0, 0),) * ndim
        if key == "full":
            return tuple((kernel_span(k, d) - 1,) * 2 for k, d in zip(kernel_size, dilation))
        if key in ("same", "same_upper", "same_lower"):  # ONNX's spellings name their convention
            convention = {"same_upper": "tensorflow", "same_lower": "onnx-same-lower"}.get(key, same_convention)
            return tuple(_same.same_padding(i, k, s, d, convention)
                         for i, k, s, d in zip(input_size, kernel_size, stride, dilation))
        raise fail("padding", padding, "string padding must be 'valid', 'same' or 'full' (or ONNX's "
                   "'SAME_UPPER' / 'SAME_LOWER'; any case)")
    if not isinstance(padding, (list, tuple)):
        p = as_int("padding", padding)
        pairs: list[Any] = [(p, p)] * ndim
    else:
        if len(padding) != ndim:
            raise fail("padding", padding, f"must have one entry per spatial dimension ({ndim}), "
                       f"got {len(padding)}")
        pairs = []
        for entry in padding:
            if isinstance(entry, (list, tuple)):
                if len(entry) != 2:
                    raise fail("padding", padding, "a per-side entry must be a (lo, hi) pair")
                pairs.append((as_int("padding", entry[0]), as_int("padding", entry[1])))
            else:
                p = as_int("padding", entry)
                pairs.append((p, p))
    for lo, hi in pairs:
        if lo < 0 or hi < 0:
            raise fail("padding", padding, "every entry must be >= 0")
    return tuple(pairs)


def _canonical_mode(mode: str) -> str:
    key = str(mode).lower()
    key = _MODE_ALIASES.get(key, key)
    if key not in PADDING_MODES:
        raise fail("padding_mode", mode, f"must be one of {list(PADDING_MODES)} "
                   f"(aliases: {sorted(_MODE_ALIASES)})")
    return key


@dataclass(frozen=True)
class ConvSpec:
    """Geometry of an N-d convolution (forward direction ``y -> z``).

    Parameters
    ----------
    input_size, kernel_size : int or tuple of int
        Spatial sizes. A tuple fixes the number of spatial dimensions; ints alone mean 1D.
    stride, dilation : int or tuple, default 1
        ``dilation=1`` means no dilation (PyTorch, JAX, ONNX convention).
    padding : int, tuple, tuple of (lo, hi) pairs, or "valid" / "same" / "full"
        Per-side padding. After construction ``padding`` is always the resolved tuple of
        ``(lo, hi)`` pairs; the request is kept in ``padding_request``.
    in_channels, out_channels, groups : int
    padding_mode : "zeros", "constant", "reflect", "replicate" or "circular"
        Aliases: mirror -> reflect, cyclic/wrap -> circular, edge -> replicate.
    padding_value : int, default 0
        Fill value for ``padding_mode="constant"``.
    output_padding : int or tuple, default 0
        Extra size added on one side by the transposed convolution; ``< max(stride, dilation)``.
    same_convention : str, default "torch"
        How ``padding="same"`` is resolved; see :mod:`convproof.geometry.same`.

    Examples
    --------
    >>> s = ConvSpec(input_size=5, kernel_size=3, stride=2, padding=1)
    >>> s.output_size, s.transposed_output_size
    ((3,), (5,))
    >>> ConvSpec(input_size=(4, 4), kernel_size=(3, 3), padding="same").padding
    ((1, 1), (1, 1))
    """

    input_size: Any
    kernel_size: Any
    stride: Any = 1
    padding: Any = 0
    dilation: Any = 1
    in_channels: int = 1
    out_channels: int = 1
    groups: int = 1
    padding_mode: str = "zeros"
    output_padding: Any = 0
    same_convention: str = "torch"
    padding_value: int = 0
    padding_request: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        ndim = _infer_ndim(self.input_size, self.kernel_size, self.stride, self.dilation,
                           self.output_padding)
        put = lambda name, v: object.__setattr__(self, name, v)  # noqa: E731
        put("input_size", normalize_tuple("input_size", self.input_size, ndim, 1))
        put("kernel_size", normalize_tuple("kernel_size", self.kernel_size, ndim, 1))
        put("stride", normalize_tuple("stride", self.stride, ndim, 1))
        put("dilation", normalize_tuple("dilation", self.dilation, ndim, 1))
        put("output_padding", normalize_tuple("output_padding", self.output_padding, ndim, 0))
        put("same_convention", _same.canonical_convention(self.same_convention))
        put("padding_mode", _canonical_mode(self.padding_mode))
        for name in ("in_channels", "out_channels", "groups"):
            put(name, as_int(name, getattr(self, name)))
            if getattr(self, name) < 1:
                raise fail(name, getattr(self, name), "must be >= 1")
        put("padding_value", as_int("padding_value", self.padding_value))
        if self.padding_request is None:
            put("padding_request", self.padding)
        put("padding", resolve_padding(self.padding, self.input_size, self.kernel_size, self.stride,
                                       self.dilation, self.same_convention))
        self._validate()

    # -- validation ---------------------------------------------------------------
    def _validate(self) -> None:
        g = self.groups
        if self.in_channels % g:
            raise fail("groups", g, f"must divide in_channels={self.in_channels}")
        if self.out_channels % g:
            raise fail("groups", g, f"must divide out_channels={self.out_channels}")
        for ax, (i, k, d, (lo, hi)) in enumerate(zip(self.input_size, self.kernel_size, self.dilation,
                                                      self.padding)):
            span = kernel_span(k, d)
            if i + lo + hi < span:
                raise fail("kernel_size", self.kernel_size,
                           f"kernel span d*(k-1)+1={span} exceeds padded input n+p_lo+p_hi="
                           f"{i + lo + hi} (dim {ax})")
            if self.padding_mode == "reflect" and max(lo, hi) >= i:
                raise fail("padding", self.padding_request,
                           f"reflect padding must be < input size {i} (dim {ax})")
            if self.padding_mode == "circular" and max(lo, hi) > i:
                raise fail("padding", self.padding_request,
                           f"circular padding must be <= input size {i} (dim {ax})")
        for ax, (op, s, d) in enumerate(zip(self.output_padding, self.stride, self.dilation)):
            if op >= max(s, d):
                raise fail("output_padding", self.output_padding,
                           f"must be smaller than either stride ({s}) or dilation ({d}) (dim {ax})")

    # -- derived geometry ------------------------------------------------------------
    @property
    def ndim(self) -> int:
        """Number of spatial dimensions."""
        return len(self.input_size)

    @property
    def kernel_span(self) -> tuple[int, ...]:
        """``d*(k-1)+1`` per dimension."""
        return tuple(kernel_span(k, d) for k, d in zip(self.kernel_size, self.dilation))

    @property
    def padded_size(self) -> tuple[int, ...]:
        return tuple(i + lo + hi for i, (lo, hi) in zip(self.input_size, self.padding))

    @property
    def output_size(self) -> tuple[int, ...]:
        """``floor((i + p_lo + p_hi - k_eff)/s) + 1`` per dimension."""
        return tuple(conv_output_size(i, k, s, lo, hi, d) for i, k, s, (lo, hi), d in
                     zip(self.input_size, self.kernel_size, self.stride, self.padding, self.dilation))

    @property
    def transposed_output_size(self) -> tuple[int, ...]:
        """Size the transposed convolution produces from ``output_size`` (with ``output_padding``)."""
        return tuple(conv_transpose_output_size(o, k, s, lo, hi, d, op) for o, k, s, (lo, hi), d, op in
                     zip(self.output_size, self.kernel_size, self.stride, self.padding, self.dilation,
                         self.output_padding))

    @property
    def restoring_output_padding(self) -> tuple[int, ...]:
        """The ``output_padding`` for which the transposed convolution restores ``input_size``.

        ``(i + p_lo + p_hi - k_eff) mod s``: the input rows the forward convolution never reads.
        """
        return tuple((n - e) % s for n, e, s in zip(self.padded_size, self.kernel_span, self.stride))

    @property
    def in_per_group(self) -> int:
        return self.in_channels // self.groups

    @property
    def out_per_group(self) -> int:
        return self.out_channels // self.groups

    @property
    def products(self) -> int:
        """Kernel-times-input products of one sample, ``C_out * prod(o) * C_in/groups * prod(k)``: the
        multiplications of a direct convolution and the size of a symbolic proof (the one count).

        >>> ConvSpec(input_size=(128, 128), kernel_size=(3, 3), padding=1).products
        147456
        """
        return self.out_channels * math.prod(self.output_size) * self.in_per_group * math.prod(self.kernel_size)

    @property
    def weight_shape(self) -> tuple[int, ...]:
        """``(C_out, C_in/groups, *k)``, the layout of ``torch.nn.functional.conv*d``."""
        return (self.out_channels, self.in_per_group, *self.kernel_size)

    @property
    def transposed_weight_shape(self) -> tuple[int, ...]:
        """``(C_in, C_out/groups, *k)``: the weight of the transposed layer mapping z back to y."""
        return (self.out_channels, self.in_per_group, *self.kernel_size)

    def input_shape(self, batch: int = 1) -> tuple[int, ...]:
        return (batch, self.in_channels, *self.input_size)

    def output_shape(self, batch: int = 1) -> tuple[int, ...]:
        return (batch, self.out_channels, *self.output_size)

    @property
    def symmetric_padding(self) -> tuple[int, ...] | None:
        """Per-dimension ints when padding is symmetric, else ``None``."""
        if all(lo == hi for lo, hi in self.padding):
            return tuple(lo for lo, _ in self.padding)
        return None

    def replace(self, **changes: Any) -> "ConvSpec":
        """A copy with some fields changed (padding re-resolved from ``changes`` or the resolved pairs)."""
        fields = {name: getattr(self, name) for name in (
            "input_size", "kernel_size", "stride", "padding", "dilation", "in_channels", "out_channels",
            "groups", "padding_mode", "output_padding", "same_convention", "padding_value")}
        if "padding" not in changes and isinstance(self.padding_request, str):
            fields["padding"] = self.padding_request
        fields.update(changes)
        return ConvSpec(**fields)

    def torch_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``torch.nn.functional.conv{n}d`` (symmetric zero padding only)."""
        sym = self.symmetric_padding
        if sym is None:
            raise fail("padding", self.padding, "torch.nn.functional.conv*d takes symmetric padding only")
        return dict(stride=self.stride, padding=sym, dilation=self.dilation, groups=self.groups)

    def describe(self) -> str:
        """One line in lecture terms, e.g. ``2D conv 4x4, kernel 3x3, stride 1, padding 1 -> 4x4``."""
        x = lambda t: "x".join(map(str, t))  # noqa: E731
        pads = ",".join(f"{lo}" if lo == hi else f"({lo},{hi})" for lo, hi in self.padding)
        parts = [f"{self.ndim}D conv {x(self.input_size)}", f"kernel {x(self.kernel_size)}",
                 f"stride {x(self.stride)}", f"padding {pads}"]
        if any(d != 1 for d in self.dilation):
            parts.append(f"dilation {x(self.dilation)}")
        if self.padding_mode != "zeros":
            parts.append(f"{self.padding_mode} padding")
        if (self.in_channels, self.out_channels, self.groups) != (1, 1, 1):
            parts.append(f"channels {self.in_channels}->{self.out_channels}")
            if self.groups != 1:
                parts.append(f"groups {self.groups}")
        return ", ".join(parts) + f" -> {x(self.output_size)}"

    @classmethod
    def from_transposed(cls, input_size: IntOrTuple, kernel_size: IntOrTuple, stride: IntOrTuple = 1,
                        padding: Any = 0, output_padding: IntOrTuple = 0, dilation: IntOrTuple = 1,
                        in_channels: int = 1, out_channels: int = 1, groups: int = 1,
                        output_shape: IntOrTuple | None = None) -> "ConvSpec":
        """The spec of the forward convolution whose transpose is the given ``ConvTranspose`` layer.

        Arguments are those of ``torch.nn.ConvTranspose{n}d`` (``in_channels`` feed the transposed
        layer). The returned spec's ``input_size`` is the transposed layer's output size.
        ``padding`` may also be ``'same'``/``'valid'`` (TF/Keras, JAX) or ONNX's ``'SAME_UPPER'`` /
        ``'SAME_LOWER'``, and ONNX's ``output_shape`` may be given; see
        :mod:`convproof.geometry.transposed`.

        >>> s = ConvSpec.from_transposed(input_size=3, kernel_size=3, stride=2, padding=1, output_padding=1)
        >>> s.input_size, s.output_size
        ((6,), (3,))
        >>> ConvSpec.from_transposed(input_size=4, kernel_size=1, stride=2, padding="same").transposed_output_size
        (8,)
        """
        ndim = _infer_ndim(input_size, kernel_size, stride, dilation, output_padding)
        i = normalize_tuple("input_size", input_size, ndim, 1)
        k = normalize_tuple("kernel_size", kernel_size, ndim, 1)
        s = normalize_tuple("stride", stride, ndim, 1)
        d = normalize_tuple("dilation", dilation, ndim, 1)
        op = normalize_tuple("output_padding", output_padding, ndim, 0)
        if isinstance(padding, str) or output_shape is not None:
            from .transposed import named_transposed

            shape = None if output_shape is None else normalize_tuple("output_shape", output_shape, ndim, 1)
            named = named_transposed(padding, i, k, s, d, op, shape)
            return cls(kernel_size=k, stride=s, dilation=d, in_channels=out_channels, out_channels=in_channels,
                       groups=groups, **named)
        pads = resolve_padding(padding, i, k, s, d)
        sizes = tuple(conv_transpose_output_size(*a) for a in
                      zip(i, k, s, (lo for lo, _ in pads), (hi for _, hi in pads), d, op))
        return cls(input_size=sizes, kernel_size=k, stride=s, padding=pads, dilation=d,
                   in_channels=out_channels, out_channels=in_channels, groups=groups, output_padding=op)


def check_spec(spec: Any) -> ConvSpec:
    """``spec`` itself when it is a :class:`ConvSpec`, else the project's error."""
    if not isinstance(spec, ConvSpec):
        raise fail("spec", type(spec).__name__, "must be a convproof.ConvSpec")
    return spec


def choice(name: str, value: Any, options: Any) -> str:
    """``value`` when it is one of the string ``options``, else the project's error listing them."""
    if not isinstance(value, str) or value not in options:
        raise fail(name, value, f"must be one of {sorted(options)}")
    return value
