"""Check your own convolution code: :func:`check_implementation`, framework adapters, Hypothesis strategies.

>>> from convproof.testing import check_implementation
>>> from convproof.numeric import conv
>>> report = check_implementation(conv, op="conv", dims=(1, 2), max_examples=20)

``check_implementation`` draws valid specs and small integer arrays, calls your function with the
arguments of the matching :mod:`convproof.numeric` function (torch.nn.functional / torch.nn.grad
order and layouts), and compares with the exact direct-loop reference
(:mod:`convproof.numeric.reference`). On a disagreement it raises ``AssertionError`` with each
distinct failure class (raised / wrong shape / wrong value) and its smallest spec. A
``torch.nn.Conv*d``/``ConvTranspose*d`` module is checked with its own weights; JAX functions and
one-node ONNX models through :func:`from_jax` and :func:`onnx_layer`. For pytest, the fixture
``conv_check`` (plugin :mod:`convproof.testing.pytest_plugin`) calls it.

Padding kinds for :func:`conv_specs` (``padding=``): ``"zero"``, ``"symmetric"`` (one int per
side, per dimension), ``"asymmetric"`` ((lo, hi) pairs), ``"same"`` (under ``same_conventions``),
``"valid"`` and ``"full"``.
"""

from importlib import import_module
from typing import Any

# Imported on first use (PEP 562), so that the pytest plugin in this package, which pytest loads
# at the start of every session where convproof is installed, costs about ``import convproof``.
_HOME = {"OPS": "..verify.strategies", "PADDING_KINDS": "..verify.strategies",
         "call_arguments": "..verify.strategies", "conv_arrays": "..verify.strategies",
         "conv_specs": "..verify.strategies", "SHRINK_SECONDS": ".check", "check_implementation": ".check",
         "from_jax": ".frameworks", "onnx_layer": ".frameworks", "CheckReport": ".report",
         "PADDING_FORMS": ".space"}

__all__ = ["check_implementation", "CheckReport", "conv_specs", "conv_arrays", "call_arguments", "OPS",
           "PADDING_KINDS", "PADDING_FORMS", "SHRINK_SECONDS", "from_jax", "onnx_layer"]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_HOME[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
