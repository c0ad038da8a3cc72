"""Fast path: im2col columns and GEMMs (kernels in :mod:`._gemm` and :mod:`._subpixel`).

``conv`` builds columns ``(C*prod(k), L)`` for a chunk of the batch (at most ``_gemm.CHUNK_BYTES``
of columns, at least one sample) and multiplies ``W (C_out, C_in*K) @ cols`` per group into the
``(N, C_out, *o)`` result, so peak memory stays near the inputs + output (issue 14). The
backward directions reuse the same pieces in the adjoint order:

* ``conv_grad_weight``: ``cols @ grad_output.T`` per chunk (the fast orientation for OpenBLAS),
  summed over the chunks, transposed;
* ``conv_grad_input`` and ``conv_transpose`` with stride 1 (and pads below the kernel span):
  a forward ``conv`` of the gradient with the flipped, channel-transposed kernel (measured
  15-25% faster than col2im for the 56x56 layer here, single-threaded CPU time);
* otherwise, for float dtypes, ``prod(s)`` stride-1 correlations, one per output phase
  (sub-pixel decomposition, :func:`._subpixel.subpixel`: no zero insertion, no scatter) when the
  transposed convolution's input has no more channels than its output;
* otherwise one GEMM ``W.T @ grad`` gives the columns, then col2im adds each kernel tap back
  with a strided slice (no zero insertion for stride > 1); the adjoint of
  reflect/replicate/circular padding folds the border back axis by axis.

Float routes only change the order in which the same products are added (each output is
still one sum of ``C*K`` products), so the dot-product tolerance of :mod:`convproof.verify.compare`
covers them unchanged.

Every function has the signature of its twin in :mod:`convproof.numeric.reference` and
agrees with it exactly on integer and object (Fraction, SymPy) arrays; ``int`` in gives
``int`` out, never wrapped: the input's integer dtype when the worst case fits, else ``int64``,
else Python ints in an object array (:mod:`convproof.numeric.exact`, the same choice in both families).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import fail
from ._col2im import scatter
from ._gemm import correlate, correlate_weight, windows
from ._rational import scaled, unscaled
from ._subpixel import subpixel
from ._threads import split_run, swap01
from .args import as_array, check_bias, as_shape, check_shape, conv_spec, fold_geometry, matrix_spec, transpose_geometry, unfold_geometry
from .bounds import (col2im_dtype, conv_dtype, grad_bias_dtype, grad_input_dtype, grad_weight_dtype,
                     matrix_dtype, transpose_dtype)
from .exact import cast
from .fast_pool import avg_pool, avg_pool_backward, max_pool, max_pool_backward

__all__ = ["conv", "conv_transpose", "conv_grad_input", "conv_grad_weight", "conv_grad_bias", "im2col",
           "col2im", "conv_matrix", "max_pool", "max_pool_backward", "avg_pool", "avg_pool_backward"]

SUBPIXEL_KINDS = "fc"  # dtype kinds that take the sub-pixel route (ints and objects: GEMM + col2im, exact)
SUBPIXEL_CHANNEL_RATIO = 1.0  # ... when its input has at most this many times its output's channels
_PAD_MODE = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def _padded(x: np.ndarray, pads: tuple, mode: str = "zeros", value: Any = 0) -> np.ndarray:
    widths = [(0, 0), (0, 0), *pads]
    if mode in ("zeros", "constant"):
        fill = value if mode == "constant" else 0
        return np.pad(x, widths, constant_values=np.array(fill, dtype=object) if x.dtype == object else fill)
    return np.pad(x, widths, mode=_PAD_MODE[mode])


def _padded_or_pads(x: np.ndarray, spec: Any, value: Any) -> tuple:
    """``(array, pads)`` for :func:`._gemm.correlate`: zero padding is left to the column copies
    (the padded input is never formed); other modes and a constant fill are padded here."""
    if spec.padding_mode == "zeros":
        return x, spec.padding
    return _padded(x, spec.padding, spec.padding_mode, value), None


def _channels_first(y: np.ndarray, groups: int) -> np.ndarray:
    """``(N, C, *o)`` -> ``(groups, C/groups, N*L)``."""
    return swap01(y).reshape(groups, y.shape[1] // groups, -1)




def _add_bias(out: np.ndarray, b: Any) -> np.ndarray:
    if b is not None:
        out += b.reshape(1, -1, *([1] * (out.ndim - 2)))
    return out


def conv(input: Any, weight: Any, bias: Any = None, stride: Any = 1, padding: Any = 0, dilation: Any = 1,
         groups: int = 1, padding_mode: str = "zeros", padding_value: Any = 0) -> np.ndarray:
    """N-d cross-correlation (``torch.nn.functional.conv{1,2,3}d``) by im2col and GEMMs per batch chunk.

    Parameters
    ----------
    input : array_like, shape (N, C_in, *spatial)
    weight : array_like, shape (C_out, C_in/groups, *k)
        The number of spatial dimensions is ``weight.ndim - 2``.
    bias : array_like, shape (C_out,), optional
    stride, dilation : int or tuple of int
    padding : int, tuple, tuple of (lo, hi) pairs, or "valid" / "same" / "full"
        Anything :func:`convproof.geometry.resolve_padding` accepts ("same" in PyTorch's convention).
    groups : int
    padding_mode : "zeros", "constant", "reflect", "replicate" or "circular"
    padding_value : scalar
        Fill value of ``padding_mode="constant"`` (any number, Fraction or SymPy expression).

    Returns
    -------
    numpy.ndarray, shape (N, C_out, *output_size)
        dtype ``np.result_type(input, weight, bias)``; object stays object. Integer inputs give an
        exact integer result: that dtype if the worst case ``max|x| * max|w| * C_in/groups * prod(k)
        + max|b|`` fits, else ``int64``, else Python ints (object array). A worst case of at most
        ``2**53`` is computed by float64 BLAS, where every partial sum is an integer held exactly
        (:mod:`convproof.numeric.bounds`), and cast back.

    Notes
    -----
    ``z[n, o, p] = b[o] + sum_{c, k} x_pad[n, g*C_in/groups + c, p*s + k*d] * w[o, c, k]``
    with ``g = o // (C_out/groups)``. Columns ``(K*C_in, nb*L)`` of a chunk of ``nb`` samples are copied
    tap by tap from the unpadded input, zero padding written as zero slabs (:func:`._gemm.correlate`;
    large samples in blocks of output rows, from ``sliding_window_view`` of one padded sample); a flat-shift variant (one GEMM per kernel tap on the flattened padded input) was measured
    1.6-2.3x slower on the 56x56 benchmark layer here, and flat shifted columns (one GEMM, ``Wp - W``
    junk columns dropped afterwards) no faster (issue 14, reports/bench/numeric.md), so neither is used.

    Examples
    --------
    >>> conv([[[1, 2, 3, 4]]], [[[1, 0, -1]]], bias=[10])
    array([[[8, 8]]])
    >>> conv([[[1, 2, 3]]], [[[1, 1]]], padding="same", padding_mode="reflect")
    array([[[3, 5, 5]]])
    """
    x, w = as_array("input", input), as_array("weight", weight)
    spec = conv_spec(x.shape, w.shape, stride, padding, dilation, groups, padding_mode, padding_value)
    b = check_bias(bias, spec.out_channels)
    fractions = scaled([x, w], padding_value if padding_mode == "constant" else 0)
    if fractions is not None:  # Fractions: X / Dx and W / Dw through the integer route
        (xs, dx, fill), (ws, dw) = fractions
        z = conv(xs, ws, None, stride, padding, dilation, groups, padding_mode, fill)
        return _add_bias(unscaled(z, dx * dw), cast(b, np.dtype(object)))
    dtype, work = conv_dtype(spec, x, w, b, padding_value, work=True)
    b = cast(b, dtype)
    xp, pads = _padded_or_pads(x.astype(work, copy=False), spec, padding_value)
    out = correlate(xp, w.astype(work, copy=False), spec.groups, spec.stride, spec.dilation, pads=pads)
    return _add_bias(out.astype(dtype, copy=False), b)


def _grad_output(grad_output: Any, spec: Any, batch: int) -> np.ndarray:
    gy = as_array("grad_output", grad_output)
    check_shape("grad_output", gy.shape, (batch, spec.out_channels, *spec.output_size),
                "must have the forward output's shape (N, C_out, *output_size)")
    return gy


def _fold_border(g: np.ndarray, axis: int, n: int, lo: int, hi: int, mode: str) -> np.ndarray:
    """Adjoint of padding one axis: the border cells send their values back to the cells they copy."""
    cut = lambda a, b: (slice(None),) * axis + (slice(a, b),)  # noqa: E731
    if mode in ("zeros", "constant") or lo + hi == 0:
        return g[cut(lo, lo + n)]  # a view: the caller makes the result contiguous once
    out = g[cut(lo, lo + n)].copy()
    front, back = g[cut(0, lo)], g[cut(lo + n, lo + n + hi)]
    view = lambda a, b: out[cut(a, b)]  # noqa: E731
    if mode == "reflect":  # front cell p copies lo - p; back cell q copies n - 2 - q
        view(1, lo + 1)[...] += np.flip(front, axis)
        view(n - 1 - hi, n - 1)[...] += np.flip(back, axis)
    elif mode == "replicate":
        view(0, 1)[...] += front.sum(axis=axis, keepdims=True)
        view(n - 1, n)[...] += back.sum(axis=axis, keepdims=True)
    else:  # circular: front cell p copies n - lo + p; back cell q copies q
        view(n - lo, n)[...] += front
        view(0, hi)[...] += back
    return out


def _adjoint_pads(stride: tuple, spans: tuple, padding: tuple, extra: tuple) -> Any:
    """Stride 1: the adjoint is the correlation with the flipped kernel padded ``span-1-p`` per side.

    Returns those pads (``extra`` cells more at the end, for ``output_padding``), or ``None``
    when a stride is > 1 or a pad exceeds ``span - 1`` (then col2im is used).
    """
    if any(s != 1 for s in stride):
        return None
    pads = tuple((e - 1 - lo, e - 1 - hi + x) for e, (lo, hi), x in zip(spans, padding, extra))
    return pads if all(a >= 0 and b >= 0 for a, b in pads) else None


def _flipped_transpose(w: np.ndarray, groups: int) -> np.ndarray:
    """``(C_out, C_in/g, *k)`` -> ``(C_in, C_out/g, *k)`` flipped in space, group by group."""
    co, cig, *k = w.shape
    wt = w.reshape(groups, co // groups, cig, *k).swapaxes(1, 2).reshape(groups * cig, co // groups, *k)
    return np.ascontiguousarray(np.flip(wt, tuple(range(2, w.ndim))))


def _subpixel_pays(dtype: Any, c_from: int, c_to: int) -> bool:
    """Sub-pixel phases for this float dtype when their columns (``c_from * K * L_in`` entries in all)
    are no more than col2im's (``c_to * K * L_in``): with 64 -> 3 channels (the 7x7 stem's grad_input)
    they were measured 8x slower than col2im here; with 128 -> 128, 2-40% faster."""
    return np.dtype(dtype).kind in SUBPIXEL_KINDS and c_from <= SUBPIXEL_CHANNEL_RATIO * c_to


def _grad_input_subpixel(spec: Any, w: np.ndarray, gy: np.ndarray) -> np.ndarray:
    """Float ``conv_grad_input`` as a transposed convolution by sub-pixel phases (:func:`._subpixel.subpixel`)."""
    if spec.padding_mode in ("zeros", "constant"):  # only the cells inside the input: no border to fold
        lo = tuple(p for p, _ in spec.padding)
        return subpixel(gy, w, spec.groups, spec.stride, spec.dilation, lo, spec.input_size)
    g = subpixel(gy, w, spec.groups, spec.stride, spec.dilation, (0,) * spec.ndim, spec.padded_size)
    for ax, (n, (lo, hi)) in enumerate(zip(spec.input_size, spec.padding)):
        g = _fold_border(g, 2 + ax, n, lo, hi, spec.padding_mode)
    return np.ascontiguousarray(g)


def conv_grad_input(input_shape: Any, weight: Any, grad_output: Any, stride: Any = 1, padding: Any = 0,
                    dilation: Any = 1, groups: int = 1, padding_mode: str = "zeros") -> np.ndarray:
    """Gradient of ``conv`` w.r.t. its input: a transposed convolution, then the unpad adjoint.

    Stride 1: a ``conv`` with the flipped kernel; floats: sub-pixel phases; else one GEMM to
    columns and col2im by strided adds.

    ``input_shape`` is the forward input's ``(N, C_in, *spatial)``; ``grad_output`` has the forward
    output's shape; the other arguments are those of :func:`conv`. For reflect, replicate and
    circular padding the border gradient flows back to the cells the border copies (the adjoint
    of the padding map); for constant padding the border gets no gradient.

    >>> conv_grad_input((1, 1, 3), [[[1, 2]]], [[[1, 1, 1]]], padding=[(0, 1)], padding_mode="replicate")
    array([[[1, 3, 5]]])
    """
    w = as_array("weight", weight)
    shape = as_shape("input_shape", input_shape)
    spec = conv_spec(shape, w.shape, stride, padding, dilation, groups, padding_mode)
    gy = _grad_output(grad_output, spec, shape[0])
    fractions = scaled([w, gy])
    if fractions is not None:
        (ws, dw, _), (gs, dg) = fractions
        z = conv_grad_input(shape, ws, gs, stride, padding, dilation, groups, padding_mode)
        return unscaled(z, dw * dg)
    dtype, work = grad_input_dtype(spec, w, gy, work=True)
    gx = _grad_input(spec, shape, w.astype(work, copy=False), gy.astype(work, copy=False))
    return gx.astype(dtype, copy=False)


def _grad_input(spec: Any, shape: tuple, w: np.ndarray, gy: np.ndarray) -> np.ndarray:
    """:func:`conv_grad_input` in the dtype of ``w`` and ``gy``."""
    pads = _adjoint_pads(spec.stride, spec.kernel_span, spec.padding, (0,) * spec.ndim)
    if pads is not None and spec.padding_mode in ("zeros", "constant"):
        return conv(gy, _flipped_transpose(w, spec.groups), padding=pads, dilation=spec.dilation, groups=spec.groups)
    if _subpixel_pays(w.dtype, spec.out_channels, spec.in_channels):
        return _grad_input_subpixel(spec, w, gy)
    wg = w.reshape(spec.groups, spec.out_per_group, -1)
    col = np.matmul(np.swapaxes(wg, 1, 2), _channels_first(gy, spec.groups))
    col = col.reshape(spec.in_channels, *spec.kernel_size, shape[0], *spec.output_size)
    g = scatter(col, spec.kernel_size, spec.stride, spec.dilation, spec.padded_size)
    for ax, (n, (lo, hi)) in enumerate(zip(spec.input_size, spec.padding)):
        g = _fold_border(g, 2 + ax, n, lo, hi, spec.padding_mode)
    return swap01(g)


def conv_grad_weight(input: Any, weight_shape: Any, grad_output: Any, stride: Any = 1, padding: Any = 0,
                     dilation: Any = 1, groups: int = 1, padding_mode: str = "zeros",
                     padding_value: Any = 0) -> np.ndarray:
    """Gradient of ``conv`` w.r.t. its weight: ``(cols @ grad_output.T).T`` per group.

    ``weight_shape`` is ``(C_out, C_in/groups, *k)``; other arguments as in :func:`conv`
    (``padding_value`` matters here: the constant border is part of the input the weight sees).

    >>> conv_grad_weight([[[1, 2, 3]]], (1, 1, 2), [[[1, 0, 0, 1]]], padding=1)
    array([[[3, 1]]])
    """
    x = as_array("input", input)
    shape = as_shape("weight_shape", weight_shape)
    spec = conv_spec(x.shape, shape, stride, padding, dilation, groups, padding_mode, padding_value)
    gy = _grad_output(grad_output, spec, x.shape[0])
    fractions = scaled([x, gy], padding_value if padding_mode == "constant" else 0)
    if fractions is not None:
        (xs, dx, fill), (gs, dg) = fractions
        z = conv_grad_weight(xs, shape, gs, stride, padding, dilation, groups, padding_mode, fill)
        return unscaled(z, dx * dg)
    dtype, work = grad_weight_dtype(spec, x, gy, padding_value, work=True)
    xp, pads = _padded_or_pads(x.astype(work, copy=False), spec, padding_value)
    gw_t = correlate_weight(xp, gy.astype(work, copy=False), spec.groups, spec.kernel_size, spec.stride,
                            spec.dilation, pads)
    return np.swapaxes(gw_t, 1, 2).astype(dtype, order="C").reshape(shape)


def conv_grad_bias(grad_output: Any) -> np.ndarray:
    """Gradient w.r.t. the bias: sum over every axis but the channel axis.

    >>> conv_grad_bias([[[1, 2], [3, 4]]])
    array([3, 7])
    """
    gy = as_array("grad_output", grad_output)
    if gy.ndim < 3:
        raise fail("grad_output", gy.shape, "must have shape (N, C_out, *spatial)")
    gy = gy.astype(grad_bias_dtype(gy), copy=False)
    return gy.sum(axis=(0, *range(2, gy.ndim)), dtype=gy.dtype)


def conv_transpose(input: Any, weight: Any, bias: Any = None, stride: Any = 1, padding: Any = 0,
                   output_padding: Any = 0, groups: int = 1, dilation: Any = 1,
                   padding_mode: str = "zeros") -> np.ndarray:
    """Transposed convolution (``F.conv_transpose{1,2,3}d``): one GEMM, then col2im and a crop.

    Stride 1 is a ``conv`` with the flipped kernel; floats with stride > 1 take sub-pixel phases.

    ``input`` is ``(N, C_in, *i)``, ``weight`` ``(C_in, C_out/groups, *k)``; output size per dim
    ``(i-1)*s - p_lo - p_hi + d*(k-1) + 1 + output_padding``, ``output_padding < max(s, d)``.
    ``padding`` is an int, per-dim ints or (lo, hi) crop pairs; only ``padding_mode="zeros"``.

    >>> conv_transpose([[[1, 2]]], [[[1, 1, 1]]], stride=2, padding=1, output_padding=1)
    array([[[1, 3, 2, 2]]])
    """
    x, w = as_array("input", input), as_array("weight", weight)
    geo = transpose_geometry(x.shape, w.shape, stride, padding, output_padding, groups, dilation, padding_mode)
    b = check_bias(bias, geo.out_channels)
    fractions = scaled([x, w])
    if fractions is not None:
        (xs, dx, _), (ws, dw) = fractions
        z = conv_transpose(xs, ws, None, stride, padding, output_padding, groups, dilation, padding_mode)
        return _add_bias(unscaled(z, dx * dw), cast(b, np.dtype(object)))
    dtype, work = transpose_dtype(geo, x, w, b, work=True)
    out = _transpose(geo, x.astype(work, copy=False), w.astype(work, copy=False))
    return _add_bias(out.astype(dtype, copy=False), cast(b, dtype))


def _transpose(geo: Any, x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """:func:`conv_transpose` without the bias, in the dtype of ``x`` and ``w``."""
    spans = tuple(d * (k - 1) + 1 for k, d in zip(geo.kernel_size, geo.dilation))
    extra = tuple(o - (i - 1) * s - e + lo + hi for o, i, s, e, (lo, hi) in
                  zip(geo.out_size, geo.in_size, geo.stride, spans, geo.padding))  # = output_padding
    pads = _adjoint_pads(geo.stride, spans, geo.padding, extra)
    if pads is not None:
        return conv(x, _flipped_transpose(w, geo.groups), padding=pads, dilation=geo.dilation, groups=geo.groups)
    if _subpixel_pays(x.dtype, geo.in_channels, geo.out_channels):
        lo = tuple(p for p, _ in geo.padding)
        return subpixel(x, w, geo.groups, geo.stride, geo.dilation, lo, geo.out_size)
    wg = w.reshape(geo.groups, geo.in_channels // geo.groups, -1)
    col = np.matmul(np.swapaxes(wg, 1, 2), _channels_first(x, geo.groups))
    col = col.reshape(geo.out_channels, *geo.kernel_size, x.shape[0], *geo.in_size)
    full = tuple(o + lo + hi for o, (lo, hi) in zip(geo.out_size, geo.padding))
    g = scatter(col, geo.kernel_size, geo.stride, geo.dilation, full)
    crop = tuple(slice(lo, lo + o) for o, (lo, _) in zip(geo.out_size, geo.padding))
    return swap01(g[(slice(None), slice(None), *crop)])


def im2col(input: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0, stride: Any = 1) -> np.ndarray:
    """``torch.nn.functional.unfold`` for any number of spatial dims: ``(N, C*prod(k), L)``.

    Row ``c*prod(k) + ravel(k)``, column ``ravel(o)`` holds ``x_pad[n, c, o*s + k*d]`` (zero padding).

    >>> im2col([[[1, 2, 3]]], 2, padding=1)
    array([[[0, 1, 2, 3],
            [1, 2, 3, 0]]])
    """
    x = as_array("input", input)
    spec = unfold_geometry(x.shape, kernel_size, dilation, padding, stride)
    v = windows(_padded(x, spec.padding), spec.kernel_size, spec.stride, spec.dilation)
    return v.reshape(x.shape[0], x.shape[1] * math.prod(spec.kernel_size), -1)


def col2im(input: Any, output_size: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
           stride: Any = 1) -> np.ndarray:
    """``torch.nn.functional.fold``: the adjoint of :func:`im2col` (overlapping entries add up).

    >>> col2im([[[0, 1, 2, 3], [1, 2, 3, 0]]], 3, 2, padding=1)
    array([[[2, 4, 6]]])
    """
    cols = as_array("input", input)
    spec, channels = fold_geometry(cols.shape, output_size, kernel_size, dilation, padding, stride)
    cols = cols.astype(col2im_dtype(spec, cols), copy=False)
    nd = spec.ndim
    col = cols.reshape(cols.shape[0], channels, *spec.kernel_size, *spec.output_size)
    col = col.transpose(1, *range(2, 2 + nd), 0, *range(2 + nd, 2 + 2 * nd))
    g = scatter(col, spec.kernel_size, spec.stride, spec.dilation, spec.padded_size)
    crop = tuple(slice(lo, lo + i) for (lo, _), i in zip(spec.padding, spec.input_size))
    return swap01(g[(slice(None), slice(None), *crop)])


def conv_matrix(input_size: Any, weight: Any, stride: Any = 1, padding: Any = 0, dilation: Any = 1,
                groups: int = 1, padding_mode: str = "zeros") -> np.ndarray:
    """Dense ``M`` with ``vec(conv(x, weight)) = M @ vec(x)``: the convolution of every unit input.

    ``input_size`` is the spatial size (int or tuple); rows are ``ravel(c_out, *o)``, columns
    ``ravel(c_in, *i)`` (row-major vec of one sample). Linear padding modes only (zeros, reflect,
    replicate, circular); ``M.T`` applied to ``vec(g)`` is ``conv_grad_input``.

    >>> conv_matrix(3, [[[1, 2]]], padding=[(0, 1)], padding_mode="circular")
    array([[1, 2, 0],
           [0, 1, 2],
           [2, 0, 1]])
    """
    w = as_array("weight", weight)
    spec = matrix_spec(input_size, w, stride, padding, dilation, groups, padding_mode)
    cin, sizes = spec.in_channels, spec.input_size
    units = cin * math.prod(sizes)
    dtype = matrix_dtype(spec, w)
    eye = np.eye(units, dtype=w.dtype if w.dtype.kind != "O" else np.int64).astype(dtype)
    out = conv(eye.reshape(units, cin, *sizes), w.astype(dtype), None, stride, padding, dilation, groups,
               padding_mode)
    return np.ascontiguousarray(out.reshape(units, -1).T).astype(dtype, copy=False)
