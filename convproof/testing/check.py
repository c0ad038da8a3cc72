"""``check_implementation``: search for the smallest spec on which an implementation disagrees.

Each case is a valid spec with small integer arrays; the implementation's result is compared with
the exact direct-loop reference (:mod:`convproof.numeric.reference`). Failures fall in classes
(see :mod:`.report`); once a class is found and shrunk, the search goes on without it, so a crash
for ``padding=0`` does not hide a stride bug in the same function.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np

from ..errors import ConvProofError, fail
from ..verify.compare import dot_tolerance
from ..verify.search import Skip, search
from . import report as rp
from .function import FunctionTarget, CallResult

__all__ = ["check_implementation", "SHRINK_SECONDS"]

SHRINK_SECONDS = 5.0  # time spent shrinking each failure class before reporting the smallest one found


@dataclass
class _Stats:
    checked: set = field(default_factory=set)
    skipped: set = field(default_factory=set)
    frozen: bool = False  # shrinking: examples are not counted


def _compare(op: str, expected: np.ndarray, got: np.ndarray, arrays: dict, magnitude: Callable) -> str:
    """Empty when equal (exactly on integers, within Higham's dot-product bound on floats)."""
    if expected.dtype.kind in "iub" and got.dtype.kind in "iub":
        bad = np.asarray(expected != got, dtype=bool)
        return rp.wrong_value(op, expected, got, bad) if bad.any() else ""
    if got.dtype.kind not in "iubf":
        return f"returned an array of dtype {got.dtype}, not numbers"
    n_terms = max(int(np.size(v)) for v in arrays.values() if v is not None)
    mag = magnitude()
    low = got.dtype if got.dtype.kind == "f" and got.dtype.itemsize < 8 else np.float64
    tol, rule = dot_tolerance(n_terms, mag, low)
    diff = np.abs(expected.astype(np.float64) - got.astype(np.float64))
    bad = ~(diff <= tol)
    return rp.wrong_value(op, expected, got, bad, f" [float result, tolerance {tol:.3g}: {rule}]") if bad.any() else ""


def _failure(target: Any, case: tuple, outcome: CallResult, expected: np.ndarray) -> rp.Failure | None:
    spec, arrays = case
    base = dict(spec=spec, call=outcome.call, arrays=arrays)
    if outcome.exc is not None:
        what, key = rp.raised(outcome.exc)
        hints = rp.hints(outcome.exc, spec, outcome.kwargs, arrays.get("bias", 0), target.options)
        return rp.Failure("raised", key, what=what, hints=hints, **base)
    expected_user = target.to_user(expected)
    got = outcome.got
    if got.dtype == object or got.shape != expected_user.shape:
        return rp.Failure("wrong shape", ("wrong shape",), hints=rp.shape_hints(spec, target.options),
                          what=rp.wrong_shape(got, expected_user.shape, target.layout_name), **base)
    why = _compare(target.op, expected, target.from_user(got), arrays, lambda: target.magnitude(spec, arrays))
    return rp.Failure("wrong value", ("wrong value",), what=why, **base) if why else None


def _run_case(target: Any, case: tuple, known: dict, stats: _Stats) -> rp.Failure | None:
    spec, arrays = case
    try:
        expected = target.reference(spec, arrays)
    except (ValueError, ConvProofError):  # e.g. a transposed output cropped to nothing: not a valid case
        raise Skip() from None
    outcome = target.call(spec, arrays)
    key = hash(repr(case))
    if isinstance(outcome.exc, NotImplementedError):  # outside fn's API: skipped and counted
        if not stats.frozen:
            stats.skipped.add(key)
        return None
    failure = _failure(target, case, outcome, expected)
    if failure is not None and failure.key in known:
        return None  # a class already reported: look for others (not counted as checked)
    if not stats.frozen:
        stats.checked.add(key)
    if failure is not None:
        stats.frozen = True
    return failure


def run_search(target: Any, max_examples: int, shrink_seconds: float, max_failures: int) -> tuple[list, _Stats]:
    """All failure classes found (at most ``max_failures``), each shrunk, and the example counts."""
    kinds = target.kind_cases()
    per_kind = max(10, max_examples // len(kinds))  # one search per padding kind: each gets its share
    known: dict[tuple, rp.Failure] = {}
    stats = _Stats()
    for _, cases in kinds:
        while len(known) < max_failures:
            stats.frozen = False
            found = search(cases, lambda c: _run_case(target, c, known, stats), per_kind, shrink_seconds)
            if found is None:
                break
            known[found.key] = found
    return list(known.values()), stats


def _short(failure: rp.Failure) -> str:
    """The header's words: the whole first line for a raise, the kind otherwise."""
    first = failure.what.splitlines()[0]
    return first if failure.kind == "raised" else first.split(":")[0]


def _message(target: Any, failures: list, stats: _Stats) -> str:
    kinds = "; ".join(_short(f) for f in failures)
    head = (f"check_implementation(op={target.op!r}): {target.label} "
            + (kinds if len(failures) == 1 else f"has {len(failures)} distinct failures ({kinds})")
            + f", against the exact reference {target.reference_name}")
    lines = [head, f"checked {len(stats.checked)} example(s), skipped {len(stats.skipped)} (NotImplementedError)"]
    lines += [f"note: {n}" for n in target.notes]
    for i, f in enumerate(failures, 1):
        body = f.lines(target.op)
        lines += [f"[{i}] {body[0]}" if len(failures) > 1 else body[0]] + body[1:]
    return "\n".join(lines)


def check_implementation(fn: Callable, op: str | None = None, dims: int | Iterable[int] | None = None,
                         max_examples: int = 100, batch: int | Iterable[int] = (1, 2), elements: Any = None,
                         dtype: Any = "auto", layout: str | None = None, weight_layout: str | None = None,
                         arrays: str = "numpy", max_failures: int = 3, shrink_seconds: float = SHRINK_SECONDS,
                         **spec_space: Any) -> rp.CheckReport:
    """Assert that ``fn`` computes ``op`` exactly like :mod:`convproof.numeric.reference`.

    Parameters
    ----------
    fn : callable or torch.nn.Module
        A function called like the :mod:`convproof.numeric` function of ``op`` (the order of
        ``torch.nn.functional.conv{n}d``, ``conv_transpose{n}d`` and ``torch.nn.grad.conv{n}d_input`` /
        ``_weight``), or a ``torch.nn.Conv{n}d`` / ``ConvTranspose{n}d`` module (its own weights and
        settings; see :mod:`convproof.testing.torch_module`).
    op : {"conv", "conv_transpose", "conv_grad_input", "conv_grad_weight"}, default "conv"
    dims : int or iterable of int, default 2 (or the length of ``layout`` less two)
    max_examples : int
        Hypothesis examples per search, split evenly over the padding kinds (at least 10 each);
        derandomized, so runs are reproducible.
    batch, elements
        Batch sizes and the array elements strategy (small integers: the comparison is exact).
    dtype : "auto" or a NumPy dtype
        ``"auto"``: int64 data, switching to float64 for the run when ``fn`` raises on integers
        (said in the report); a dtype: the data are cast to it.
    layout, weight_layout : str
        ``"NCHW"`` (default), ``"NHWC"``, ``"NCL"``/``"NLC"``, ``"NCDHW"``/``"NDHWC"``; ``"OIHW"``
        (default) or ``"HWIO"``; see :mod:`convproof.testing.data`.
    arrays : {"numpy", "torch"}
        Pass NumPy arrays or torch tensors.
    max_failures : int
        Distinct failure classes to look for (each shrunk for at most ``shrink_seconds``).
    **spec_space
        What ``fn`` supports (see :mod:`convproof.testing.space`): ``padding_forms``, ``bias``,
        ``groups``, ``dilations``, ``isotropic``, ``odd_kernels``, ``spec_filter``, and the
        :func:`conv_specs` bounds (``strides``, ``max_size``, ``max_kernel``, ``padding``, ...).

    Returns
    -------
    CheckReport
        How many examples were checked and skipped (a mostly skipped run also warns).

    Raises
    ------
    AssertionError
        Each failure class with its smallest spec, the call with array shapes, the inputs, the
        count and full index of differing entries, and hints for signature/type mismatches.

    Examples
    --------
    >>> from convproof.numeric import reference
    >>> print(check_implementation(reference.conv, max_examples=5))  # doctest: +ELLIPSIS
    check_implementation(op='conv'): conv agrees with the exact reference on ... example(s); 0 skipped...
    >>> def no_stride(input, weight, bias=None, stride=1, **kw):
    ...     return reference.conv(input, weight, bias, **kw)
    >>> check_implementation(no_stride, max_examples=50, shrink_seconds=1)
    Traceback (most recent call last):
    ...
    AssertionError: check_implementation(op='conv'): no_stride returned the wrong shape...
    """
    from .torch_module import FixedLayer, is_conv_module, module_target

    if is_conv_module(fn) or isinstance(fn, FixedLayer):
        target = module_target(fn, batch=batch, **spec_space)
        if op is not None and op != target.op:
            raise fail("op", op, f"the module computes {target.op!r}")
    else:
        target = FunctionTarget(fn, op or "conv", dims, batch=batch, elements=elements, dtype=dtype,
                                layout=layout, weight_layout=weight_layout, arrays=arrays, **spec_space)
    if max_failures < 1:
        raise fail("max_failures", max_failures, "must be >= 1")
    failures, stats = run_search(target, max_examples, shrink_seconds, max_failures)
    if failures:
        raise AssertionError(_message(target, failures, stats))
    result = rp.CheckReport(target.op, target.label, len(stats.checked), len(stats.skipped), list(target.notes))
    if not stats.checked:
        why = ("every example was skipped (NotImplementedError)" if stats.skipped else
               "no example could be drawn: the spec-space options exclude every spec")
        raise AssertionError(f"{result}\nnothing was checked: {why}")
    if result.mostly_skipped:
        result.notes.append("most examples were skipped: restrict the spec space to what fn supports")
        warnings.warn(str(result), stacklevel=2)
    return result
