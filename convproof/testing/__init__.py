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

from ..verify.strategies import OPS, PADDING_KINDS, call_arguments, conv_arrays, conv_specs
from .check import SHRINK_SECONDS, check_implementation
from .frameworks import from_jax, onnx_layer
from .report import CheckReport
from .space import PADDING_FORMS

__all__ = ["check_implementation", "CheckReport", "conv_specs", "conv_arrays", "call_arguments", "OPS",
           "PADDING_KINDS", "PADDING_FORMS", "SHRINK_SECONDS", "from_jax", "onnx_layer"]
